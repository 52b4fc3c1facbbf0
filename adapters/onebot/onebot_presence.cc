#include "adapters/onebot/onebot_presence.h"

#include "core/log.h"

namespace gg {

Status recordOneBotMeta(Presence& presence, const OneBotFrame& frame, const std::string& mode) {
  const bool socket = mode != "http";
  if (frame.meta_type == "lifecycle") {
    if (frame.meta_sub_type == "disable") {
      log::warn("onebot self_id={} mode={}: lifecycle disable, the account is not served", frame.self_id, mode);
      return presence.disabled(Channel::kOneBot, frame.self_id, mode);
    }
    if (socket && (frame.meta_sub_type == "enable" || frame.meta_sub_type == "connect")) {
      return presence.connected(Channel::kOneBot, frame.self_id, mode);
    }
  }
  return presence.heard(Channel::kOneBot, frame.self_id, mode, frame.meta_type == "heartbeat", frame.interval_ms);
}

}  // namespace gg
