#pragma once
// The voice hotline channel's settings, "channels.hotline" of <config>/gridgate.json (every key
// optional):
//   {"token": "...", "spool_dir": "var/hotline-spool", "poll_ms": 1000, "settle_ms": 1000}
// overridden by GRIDGATE_HOTLINE_TOKEN, _HOTLINE_SPOOL.

#include <nlohmann/json.hpp>
#include <string>

#include "adapters/settings_common.h"

namespace gg {

struct HotlineSettings {
  std::string token;  // Bearer token for POST /hooks/hotline (secret); empty = hook refuses
  std::string spool_dir;
  Millis poll_ms = 1000;
  Millis settle_ms = 1000;
};

// Reads section (nullptr = absent: defaults), then the environment: invalidArgument naming the
// key on a wrong type, an unknown key, a poll_ms that is not positive or a negative settle_ms.
Status loadHotlineSettings(const nlohmann::json* section, const EnvReader& getenv, HotlineSettings* out);
// The settings with the token replaced by "set" or "unset".
nlohmann::json redactedHotlineSettings(const HotlineSettings& s);

}  // namespace gg
