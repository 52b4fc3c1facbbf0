#include "adapters/channel_settings.h"

#include <charconv>
#include <set>

#include "adapters/wecom/wecom_crypt.h"
#include "core/numeric_id.h"

namespace gg {
namespace {

using nlohmann::json;

Status checkKeys(const json& obj, const std::string& where, std::set<std::string> allowed) {
  if (!obj.is_object()) return invalidArgument(where + " must be an object");
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (allowed.count(it.key()) == 0)
      return invalidArgument("unknown key " + where + "." + it.key());
  }
  return Status::ok();
}

Status readString(const json& obj, const std::string& where, const char* key, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::ok();
  if (!it->is_string()) return invalidArgument(where + "." + key + " must be a string");
  *out = it->get<std::string>();
  return Status::ok();
}

template <typename Int>
Status readInt(const json& obj, const std::string& where, const char* key, Int* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::ok();
  if (!it->is_number_integer()) return invalidArgument(where + "." + key + " must be an integer");
  *out = it->get<Int>();
  return Status::ok();
}

Status readRate(const json& obj, const std::string& where, const char* key, RateLimit* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::ok();
  std::string w = where + "." + key;
  GG_RETURN_IF_ERROR(checkKeys(*it, w, {"messages", "per_seconds"}));
  int64_t per_s = out->per_ms / kSecond;
  GG_RETURN_IF_ERROR(readInt(*it, w, "messages", &out->messages));
  GG_RETURN_IF_ERROR(readInt(*it, w, "per_seconds", &per_s));
  if (out->messages <= 0 || per_s <= 0) return invalidArgument(w + " must be positive");
  out->per_ms = per_s * kSecond;
  return Status::ok();
}

Status parseInt(const char* name, const std::string& text, int64_t* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return invalidArgument(std::string(name) + " must be an integer");
  }
  return Status::ok();
}

Status checkUrl(const std::string& name, const std::string& url) {
  if (url.empty() || url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) {
    return Status::ok();
  }
  return invalidArgument(name + " must start with http:// or https://");
}

std::string trimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

const char* setOrUnset(const std::string& s) { return s.empty() ? "unset" : "set"; }

// "127.0.0.1:8081" -> host and port; port 0 is allowed (any free port, for tests).
Status splitWsListen(ChannelSettings::OneBot* o) {
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

}  // namespace

