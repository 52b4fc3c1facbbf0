#include "adapters/onebot/onebot_settings.h"

#include "core/numeric_id.h"

namespace gg {
namespace {

using nlohmann::json;
using namespace settings;

// "127.0.0.1:8081" -> host and port; port 0 is allowed (any free port, for tests).
Status splitWsListen(OneBotSettings* o) {
  if (o->ws_listen.empty()) return Status::ok();
  const size_t colon = o->ws_listen.rfind(':');
  int64_t port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !parseInt("channels.onebot.ws_listen port", o->ws_listen.substr(colon + 1), &port).isOk() ||
      port < 0 || port > 65535) {
    return invalidArgument("channels.onebot.ws_listen must be HOST:PORT, e.g. 127.0.0.1:8081");
  }
  o->ws_host = o->ws_listen.substr(0, colon);
  o->ws_port = static_cast<int>(port);
  return Status::ok();
}

Status readJson(const json& o, OneBotSettings* s) {
  const std::string w = "channels.onebot";
  GG_RETURN_IF_ERROR(checkKeys(o, w, {"api", "access_token", "secret", "rate_limit", "ws_listen",
                                      "ws_url", "call_timeout_ms", "offline_after_seconds",
                                      "group_accounts"}));
  GG_RETURN_IF_ERROR(readString(o, w, "ws_listen", &s->ws_listen));
  GG_RETURN_IF_ERROR(readString(o, w, "ws_url", &s->ws_url));
  GG_RETURN_IF_ERROR(readInt(o, w, "call_timeout_ms", &s->call_timeout_ms));
  int64_t offline_s = s->offline_after_ms / kSecond;
  GG_RETURN_IF_ERROR(readInt(o, w, "offline_after_seconds", &offline_s));
  if (s->call_timeout_ms <= 0 || offline_s <= 0) {
    return invalidArgument(w + ".call_timeout_ms and offline_after_seconds must be positive");
  }
  s->offline_after_ms = offline_s * kSecond;
  if (o.contains("group_accounts")) {
    const json& g = o["group_accounts"];
    if (!g.is_object()) return invalidArgument(w + ".group_accounts must be an object");
    for (auto it = g.begin(); it != g.end(); ++it) {
      if (!it->is_string() || !isPositiveDecimalId(it.key()) || !isPositiveDecimalId(it->get<std::string>())) {
        return invalidArgument(w + ".group_accounts." + it.key() + " must map a group id to a self_id");
      }
      s->group_accounts[it.key()] = it->get<std::string>();
    }
  }
  GG_RETURN_IF_ERROR(readString(o, w, "api", &s->api_base));
  GG_RETURN_IF_ERROR(readString(o, w, "access_token", &s->access_token));
  GG_RETURN_IF_ERROR(readString(o, w, "secret", &s->secret));
  return readRate(o, w, "rate_limit", &s->group_rate);
}

}  // namespace

Status loadOneBotSettings(const json* section, const EnvReader& getenv, OneBotSettings* s) {
  if (section) GG_RETURN_IF_ERROR(readJson(*section, s));
  readEnv(getenv, "GRIDGATE_ONEBOT_API", &s->api_base);
  readEnv(getenv, "GRIDGATE_ONEBOT_ACCESS_TOKEN", &s->access_token);
  readEnv(getenv, "GRIDGATE_ONEBOT_SECRET", &s->secret);
  readEnv(getenv, "GRIDGATE_ONEBOT_WS", &s->ws_url);
  readEnv(getenv, "GRIDGATE_ONEBOT_WS_LISTEN", &s->ws_listen);
  GG_RETURN_IF_ERROR(checkUrl("onebot api", s->api_base));
  s->api_base = trimSlash(s->api_base);
  GG_RETURN_IF_ERROR(splitWsListen(s));
  if (!s->ws_url.empty() && s->ws_url.rfind("ws://", 0) != 0) {
    return invalidArgument("onebot ws_url must start with ws://");
  }
  return Status::ok();
}

json redactedOneBotSettings(const OneBotSettings& s) {
  return json{{"api", s.api_base},
              {"access_token", setOrUnset(s.access_token)},
              {"secret", setOrUnset(s.secret)},
              {"rate_limit", rateJson(s.group_rate)},
              {"ws_listen", s.ws_listen},
              {"ws_url", s.ws_url}};
}

}  // namespace gg
