#pragma once
// Open311 GeoReport v2 on the wire: its two formats (a path ending in .json or .xml), lists as
// JSON arrays or XML <root><item>…</item></root> in the spec's element names, its error list
// ([{"code", "description"}] / <errors><error>…), and the form-encoded bodies it posts. Nothing
// here knows tickets or services (server/open311_view.h builds the rows).

#include <httplib.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace gg::open311 {

enum class Format { kJson, kXml };

// Returns the format a path suffix names: kXml for "xml", kJson for anything else.
Format formatOf(std::string_view suffix);

// Returns the format of a path under /open311 that may not match any route: kXml when it ends
// in ".xml", else kJson (an unknown route answers in the format it asked for).
Format formatOfPath(std::string_view path);

// Renders rows as a GeoReport list: a JSON array of the objects, or an XML document
// <root><item>…</item>…</root> with one element per field in the row's order. In XML a null is
// an empty element, a bool true/false, an array field ("attributes") one element per entry named
// by its singular ("attribute"), and text loses the control characters XML 1.0 cannot carry.
std::string renderList(const std::vector<nlohmann::ordered_json>& rows, Format format,
                       const std::string& root, const std::string& item);

// Renders one object (the service definition): JSON as is, XML <root>fields</root>.
std::string renderObject(const nlohmann::ordered_json& object, Format format, const std::string& root);

// Writes body with http_status and the format's content type (UTF-8).
void reply(httplib::Response& res, int http_status, const std::string& body, Format format);

// Writes the GeoReport error list with one error: code = http_status (numeric), description for
// a person reading the client's log. The HTTP status is http_status.
void replyError(httplib::Response& res, int http_status, const std::string& description, Format format);

// Writes status as a GeoReport error: its HTTP status (httpStatus) and its message.
void replyStatus(httplib::Response& res, const Status& status, Format format);

// Parses an application/x-www-form-urlencoded body ("a=1&b=x+y%21") into name → value ('+' is a
// space, %HH a byte). InvalidArgument for a malformed %-escape, an empty name, a name given twice,
// more than max_fields fields, or a name or value that is not UTF-8.
Result<std::map<std::string, std::string>> parseForm(std::string_view body, size_t max_fields);

}  // namespace gg::open311