Result<ChannelSettings> loadChannelSettings(const json& section,
                                            std::function<const char*(const char*)> getenv) {
  ChannelSettings s;
  json empty = json::object();
  const json& root = section.is_null() ? empty : section;
  GG_RETURN_IF_ERROR(checkKeys(root, "channels", {"max_body_bytes", "onebot", "wecom", "hotline", "sms",
                                                  "retry_horizon_hours", "failure_alert_after"}));
  if (root.contains("retry_horizon_hours")) {
    const json& h = root["retry_horizon_hours"];
    const std::string w = "channels.retry_horizon_hours";
    GG_RETURN_IF_ERROR(checkKeys(h, w, {"onebot", "wecom_app", "wecom_robot", "sms"}));
    for (auto it = h.begin(); it != h.end(); ++it) {
      // At most a month: beyond that a message is history, not a reply.
      if (!it->is_number() || it->get<double>() <= 0 || it->get<double>() > 24 * 31) {
        return invalidArgument(w + "." + it.key() + " must be a number of hours in (0, 744]");
      }
      s.retry_horizons[it.key()] = static_cast<Millis>(it->get<double>() * kHour);
    }
  }
  GG_RETURN_IF_ERROR(readInt(root, "channels", "failure_alert_after", &s.failure_alert_after));
  if (s.failure_alert_after < 1) return invalidArgument("channels.failure_alert_after must be positive");
  GG_RETURN_IF_ERROR(readInt(root, "channels", "max_body_bytes", &s.max_body_bytes));
  if (s.max_body_bytes == 0) return invalidArgument("channels.max_body_bytes must be positive");

  if (root.contains("onebot")) {
    const json& o = root["onebot"];
    const std::string w = "channels.onebot";
    GG_RETURN_IF_ERROR(checkKeys(o, w, {"api", "access_token", "secret", "rate_limit", "ws_listen",
                                        "ws_url", "call_timeout_ms", "offline_after_seconds",
                                        "group_accounts"}));
    GG_RETURN_IF_ERROR(readString(o, w, "ws_listen", &s.onebot.ws_listen));
    GG_RETURN_IF_ERROR(readString(o, w, "ws_url", &s.onebot.ws_url));
    GG_RETURN_IF_ERROR(readInt(o, w, "call_timeout_ms", &s.onebot.call_timeout_ms));
    int64_t offline_s = s.onebot.offline_after_ms / kSecond;
    GG_RETURN_IF_ERROR(readInt(o, w, "offline_after_seconds", &offline_s));
    if (s.onebot.call_timeout_ms <= 0 || offline_s <= 0) {
      return invalidArgument(w + ".call_timeout_ms and offline_after_seconds must be positive");
    }
    s.onebot.offline_after_ms = offline_s * kSecond;
    if (o.contains("group_accounts")) {
      const json& g = o["group_accounts"];
      if (!g.is_object()) return invalidArgument(w + ".group_accounts must be an object");
      for (auto it = g.begin(); it != g.end(); ++it) {
        if (!it->is_string() || !isPositiveDecimalId(it.key()) || !isPositiveDecimalId(it->get<std::string>())) {
          return invalidArgument(w + ".group_accounts." + it.key() + " must map a group id to a self_id");
        }
        s.onebot.group_accounts[it.key()] = it->get<std::string>();
      }
    }
    GG_RETURN_IF_ERROR(readString(o, w, "api", &s.onebot.api_base));
    GG_RETURN_IF_ERROR(readString(o, w, "access_token", &s.onebot.access_token));
    GG_RETURN_IF_ERROR(readString(o, w, "secret", &s.onebot.secret));
    GG_RETURN_IF_ERROR(readRate(o, w, "rate_limit", &s.onebot.group_rate));
  }
  if (root.contains("wecom")) {
    const json& o = root["wecom"];
    const std::string w = "channels.wecom";
    GG_RETURN_IF_ERROR(
        checkKeys(o, w,
                  {"api", "corp_id", "corp_secret", "agent_id", "token", "aes_key",
                   "replay_window_seconds", "robots", "robot_rate_limit", "app_rate_limit"}));
    GG_RETURN_IF_ERROR(readString(o, w, "api", &s.wecom.api_base));
    GG_RETURN_IF_ERROR(readString(o, w, "corp_id", &s.wecom.corp_id));
    GG_RETURN_IF_ERROR(readString(o, w, "corp_secret", &s.wecom.corp_secret));
    GG_RETURN_IF_ERROR(readInt(o, w, "agent_id", &s.wecom.agent_id));
    GG_RETURN_IF_ERROR(readString(o, w, "token", &s.wecom.token));
    GG_RETURN_IF_ERROR(readString(o, w, "aes_key", &s.wecom.aes_key));
    GG_RETURN_IF_ERROR(readInt(o, w, "replay_window_seconds", &s.wecom.replay_window_seconds));
    GG_RETURN_IF_ERROR(readRate(o, w, "robot_rate_limit", &s.wecom.robot_rate));
    GG_RETURN_IF_ERROR(readRate(o, w, "app_rate_limit", &s.wecom.app_rate));
    if (o.contains("robots")) {
      const json& r = o["robots"];
      if (!r.is_object()) return invalidArgument(w + ".robots must be an object");
      for (auto it = r.begin(); it != r.end(); ++it) {
        if (!it->is_string() || it->get<std::string>().empty()) {
          return invalidArgument(w + ".robots." + it.key() + " must be a non-empty string");
        }
        s.wecom.robots[it.key()] = it->get<std::string>();
      }
    }
  }
  if (root.contains("hotline")) {
    const json& o = root["hotline"];
    const std::string w = "channels.hotline";
    GG_RETURN_IF_ERROR(checkKeys(o, w, {"token", "spool_dir", "poll_ms", "settle_ms"}));
    GG_RETURN_IF_ERROR(readString(o, w, "token", &s.hotline.token));
    GG_RETURN_IF_ERROR(readString(o, w, "spool_dir", &s.hotline.spool_dir));
    GG_RETURN_IF_ERROR(readInt(o, w, "poll_ms", &s.hotline.poll_ms));
    GG_RETURN_IF_ERROR(readInt(o, w, "settle_ms", &s.hotline.settle_ms));
    if (s.hotline.poll_ms <= 0 || s.hotline.settle_ms < 0) {
      return invalidArgument(w + ".poll_ms must be positive and settle_ms not negative");
    }
  }

  if (root.contains("sms")) {
    const json& o = root["sms"];
    const std::string w = "channels.sms";
    GG_RETURN_IF_ERROR(checkKeys(o, w, {"api", "token", "inbound_token", "rate_limit"}));
    GG_RETURN_IF_ERROR(readString(o, w, "api", &s.sms.api));
    GG_RETURN_IF_ERROR(readString(o, w, "token", &s.sms.token));
    GG_RETURN_IF_ERROR(readString(o, w, "inbound_token", &s.sms.inbound_token));
    GG_RETURN_IF_ERROR(readRate(o, w, "rate_limit", &s.sms.rate));
  }

  auto env = [&](const char* name, std::string* out) {
    const char* v = getenv ? getenv(name) : nullptr;
    if (v != nullptr) *out = v;
    return v != nullptr;
  };
  env("GRIDGATE_ONEBOT_API", &s.onebot.api_base);
  env("GRIDGATE_ONEBOT_ACCESS_TOKEN", &s.onebot.access_token);
  env("GRIDGATE_ONEBOT_SECRET", &s.onebot.secret);
  env("GRIDGATE_ONEBOT_WS", &s.onebot.ws_url);
  env("GRIDGATE_ONEBOT_WS_LISTEN", &s.onebot.ws_listen);
  env("GRIDGATE_WECOM_API", &s.wecom.api_base);
  env("GRIDGATE_WECOM_CORP_ID", &s.wecom.corp_id);
  env("GRIDGATE_WECOM_CORP_SECRET", &s.wecom.corp_secret);
  env("GRIDGATE_WECOM_TOKEN", &s.wecom.token);
  env("GRIDGATE_WECOM_AES_KEY", &s.wecom.aes_key);
  env("GRIDGATE_HOTLINE_TOKEN", &s.hotline.token);
  env("GRIDGATE_HOTLINE_SPOOL", &s.hotline.spool_dir);
  env("GRIDGATE_SMS_API", &s.sms.api);
  env("GRIDGATE_SMS_TOKEN", &s.sms.token);
  env("GRIDGATE_SMS_INBOUND_TOKEN", &s.sms.inbound_token);
  std::string text;
  if (env("GRIDGATE_WECOM_AGENT_ID", &text)) {
    GG_RETURN_IF_ERROR(parseInt("GRIDGATE_WECOM_AGENT_ID", text, &s.wecom.agent_id));
  }
  if (env("GRIDGATE_WECOM_REPLAY_WINDOW", &text)) {
    int64_t v = 0;
    GG_RETURN_IF_ERROR(parseInt("GRIDGATE_WECOM_REPLAY_WINDOW", text, &v));
    if (v > 86400 * 365) return invalidArgument("GRIDGATE_WECOM_REPLAY_WINDOW too large");
    s.wecom.replay_window_seconds = static_cast<int>(v);
  }

  GG_RETURN_IF_ERROR(checkUrl("onebot api", s.onebot.api_base));
  GG_RETURN_IF_ERROR(checkUrl("sms api", s.sms.api));
  GG_RETURN_IF_ERROR(checkUrl("wecom api", s.wecom.api_base));
  s.onebot.api_base = trimSlash(s.onebot.api_base);
  GG_RETURN_IF_ERROR(splitWsListen(&s.onebot));
  if (!s.onebot.ws_url.empty() && s.onebot.ws_url.rfind("ws://", 0) != 0) {
    return invalidArgument("onebot ws_url must start with ws://");
  }
  s.wecom.api_base = trimSlash(s.wecom.api_base);
  if (s.wecom.replay_window_seconds < 0) return invalidArgument("wecom replay window is negative");
  if (!s.wecom.aes_key.empty()) {
    Status k = validateEncodingAesKey(s.wecom.aes_key);
    if (!k.isOk()) return invalidArgument("wecom aes_key: " + k.message());
  }
  bool any_callback = !s.wecom.token.empty() || !s.wecom.aes_key.empty();
  bool full_callback =
      !s.wecom.token.empty() && !s.wecom.aes_key.empty() && !s.wecom.corp_id.empty();
  if (any_callback && !full_callback) {
    return invalidArgument("wecom callbacks need token, aes_key and corp_id together");
  }
  if (s.wecom.agent_id < 0) return invalidArgument("wecom agent_id is negative");
  return s;
}

