// Internal to org/: the checked reader of one organisation config file and the small parsers the
// loader shares. Every problem is reported as `file: $.json.path: problem` and reading goes on,
// so one `gridgate check` run lists every mistake in a street's config at once.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "org/model.h"

namespace gg::org_detail {

using nlohmann::json;

// The department kinds a street may configure (departments.json "kind").
extern const char* const kDepartmentKinds[];
extern const size_t kDepartmentKindCount;

std::string quote(const std::string& s);
std::string typeName(const json& v);
// Lower-case letters, digits, '-' and '_', at most 64, not starting with '-' or '_'.
bool isValidId(const std::string& s);
bool allDigits(const std::string& s);
// Parses "HH:MM" into minutes since midnight; "24:00" only when allow_24 (end of day).
std::optional<int> parseClock(const std::string& s, bool allow_24);
// Parses "1-5", "6,7", "1-3,6" into sorted weekdays 1..7.
std::optional<std::vector<int>> parseDays(const std::string& s);

// Reads and checks one config file. Every problem is recorded with the file and the JSON path;
// accessors return empty values on error so reading continues and all problems are found.
class FileReader {
 public:
  FileReader(std::string file, std::vector<std::string>* errors)
      : file_(std::move(file)), errors_(errors) {}
  const std::string& file() const { return file_; }
  void error(const std::string& path, const std::string& problem);
  bool expectObject(const json& v, const std::string& path);
  // Reports keys outside `allowed` (keys starting with "_" are free-form notes).
  void checkKeys(const json& obj, const std::string& path,
                 std::initializer_list<const char*> allowed);
  // Returns the member or nullptr; a missing required member is an error.
  const json* member(const json& obj, const std::string& path, const char* key, bool required);
  // Reads a non-empty string member. allow_int accepts a JSON integer (OneBot numbers).
  std::string string(const json& obj, const std::string& path, const char* key, bool required,
                     bool allow_int = false);
  std::string stringValue(const json& v, const std::string& path, bool allow_int);
  // Reads an id member: required, lower-case letters, digits, '-' and '_'.
  std::string id(const json& obj, const std::string& path);
  std::string phone(const json& obj, const std::string& path, bool required);
  std::string onebotUserId(const json& obj, const std::string& path);
  // Returns the array member (possibly absent -> nullptr); wrong type is an error.
  const json* array(const json& obj, const std::string& path, const char* key, bool required);
  std::vector<std::string> stringList(const json& obj, const std::string& path, const char* key,
                                      bool allow_int = false);
  // Reads a reach order: each entry one of the channels staff can be reached by, once.
  std::vector<std::string> channelList(const json& obj, const std::string& path, const char* key);
  Contact contact(const json& v, const std::string& path);

 private:
  std::string file_;
  std::vector<std::string>* errors_;
};

}  // namespace gg::org_detail
