#include "adapters/wecom/wecom_settings.h"

#include "adapters/wecom/wecom_crypt.h"

namespace gg {
namespace {

using nlohmann::json;
using namespace settings;

Status readJson(const json& o, WeComSettings* s) {
  const std::string w = "channels.wecom";
  GG_RETURN_IF_ERROR(
      checkKeys(o, w,
                {"api", "corp_id", "corp_secret", "agent_id", "token", "aes_key",
                 "replay_window_seconds", "robots", "robot_rate_limit", "app_rate_limit"}));
  GG_RETURN_IF_ERROR(readString(o, w, "api", &s->api_base));
  GG_RETURN_IF_ERROR(readString(o, w, "corp_id", &s->corp_id));
  GG_RETURN_IF_ERROR(readString(o, w, "corp_secret", &s->corp_secret));
  GG_RETURN_IF_ERROR(readInt(o, w, "agent_id", &s->agent_id));
  GG_RETURN_IF_ERROR(readString(o, w, "token", &s->token));
  GG_RETURN_IF_ERROR(readString(o, w, "aes_key", &s->aes_key));
  GG_RETURN_IF_ERROR(readInt(o, w, "replay_window_seconds", &s->replay_window_seconds));
  GG_RETURN_IF_ERROR(readRate(o, w, "robot_rate_limit", &s->robot_rate));
  GG_RETURN_IF_ERROR(readRate(o, w, "app_rate_limit", &s->app_rate));
  if (o.contains("robots")) {
    const json& r = o["robots"];
    if (!r.is_object()) return invalidArgument(w + ".robots must be an object");
    for (auto it = r.begin(); it != r.end(); ++it) {
      if (!it->is_string() || it->get<std::string>().empty()) {
        return invalidArgument(w + ".robots." + it.key() + " must be a non-empty string");
      }
      s->robots[it.key()] = it->get<std::string>();
    }
  }
  return Status::ok();
}

}  // namespace

Status loadWeComSettings(const json* section, const EnvReader& getenv, WeComSettings* s) {
  if (section) GG_RETURN_IF_ERROR(readJson(*section, s));
  readEnv(getenv, "GRIDGATE_WECOM_API", &s->api_base);
  readEnv(getenv, "GRIDGATE_WECOM_CORP_ID", &s->corp_id);
  readEnv(getenv, "GRIDGATE_WECOM_CORP_SECRET", &s->corp_secret);
  readEnv(getenv, "GRIDGATE_WECOM_TOKEN", &s->token);
  readEnv(getenv, "GRIDGATE_WECOM_AES_KEY", &s->aes_key);
  std::string text;
  if (readEnv(getenv, "GRIDGATE_WECOM_AGENT_ID", &text)) {
    GG_RETURN_IF_ERROR(parseInt("GRIDGATE_WECOM_AGENT_ID", text, &s->agent_id));
  }
  if (readEnv(getenv, "GRIDGATE_WECOM_REPLAY_WINDOW", &text)) {
    int64_t v = 0;
    GG_RETURN_IF_ERROR(parseInt("GRIDGATE_WECOM_REPLAY_WINDOW", text, &v));
    if (v > 86400 * 365) return invalidArgument("GRIDGATE_WECOM_REPLAY_WINDOW too large");
    s->replay_window_seconds = static_cast<int>(v);
  }
  GG_RETURN_IF_ERROR(checkUrl("wecom api", s->api_base));
  s->api_base = trimSlash(s->api_base);
  if (s->replay_window_seconds < 0) return invalidArgument("wecom replay window is negative");
  if (!s->aes_key.empty()) {
    Status k = validateEncodingAesKey(s->aes_key);
    if (!k.isOk()) return invalidArgument("wecom aes_key: " + k.message());
  }
  bool any_callback = !s->token.empty() || !s->aes_key.empty();
  bool full_callback = !s->token.empty() && !s->aes_key.empty() && !s->corp_id.empty();
  if (any_callback && !full_callback) {
    return invalidArgument("wecom callbacks need token, aes_key and corp_id together");
  }
  if (s->agent_id < 0) return invalidArgument("wecom agent_id is negative");
  return Status::ok();
}

json redactedWeComSettings(const WeComSettings& s) {
  json robots_out = json::object();
  for (const auto& [group, _] : s.robots) robots_out[group] = "set";
  return json{{"api", s.api_base},
              {"corp_id", s.corp_id},
              {"corp_secret", setOrUnset(s.corp_secret)},
              {"agent_id", s.agent_id},
              {"token", setOrUnset(s.token)},
              {"aes_key", setOrUnset(s.aes_key)},
              {"replay_window_seconds", s.replay_window_seconds},
              {"robots", robots_out},
              {"robot_rate_limit", rateJson(s.robot_rate)},
              {"app_rate_limit", rateJson(s.app_rate)}};
}

std::string WeComSettings::robotUrl(const std::string& group_id) const {
  auto it = robots.find(group_id);
  if (it == robots.end()) return "";
  if (it->second.rfind("http://", 0) == 0 || it->second.rfind("https://", 0) == 0)
    return it->second;
  return api_base + "/cgi-bin/webhook/send?key=" + it->second;
}

}  // namespace gg
