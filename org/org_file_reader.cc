#include "org/org_file_reader.h"

#include <algorithm>
#include <iterator>
#include <set>

#include "core/phone_kind.h"
#include "core/text.h"

namespace gg::org_detail {

const char* const kDepartmentKinds[] = {"property",
                                        "water",
                                        "power",
                                        "gas",
                                        "heating",
                                        "urban_management",
                                        "police",
                                        "civil_affairs",
                                        "medical_insurance",
                                        "human_resources",
                                        "market_supervision",
                                        "fire",
                                        "sanitation",
                                        "housing",
                                        "health",
                                        "education",
                                        "transport",
                                        "telecom",
                                        "other"};
const size_t kDepartmentKindCount = std::size(kDepartmentKinds);

std::string quote(const std::string& s) { return "\"" + s + "\""; }

std::string typeName(const json& v) {
  if (v.is_string()) return "a string";
  if (v.is_number()) return "a number";
  if (v.is_boolean()) return "a boolean";
  if (v.is_array()) return "an array";
  if (v.is_object()) return "an object";
  return "null";
}

bool isValidId(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return s.front() != '-' && s.front() != '_';
}

bool allDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "HH:MM" into minutes since midnight; "24:00" only when allow_24 (end of day).
std::optional<int> parseClock(const std::string& s, bool allow_24) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  if (!allDigits(s.substr(0, 2)) || !allDigits(s.substr(3, 2))) return std::nullopt;
  const int h = std::stoi(s.substr(0, 2));
  const int m = std::stoi(s.substr(3, 2));
  if (m > 59) return std::nullopt;
  if (h == 24 && m == 0 && allow_24) return 24 * 60;
  if (h > 23) return std::nullopt;
  return h * 60 + m;
}

// "1-5", "6,7", "1-3,6" into sorted weekdays 1..7.
std::optional<std::vector<int>> parseDays(const std::string& s) {
  std::set<int> days;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    std::string item = s.substr(start, comma - start);
    item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
    const size_t dash = item.find('-');
    const std::string a = dash == std::string::npos ? item : item.substr(0, dash);
    const std::string b = dash == std::string::npos ? item : item.substr(dash + 1);
    if (a.size() != 1 || b.size() != 1 || !allDigits(a) || !allDigits(b)) return std::nullopt;
    const int from = a[0] - '0', to = b[0] - '0';
    if (from < 1 || to > 7 || from > to) return std::nullopt;
    for (int d = from; d <= to; ++d) days.insert(d);
    start = comma + 1;
  }
  return std::vector<int>(days.begin(), days.end());
}

void FileReader::error(const std::string& path, const std::string& problem) {
  errors_->push_back(file_ + ": " + path + ": " + problem);
}

bool FileReader::expectObject(const json& v, const std::string& path) {
  if (v.is_object()) return true;
  error(path, "expected an object, got " + typeName(v));
  return false;
}

void FileReader::checkKeys(const json& obj, const std::string& path,
                           std::initializer_list<const char*> allowed) {
  for (const auto& [key, value] : obj.items()) {
    if (!key.empty() && key[0] == '_') continue;
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) error(path, "unknown key " + quote(key));
  }
}

const json* FileReader::member(const json& obj, const std::string& path, const char* key,
                               bool required) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) error(path, "missing required field " + quote(key));
    return nullptr;
  }
  return &*it;
}

std::string FileReader::string(const json& obj, const std::string& path, const char* key,
                               bool required, bool allow_int) {
  const json* v = member(obj, path, key, required);
  if (!v) return "";
  return stringValue(*v, path + "." + key, allow_int);
}

std::string FileReader::stringValue(const json& v, const std::string& path, bool allow_int) {
  if (allow_int && v.is_number_integer() && v.get<int64_t>() >= 0) {
    return std::to_string(v.get<int64_t>());
  }
  if (!v.is_string()) {
    error(path, std::string("expected a string") + (allow_int ? " or an integer" : "") + ", got " +
                    typeName(v));
    return "";
  }
  std::string s = v.get<std::string>();
  if (s.empty()) error(path, "must not be empty");
  return s;
}

