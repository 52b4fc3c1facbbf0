#pragma once
// Endpoints, secrets and limits of every channel, read from the "channels" section of
// <config>/gridgate.json and overridable by GRIDGATE_* environment variables so tests and
// deployments can point them anywhere. Expected shape (every key optional):
//   "channels": {
//     "max_body_bytes": 1048576,
//     "onebot":  {"api": "http://127.0.0.1:5700", "access_token": "...", "secret": "...",
//                 "rate_limit": {"messages": 20, "per_seconds": 60},
//                 "ws_listen": "127.0.0.1:8081", "ws_url": "ws://127.0.0.1:3001",
//                 "call_timeout_ms": 10000, "offline_after_seconds": 60,
//                 "group_accounts": {"<group id>": "<self_id>"}},
//     "wecom":   {"api": "https://qyapi.weixin.qq.com", "corp_id": "ww...", "corp_secret": "...",
//                 "agent_id": 1000002, "token": "...", "aes_key": "<43 chars>",
//                 "replay_window_seconds": 300,
//                 "robots": {"<group id>": "<robot key or full webhook URL>"},
//                 "robot_rate_limit": {"messages": 20, "per_seconds": 60},
//                 "app_rate_limit": {"messages": 30, "per_seconds": 60}},
//     "hotline": {"token": "...", "spool_dir": "var/hotline-spool", "poll_ms": 1000,
//                 "settle_ms": 1000},
//     "sms":     {"api": "https://sms-gateway.example/send", "token": "...",
//                 "inbound_token": "...", "rate_limit": {"messages": 30, "per_seconds": 3600}},
//     "retry_horizon_hours": {"onebot": 6, "wecom_app": 6, "wecom_robot": 6, "sms": 24},
//     "failure_alert_after": 5
//   }
// Unknown keys are errors, so a typo is caught by `gridgate check` rather than ignored.

#include <cstdlib>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace gg {

// At most `messages` sends per rolling `per_ms` window for one destination.
struct RateLimit {
  int messages = 20;
  Millis per_ms = kMinute;
};

struct ChannelSettings {
  struct OneBot {
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
  struct WeCom {
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
  };
  struct Hotline {
    std::string token;  // Bearer token for POST /hooks/hotline (secret); empty = hook refuses
    std::string spool_dir;
    Millis poll_ms = 1000;
    Millis settle_ms = 1000;
  };

  struct Sms {
    std::string api;    // SMS gateway send endpoint (adapters/sms/sms_sender.h); empty = rows wait
    std::string token;  // Bearer token for it (secret)
    std::string inbound_token;  // Bearer token for POST /hooks/sms (secret); empty = hook refuses
    RateLimit rate{30, kHour};  // per number: carriers throttle texts to one phone
  };

  size_t max_body_bytes = 1024 * 1024;  // hooks answer 413 above this
  OneBot onebot;
  WeCom wecom;
  Hotline hotline;
  Sms sms;
  // How long a failing message is retried per outbound channel before it is dead; a channel not
  // listed uses the dispatcher's default (6 hours).
  std::map<std::string, Millis> retry_horizons;
  int failure_alert_after = 5;  // consecutive failed sends of a channel: one alert, /healthz degraded

  // Returns the settings as JSON with every secret replaced by "set" or "unset"; safe to log or
  // serve from the API.
  nlohmann::json redactedJson() const;

  // Returns the webhook URL for a group's robot (a configured key becomes
  // <api>/cgi-bin/webhook/send?key=<key>; a full URL is used as is), or "" if none is configured.
  std::string robotUrl(const std::string& group_id) const;
};

// Builds settings from the "channels" JSON section (null or missing = defaults) and applies the
// environment overrides GRIDGATE_ONEBOT_API, _ONEBOT_ACCESS_TOKEN, _ONEBOT_SECRET, _WECOM_API,
// _WECOM_CORP_ID, _WECOM_CORP_SECRET, _WECOM_AGENT_ID, _WECOM_TOKEN, _WECOM_AES_KEY,
// _WECOM_REPLAY_WINDOW, _HOTLINE_TOKEN, _HOTLINE_SPOOL, _SMS_API, _SMS_TOKEN,
// _SMS_INBOUND_TOKEN. Fails with
// invalidArgument naming the key on a wrong type, an unknown key, a URL not starting with
// http(s)://, a malformed AES key, a non-numeric agent id / window, a non-positive rate limit, or
// WeCom callbacks half configured (token without aes_key or corp_id, or the reverse).
Result<ChannelSettings> loadChannelSettings(
    const nlohmann::json& channels_section,
    std::function<const char*(const char*)> getenv = ::getenv);

}  // namespace gg
