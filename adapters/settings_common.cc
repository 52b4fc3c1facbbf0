#include "adapters/settings_common.h"

#include <charconv>

namespace gg::settings {

using nlohmann::json;

Status checkKeys(const json& obj, const std::string& where, std::set<std::string> allowed) {
  if (!obj.is_object()) return invalidArgument(where + " must be an object");
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (allowed.count(it.key()) == 0)
      return invalidArgument("unknown key " + where + "." + it.key());
  }
  return Status::ok();
}

Status readString(const json& obj, const std::string& where, const char* key, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::ok();
  if (!it->is_string()) return invalidArgument(where + "." + key + " must be a string");
  *out = it->get<std::string>();
  return Status::ok();
}

Status readRate(const json& obj, const std::string& where, const char* key, RateLimit* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::ok();
  std::string w = where + "." + key;
  GG_RETURN_IF_ERROR(checkKeys(*it, w, {"messages", "per_seconds"}));
  int64_t per_s = out->per_ms / kSecond;
  GG_RETURN_IF_ERROR(readInt(*it, w, "messages", &out->messages));
  GG_RETURN_IF_ERROR(readInt(*it, w, "per_seconds", &per_s));
  if (out->messages <= 0 || per_s <= 0) return invalidArgument(w + " must be positive");
  out->per_ms = per_s * kSecond;
  return Status::ok();
}

Status parseInt(const char* name, const std::string& text, int64_t* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return invalidArgument(std::string(name) + " must be an integer");
  }
  return Status::ok();
}

Status checkUrl(const std::string& name, const std::string& url) {
  if (url.empty() || url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) {
    return Status::ok();
  }
  return invalidArgument(name + " must start with http:// or https://");
}

std::string trimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

bool readEnv(const EnvReader& getenv, const char* name, std::string* out) {
  const char* v = getenv ? getenv(name) : nullptr;
  if (v != nullptr) *out = v;
  return v != nullptr;
}

const char* setOrUnset(const std::string& secret) { return secret.empty() ? "unset" : "set"; }

json rateJson(const RateLimit& r) { return json{{"messages", r.messages}, {"per_seconds", r.per_ms / kSecond}}; }

}  // namespace gg::settings
