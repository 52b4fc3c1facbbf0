#pragma once
// The SMS channel's settings, "channels.sms" of <config>/gridgate.json (every key optional):
//   {"api": "https://sms-gateway.example/send", "token": "...", "inbound_token": "...",
//    "rate_limit": {"messages": 30, "per_seconds": 3600}}
// overridden by GRIDGATE_SMS_API, _SMS_TOKEN, _SMS_INBOUND_TOKEN.

#include <nlohmann/json.hpp>
#include <string>

#include "adapters/settings_common.h"

namespace gg {

struct SmsSettings {
  std::string api;    // SMS gateway send endpoint (adapters/sms/sms_sender.h); empty = rows wait
  std::string token;  // Bearer token for it (secret)
  std::string inbound_token;  // Bearer token for POST /hooks/sms (secret); empty = hook refuses
  RateLimit rate{30, kHour};  // per number: carriers throttle texts to one phone
};

// Reads section (nullptr = absent: defaults), then the environment, then checks the result:
// invalidArgument naming the key on a wrong type, an unknown key, an api that is not
// http(s)://, a non-positive rate limit.
Status loadSmsSettings(const nlohmann::json* section, const EnvReader& getenv, SmsSettings* out);
// The settings with every secret replaced by "set" or "unset".
nlohmann::json redactedSmsSettings(const SmsSettings& s);

}  // namespace gg
