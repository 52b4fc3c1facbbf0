#pragma once
// The OneBot channel's settings, "channels.onebot" of <config>/gridgate.json (every key
// optional):
//   {"api": "http://127.0.0.1:5700", "access_token": "...", "secret": "...",
//    "rate_limit": {"messages": 20, "per_seconds": 60},
//    "ws_listen": "127.0.0.1:8081", "ws_url": "ws://127.0.0.1:3001",
//    "call_timeout_ms": 10000, "offline_after_seconds": 60,
//    "group_accounts": {"<group id>": "<self_id>"}}
// overridden by GRIDGATE_ONEBOT_API, _ONEBOT_ACCESS_TOKEN, _ONEBOT_SECRET, _ONEBOT_WS,
// _ONEBOT_WS_LISTEN.

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/settings_common.h"

namespace gg {

struct OneBotSettings {
  std::string api_base;      // client HTTP API, e.g. http://127.0.0.1:5700; empty = no sends
  std::string access_token;  // Bearer token for the API (secret)
  std::string secret;        // HMAC key for X-Signature on reported events (secret)
  RateLimit group_rate;      // per group / per private chat
  // WebSocket (adapters/onebot/ws_*). ws_listen "HOST:PORT": reverse WebSocket, the client
  // connects to ws://HOST:PORT/onebot/v11/ws. ws_url "ws://…": forward WebSocket, gridgate
  // connects to the client. Either makes the WebSocket the way rows are sent.
  std::string ws_listen;
  std::string ws_host;  // ws_listen split
  int ws_port = 0;
  std::string ws_url;
  Millis call_timeout_ms = 10 * kSecond;    // an API call over the socket unanswered by then: retry
  Millis offline_after_ms = kMinute;        // disconnected longer than this: offline, alert
  std::map<std::string, std::string> group_accounts;  // group id -> self_id that sends there
  bool websocket() const { return !ws_listen.empty() || !ws_url.empty(); }
};

// Reads section (nullptr = absent: defaults), then the environment, then checks the result:
// invalidArgument naming the key on a wrong type, an unknown key, a URL that is not http(s)://
// (api) or ws:// (ws_url), a ws_listen that is not HOST:PORT, a non-positive timeout.
Status loadOneBotSettings(const nlohmann::json* section, const EnvReader& getenv, OneBotSettings* out);
// The settings with every secret replaced by "set" or "unset".
nlohmann::json redactedOneBotSettings(const OneBotSettings& s);

}  // namespace gg
