#include "server/open311_format.h"

#include <pugixml.hpp>

#include <sstream>

#include "core/text.h"

namespace gg::open311 {
namespace {

// XML 1.0 has no way to write C0 controls other than tab, newline and carriage return (not even
// as &#1;): a resident's text that carries one would make the document unreadable.
std::string xmlText(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    out += c;
  }
  return out;
}

// The element name of one entry of an array field: "attributes" → "attribute".
std::string singular(const std::string& name) {
  if (name.size() > 1 && name.back() == 's') return name.substr(0, name.size() - 1);
  return name + "_item";
}

void appendField(pugi::xml_node parent, const std::string& name, const nlohmann::ordered_json& v) {
  pugi::xml_node el = parent.append_child(name.c_str());
  if (v.is_null()) return;
  if (v.is_array()) {
    const std::string entry = singular(name);
    for (const auto& x : v) appendField(el, entry, x);
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) appendField(el, it.key(), it.value());
  } else if (v.is_string()) {
    el.text().set(xmlText(v.get<std::string>()).c_str());
  } else if (v.is_boolean()) {
    el.text().set(v.get<bool>() ? "true" : "false");
  } else {
    el.text().set(v.dump().c_str());
  }
}

std::string saveXml(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

pugi::xml_node startDocument(pugi::xml_document& doc, const std::string& root) {
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  return doc.append_child(root.c_str());
}

std::string dumpJson(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> decodeComponent(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      const int hi = i + 2 < s.size() ? hexValue(s[i + 1]) : -1;
      const int lo = i + 2 < s.size() ? hexValue(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) return invalidArgument("malformed %-escape in the form body");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  if (!isValidUtf8(out)) return invalidArgument("the form body is not UTF-8");
  return out;
}

}  // namespace

Format formatOf(std::string_view suffix) { return suffix == "xml" ? Format::kXml : Format::kJson; }

Format formatOfPath(std::string_view path) {
  static constexpr std::string_view kXml = ".xml";
  const bool xml = path.size() >= kXml.size() && path.substr(path.size() - kXml.size()) == kXml;
  return xml ? Format::kXml : Format::kJson;
}

std::string renderList(const std::vector<nlohmann::ordered_json>& rows, Format format,
                       const std::string& root, const std::string& item) {
  if (format == Format::kJson) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& r : rows) list.push_back(r);
    return dumpJson(list);
  }
  pugi::xml_document doc;
  pugi::xml_node top = startDocument(doc, root);
  for (const auto& r : rows) appendField(top, item, r);
  return saveXml(doc);
}

std::string renderObject(const nlohmann::ordered_json& object, Format format, const std::string& root) {
  if (format == Format::kJson) return dumpJson(object);
  pugi::xml_document doc;
  pugi::xml_node top = startDocument(doc, root);
  for (auto it = object.begin(); it != object.end(); ++it) appendField(top, it.key(), it.value());
  return saveXml(doc);
}

void reply(httplib::Response& res, int http_status, const std::string& body, Format format) {
  res.status = http_status;
  res.set_content(body, format == Format::kXml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8");
}

void replyError(httplib::Response& res, int http_status, const std::string& description, Format format) {
  nlohmann::ordered_json e;
  e["code"] = http_status;
  e["description"] = description;
  reply(res, http_status, renderList({e}, format, "errors", "error"), format);
}

void replyStatus(httplib::Response& res, const Status& status, Format format) {
  replyError(res, httpStatus(status.code()), status.message(), format);
}

Result<std::map<std::string, std::string>> parseForm(std::string_view body, size_t max_fields) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t end = body.find('&', pos);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view pair = body.substr(pos, end - pos);
    pos = end + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto name = decodeComponent(pair.substr(0, eq));
    if (!name.isOk()) return name.status();
    auto value = decodeComponent(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!value.isOk()) return value.status();
    if (name->empty()) return invalidArgument("a form field without a name");
    if (out.count(*name)) return invalidArgument("form field \"" + name->substr(0, 40) + "\" given twice");
    if (out.size() >= max_fields) return invalidArgument("too many form fields");
    out.emplace(std::move(name).value(), std::move(value).value());
  }
  return out;
}

}  // namespace gg::open311
