#include "adapters/channel_settings.h"

namespace gg {

using nlohmann::json;
using namespace settings;

Result<ChannelSettings> loadChannelSettings(const json& section,
                                            std::function<const char*(const char*)> getenv) {
  ChannelSettings s;
  json empty = json::object();
  const json& root = section.is_null() ? empty : section;
  GG_RETURN_IF_ERROR(checkKeys(root, "channels", {"max_body_bytes", "max_pending_ingest", "onebot", "wecom",
                                                  "hotline", "sms", "retry_horizon_hours",
                                                  "failure_alert_after"}));
  if (root.contains("retry_horizon_hours")) {
    const json& h = root["retry_horizon_hours"];
    const std::string w = "channels.retry_horizon_hours";
    GG_RETURN_IF_ERROR(checkKeys(h, w, {"onebot", "wecom_app", "wecom_robot", "sms"}));
    for (auto it = h.begin(); it != h.end(); ++it) {
      // At most a month: beyond that a message is history, not a reply.
      if (!it->is_number() || it->get<double>() <= 0 || it->get<double>() > 24 * 31) {
        return invalidArgument(w + "." + it.key() + " must be a number of hours in (0, 744]");
      }
      // checkKeys above admitted only channel names.
      s.retry_horizons[*parseChannel(it.key())] = static_cast<Millis>(it->get<double>() * kHour);
    }
  }
  GG_RETURN_IF_ERROR(readInt(root, "channels", "failure_alert_after", &s.failure_alert_after));
  if (s.failure_alert_after < 1) return invalidArgument("channels.failure_alert_after must be positive");
  GG_RETURN_IF_ERROR(readInt(root, "channels", "max_body_bytes", &s.max_body_bytes));
  if (s.max_body_bytes == 0) return invalidArgument("channels.max_body_bytes must be positive");
  GG_RETURN_IF_ERROR(readInt(root, "channels", "max_pending_ingest", &s.max_pending_ingest));
  // The upper bound: beyond it the bound no longer bounds latency (the server's own
  // max_connections is 512 by default).
  if (s.max_pending_ingest < 1 || s.max_pending_ingest > 100000) {
    return invalidArgument("channels.max_pending_ingest must be an integer in [1, 100000]");
  }

  // Each channel reads its own section and environment variables, and checks them.
  const auto part = [&root](const char* name) { return root.contains(name) ? &root[name] : nullptr; };
  GG_RETURN_IF_ERROR(loadOneBotSettings(part("onebot"), getenv, &s.onebot));
  GG_RETURN_IF_ERROR(loadWeComSettings(part("wecom"), getenv, &s.wecom));
  GG_RETURN_IF_ERROR(loadHotlineSettings(part("hotline"), getenv, &s.hotline));
  GG_RETURN_IF_ERROR(loadSmsSettings(part("sms"), getenv, &s.sms));
  return s;
}

json ChannelSettings::redactedJson() const {
  return json{
      {"max_body_bytes", max_body_bytes},
      {"max_pending_ingest", max_pending_ingest},
      {"onebot", redactedOneBotSettings(onebot)},
      {"wecom", redactedWeComSettings(wecom)},
      {"sms", redactedSmsSettings(sms)},
      {"hotline", redactedHotlineSettings(hotline)},
  };
}

}  // namespace gg
