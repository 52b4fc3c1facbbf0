#pragma once
// What every channel's settings loader shares (adapters/<channel>/<channel>_settings.*): the
// rate-limit shape and the readers of one "channels.<channel>" JSON object, each failing with
// invalidArgument naming the key, so a typo is caught by `gridgate check` rather than ignored.

#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace gg {

// At most `messages` sends per rolling `per_ms` window for one destination.
struct RateLimit {
  int messages = 20;
  Millis per_ms = kMinute;
};

// Reads an environment variable (nullptr = unset); tests pass their own.
using EnvReader = std::function<const char*(const char*)>;

namespace settings {

// invalidArgument unless obj is an object whose keys are all in allowed.
Status checkKeys(const nlohmann::json& obj, const std::string& where, std::set<std::string> allowed);
// Each reader leaves *out alone when the key is absent or null.
Status readString(const nlohmann::json& obj, const std::string& where, const char* key, std::string* out);
template <typename Int>
Status readInt(const nlohmann::json& obj, const std::string& where, const char* key, Int* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::ok();
  if (!it->is_number_integer()) return invalidArgument(where + "." + key + " must be an integer");
  *out = it->get<Int>();
  return Status::ok();
}
// {"messages": N, "per_seconds": S}, both positive.
Status readRate(const nlohmann::json& obj, const std::string& where, const char* key, RateLimit* out);
// A whole decimal integer (an environment value); invalidArgument naming name otherwise.
Status parseInt(const char* name, const std::string& text, int64_t* out);
// Empty, or starting with http:// or https://.
Status checkUrl(const std::string& name, const std::string& url);
std::string trimSlash(std::string url);
// Sets *out from the variable when it is set; returns whether it was.
bool readEnv(const EnvReader& getenv, const char* name, std::string* out);
// What a redacted dump shows for a secret.
const char* setOrUnset(const std::string& secret);
nlohmann::json rateJson(const RateLimit& r);

}  // namespace settings
}  // namespace gg
