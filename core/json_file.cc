#include "core/json_file.h"

#include <fstream>
#include <sstream>

namespace gg {

Result<nlohmann::json> parseJsonText(const std::string& text, const std::string& origin) {
  try {
    return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based position of the offending byte; turn it into line:column.
    size_t line = 1, col = 1;
    const size_t limit = std::min<size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
    for (size_t i = 0; i < limit; ++i) {
      if (text[i] == '\n') { ++line; col = 1; }
      else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) { ++col; }
    }
    std::string what = e.what();
    const auto pos = what.find("parse error");
    if (pos != std::string::npos) what = what.substr(pos);
    return invalidArgument(origin + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " +
                           what);
  }
}

Result<std::string> readTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return notFound(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<nlohmann::json> readJsonFile(const std::string& path) {
  auto text = readTextFile(path);
  if (!text.isOk()) return text.status();
  return parseJsonText(*text, path);
}

Status rejectUnknownKeys(const nlohmann::json& obj, std::initializer_list<const char*> known,
                         const std::string& where) {
  if (!obj.is_object()) return invalidArgument(where + ": must be an object");
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& key = it.key();
    if (!key.empty() && key[0] == '_') continue;
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (ok) continue;
    std::string list;
    for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    return invalidArgument(where + "." + key + ": unknown key (known: " + list + ")");
  }
  return Status::ok();
}

}  // namespace gg
