#pragma once
// Endpoints, secrets and limits of every channel, read from the "channels" section of
// <config>/gridgate.json and overridable by GRIDGATE_* environment variables so tests and
// deployments can point them anywhere. Expected shape (every key optional):
//   "channels": {
//     "max_body_bytes": 1048576,
//     "max_pending_ingest": 64,
//     "onebot":  {…},   adapters/onebot/onebot_settings.h
//     "wecom":   {…},   adapters/wecom/wecom_settings.h
//     "hotline": {…},   adapters/hotline/hotline_settings.h
//     "sms":     {…},   adapters/sms/sms_settings.h
//     "retry_horizon_hours": {"onebot": 6, "wecom_app": 6, "wecom_robot": 6, "sms": 24},
//     "failure_alert_after": 5
//   }
// Unknown keys are errors, so a typo is caught by `gridgate check` rather than ignored.

#include <cstdlib>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/hotline/hotline_settings.h"
#include "adapters/onebot/onebot_settings.h"
#include "adapters/settings_common.h"
#include "adapters/sms/sms_settings.h"
#include "adapters/wecom/wecom_settings.h"
#include "core/channel.h"
#include "core/clock.h"
#include "core/result.h"

namespace gg {

// Every channel's settings: each channel folder has its own (<channel>/<channel>_settings.h,
// the readers they share in settings_common.h); this is their sum plus what is not one
// channel's (body limit, retry horizons, the failure alert).
struct ChannelSettings {
  using OneBot = OneBotSettings;
  using WeCom = WeComSettings;
  using Hotline = HotlineSettings;
  using Sms = SmsSettings;

  size_t max_body_bytes = 1024 * 1024;  // hooks answer 413 above this
  // Inbound messages the hooks hand to the pipeline at once (waiting for the write transaction
  // or in it), all hooks together; past it a hook answers 503 + Retry-After at once and stores
  // nothing. 64 keeps the wait of an admitted message to about 64 commits' worth (tens of ms on
  // two cores, bench/ingest.sh) while 64 connections of a busy platform never see a refusal.
  int max_pending_ingest = 64;
  OneBot onebot;
  WeCom wecom;
  Hotline hotline;
  Sms sms;
  // How long a failing message is retried per outbound channel before it is dead; a channel not
  // listed uses the dispatcher's default (6 hours).
  std::map<Channel, Millis> retry_horizons;
  int failure_alert_after = 5;  // consecutive failed sends of a channel: one alert, /healthz degraded

  // Returns the settings as JSON with every secret replaced by "set" or "unset"; safe to log or
  // serve from the API.
  nlohmann::json redactedJson() const;

  // The WeCom robot's webhook URL for a group (WeComSettings::robotUrl), or "".
  std::string robotUrl(const std::string& group_id) const { return wecom.robotUrl(group_id); }
};

// Builds settings from the "channels" JSON section (null or missing = defaults) and applies the
// environment overrides GRIDGATE_ONEBOT_API, _ONEBOT_ACCESS_TOKEN, _ONEBOT_SECRET, _ONEBOT_WS,
// _ONEBOT_WS_LISTEN, _WECOM_API, _WECOM_CORP_ID, _WECOM_CORP_SECRET, _WECOM_AGENT_ID,
// _WECOM_TOKEN, _WECOM_AES_KEY, _WECOM_REPLAY_WINDOW, _HOTLINE_TOKEN, _HOTLINE_SPOOL, _SMS_API,
// _SMS_TOKEN, _SMS_INBOUND_TOKEN (each channel's loader reads its own). Fails with
// invalidArgument naming the key on a wrong type, an unknown key, a URL not starting with
// http(s)://, a malformed AES key, a non-numeric agent id / window, a non-positive rate limit, or
// WeCom callbacks half configured (token without aes_key or corp_id, or the reverse).
Result<ChannelSettings> loadChannelSettings(
    const nlohmann::json& channels_section,
    std::function<const char*(const char*)> getenv = ::getenv);

}  // namespace gg
