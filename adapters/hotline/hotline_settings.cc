#include "adapters/hotline/hotline_settings.h"

namespace gg {

using nlohmann::json;
using namespace settings;

Status loadHotlineSettings(const json* section, const EnvReader& getenv, HotlineSettings* s) {
  if (section) {
    const json& o = *section;
    const std::string w = "channels.hotline";
    GG_RETURN_IF_ERROR(checkKeys(o, w, {"token", "spool_dir", "poll_ms", "settle_ms"}));
    GG_RETURN_IF_ERROR(readString(o, w, "token", &s->token));
    GG_RETURN_IF_ERROR(readString(o, w, "spool_dir", &s->spool_dir));
    GG_RETURN_IF_ERROR(readInt(o, w, "poll_ms", &s->poll_ms));
    GG_RETURN_IF_ERROR(readInt(o, w, "settle_ms", &s->settle_ms));
    if (s->poll_ms <= 0 || s->settle_ms < 0) {
      return invalidArgument(w + ".poll_ms must be positive and settle_ms not negative");
    }
  }
  readEnv(getenv, "GRIDGATE_HOTLINE_TOKEN", &s->token);
  readEnv(getenv, "GRIDGATE_HOTLINE_SPOOL", &s->spool_dir);
  return Status::ok();
}

json redactedHotlineSettings(const HotlineSettings& s) {
  return json{{"token", setOrUnset(s.token)},
              {"spool_dir", s.spool_dir},
              {"poll_ms", s.poll_ms},
              {"settle_ms", s.settle_ms}};
}

}  // namespace gg
