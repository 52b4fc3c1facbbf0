#include "bot/channel_down_alert.h"

#include "bot/notifier.h"
#include "bot/outbox_queue.h"
#include "bot/ticket_text.h"
#include "core/log.h"

namespace gg {

Status ChannelDownAlert::channelDown(Tx& tx, Channel channel, const std::string&,
                                     Millis now) {
  Notifier notifier(org_, worker_channel_);
  const std::string text = catalog_.text(
      "street.channel_down", {{"channel", catalog_.text("channel." + std::string(toString(channel)), {})}, {"time", hhmm(now)}});
  std::vector<OutboundMessage> routes;
  for (auto& m : notifier.contactRoutes(org_.org().street.contact, StaffRole::kStreet, text)) {
    if (m.channel != channel) routes.push_back(std::move(m));
  }
  if (routes.empty()) {
    log::warn("channel {} is down and the street contact has no other channel", toString(channel));
    return Status::ok();
  }
  return queueWithFallbacks(tx, routes, "channel-down:" + std::string(toString(channel)) + ":" + std::to_string(now),
                            {SourceKind::kAlert, 0, "", "", kLaneStaff}, now)
      .status();
}

}  // namespace gg
