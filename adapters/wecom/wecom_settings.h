#pragma once
// The WeCom (企业微信) channel's settings, "channels.wecom" of <config>/gridgate.json (every key
// optional):
//   {"api": "https://qyapi.weixin.qq.com", "corp_id": "ww...", "corp_secret": "...",
//    "agent_id": 1000002, "token": "...", "aes_key": "<43 chars>",
//    "replay_window_seconds": 300,
//    "robots": {"<group id>": "<robot key or full webhook URL>"},
//    "robot_rate_limit": {"messages": 20, "per_seconds": 60},
//    "app_rate_limit": {"messages": 30, "per_seconds": 60}}
// overridden by GRIDGATE_WECOM_API, _WECOM_CORP_ID, _WECOM_CORP_SECRET, _WECOM_AGENT_ID,
// _WECOM_TOKEN, _WECOM_AES_KEY, _WECOM_REPLAY_WINDOW.

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/settings_common.h"

namespace gg {

struct WeComSettings {
  std::string api_base = "https://qyapi.weixin.qq.com";
  std::string corp_id;
  std::string corp_secret;  // app secret for gettoken (secret)
  int64_t agent_id = 0;
  std::string token;                          // callback signature token (secret)
  std::string aes_key;                        // EncodingAESKey, 43 chars (secret)
  int replay_window_seconds = 300;            // 0 = off
  std::map<std::string, std::string> robots;  // group id -> robot key or webhook URL (secret)
  RateLimit robot_rate;                       // per robot: 20 / minute is the platform's limit
  RateLimit app_rate{30, kMinute};            // per worker: 30 / minute is the platform's limit

  // Returns the webhook URL for a group's robot (a configured key becomes
  // <api>/cgi-bin/webhook/send?key=<key>; a full URL is used as is), or "" if none is configured.
  std::string robotUrl(const std::string& group_id) const;
};

// Reads section (nullptr = absent: defaults), then the environment, then checks the result:
// invalidArgument naming the key on a wrong type, an unknown key, a URL that is not http(s)://,
// a malformed AES key, a non-numeric or negative agent id / window, a non-positive rate limit,
// or callbacks half configured (token without aes_key or corp_id, or the reverse).
Status loadWeComSettings(const nlohmann::json* section, const EnvReader& getenv, WeComSettings* out);
// The settings with every secret replaced by "set" or "unset".
nlohmann::json redactedWeComSettings(const WeComSettings& s);

}  // namespace gg