std::string FileReader::id(const json& obj, const std::string& path) {
  std::string s = string(obj, path, "id", true);
  if (!s.empty() && !isValidId(s)) {
    error(path + ".id", quote(s) +
                            " is not a valid id (lower-case letters, digits, '-' and '_', at "
                            "most 64, not starting with '-' or '_')");
    return "";
  }
  return s;
}

std::string FileReader::phone(const json& obj, const std::string& path, bool required) {
  std::string s = string(obj, path, "phone", required);
  if (!s.empty() && !isPhoneNumber(s)) {
    error(path + ".phone", quote(s) + " is not a phone number");
    return "";
  }
  return s;
}

std::string FileReader::onebotUserId(const json& obj, const std::string& path) {
  std::string s = string(obj, path, "onebot_user_id", false, /*allow_int=*/true);
  if (!s.empty() && !allDigits(s)) {
    error(path + ".onebot_user_id", quote(s) + " is not a OneBot user id (digits only)");
    return "";
  }
  return s;
}

const json* FileReader::array(const json& obj, const std::string& path, const char* key,
                              bool required) {
  const json* v = member(obj, path, key, required);
  if (!v) return nullptr;
  if (!v->is_array()) {
    error(path + "." + key, "expected an array, got " + typeName(*v));
    return nullptr;
  }
  return v;
}

std::vector<std::string> FileReader::stringList(const json& obj, const std::string& path,
                                                const char* key, bool allow_int) {
  std::vector<std::string> out;
  const json* arr = array(obj, path, key, false);
  if (!arr) return out;
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string s =
        stringValue((*arr)[i], path + "." + key + "[" + std::to_string(i) + "]", allow_int);
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> FileReader::channelList(const json& obj, const std::string& path,
                                                 const char* key) {
  std::vector<std::string> out = stringList(obj, path, key);
  std::set<std::string> seen;
  for (size_t i = 0; i < out.size(); ++i) {
    const std::string at = path + "." + key + "[" + std::to_string(i) + "]";
    if (out[i] != "wecom_app" && out[i] != "onebot" && out[i] != "sms" && out[i] != "onebot_group") {
      error(at, quote(out[i]) + " is not a staff channel (wecom_app, onebot, sms or onebot_group)");
    } else if (!seen.insert(out[i]).second) {
      error(at, quote(out[i]) + " is listed twice");
    }
  }
  return out;
}

Contact FileReader::contact(const json& v, const std::string& path) {
  Contact c;
  if (!expectObject(v, path)) return c;
  checkKeys(v, path,
            {"name", "phone", "wecom_userid", "onebot_user_id", "mobile", "onebot_group", "channels"});
  c.name = string(v, path, "name", true);
  c.phone = phone(v, path, true);
  c.wecom_userid = string(v, path, "wecom_userid", false);
  c.onebot_user_id = onebotUserId(v, path);
  c.mobile = string(v, path, "mobile", false);
  // A "mobile" exists only to receive SMS, so a landline there is a mistake worth stopping on.
  if (!c.mobile.empty() && !isMobileNumber(c.mobile)) {
    error(path + ".mobile", quote(c.mobile) + " is not a mobile number");
    c.mobile.clear();
  }
  c.onebot_group = string(v, path, "onebot_group", false, /*allow_int=*/true);
  if (!c.onebot_group.empty() && !allDigits(c.onebot_group)) {
    error(path + ".onebot_group", quote(c.onebot_group) + " is not a OneBot group number");
    c.onebot_group.clear();
  }
  c.channels = channelList(v, path, "channels");
  if (std::find(c.channels.begin(), c.channels.end(), "onebot_group") != c.channels.end() &&
      c.onebot_group.empty()) {
    error(path + ".channels", "\"onebot_group\" needs the contact's onebot_group (a group number)");
  }
  return c;
}

}  // namespace gg::org_detail