json ChannelSettings::redactedJson() const {
  json robots_out = json::object();
  for (const auto& [group, _] : wecom.robots) robots_out[group] = "set";
  auto rate = [](const RateLimit& r) {
    return json{{"messages", r.messages}, {"per_seconds", r.per_ms / kSecond}};
  };
  return json{
      {"max_body_bytes", max_body_bytes},
      {"onebot",
       {{"api", onebot.api_base},
        {"access_token", setOrUnset(onebot.access_token)},
        {"secret", setOrUnset(onebot.secret)},
        {"rate_limit", rate(onebot.group_rate)},
        {"ws_listen", onebot.ws_listen},
        {"ws_url", onebot.ws_url}}},
      {"wecom",
       {{"api", wecom.api_base},
        {"corp_id", wecom.corp_id},
        {"corp_secret", setOrUnset(wecom.corp_secret)},
        {"agent_id", wecom.agent_id},
        {"token", setOrUnset(wecom.token)},
        {"aes_key", setOrUnset(wecom.aes_key)},
        {"replay_window_seconds", wecom.replay_window_seconds},
        {"robots", robots_out},
        {"robot_rate_limit", rate(wecom.robot_rate)},
        {"app_rate_limit", rate(wecom.app_rate)}}},
      {"sms", {{"api", sms.api}, {"token", setOrUnset(sms.token)},
               {"inbound_token", setOrUnset(sms.inbound_token)}, {"rate_limit", rate(sms.rate)}}},
      {"hotline",
       {{"token", setOrUnset(hotline.token)},
        {"spool_dir", hotline.spool_dir},
        {"poll_ms", hotline.poll_ms},
        {"settle_ms", hotline.settle_ms}}},
  };
}

std::string ChannelSettings::robotUrl(const std::string& group_id) const {
  auto it = wecom.robots.find(group_id);
  if (it == wecom.robots.end()) return "";
  if (it->second.rfind("http://", 0) == 0 || it->second.rfind("https://", 0) == 0)
    return it->second;
  return wecom.api_base + "/cgi-bin/webhook/send?key=" + it->second;
}

}  // namespace gg
