#include "adapters/sms/sms_settings.h"

namespace gg {

using nlohmann::json;
using namespace settings;

Status loadSmsSettings(const json* section, const EnvReader& getenv, SmsSettings* s) {
  if (section) {
    const json& o = *section;
    const std::string w = "channels.sms";
    GG_RETURN_IF_ERROR(checkKeys(o, w, {"api", "token", "inbound_token", "rate_limit"}));
    GG_RETURN_IF_ERROR(readString(o, w, "api", &s->api));
    GG_RETURN_IF_ERROR(readString(o, w, "token", &s->token));
    GG_RETURN_IF_ERROR(readString(o, w, "inbound_token", &s->inbound_token));
    GG_RETURN_IF_ERROR(readRate(o, w, "rate_limit", &s->rate));
  }
  readEnv(getenv, "GRIDGATE_SMS_API", &s->api);
  readEnv(getenv, "GRIDGATE_SMS_TOKEN", &s->token);
  readEnv(getenv, "GRIDGATE_SMS_INBOUND_TOKEN", &s->inbound_token);
  return checkUrl("sms api", s->api);
}

json redactedSmsSettings(const SmsSettings& s) {
  return json{{"api", s.api},
              {"token", setOrUnset(s.token)},
              {"inbound_token", setOrUnset(s.inbound_token)},
              {"rate_limit", rateJson(s.rate)}};
}

}  // namespace gg
