#include "bot/notices/notice_view.h"

#include "core/clock.h"

namespace gg {

// The dispatcher only updates outbox rows, so a queued delivery reads its row.
std::pair<std::string, std::string> deliveryState(Tx& tx, const NoticeDelivery& d) {
  if (d.status != DeliveryStatus::kQueued || d.outbox_id == 0) return {std::string(toString(d.status)), d.error};
  auto row = tx.outbox().get(d.outbox_id);
  if (!row.isOk() || !row->has_value()) return {"queued", "outbox row missing"};
  const OutboxRecord& r = **row;
  if (r.status == OutboxStatus::kSent) return {"sent", ""};
  if (r.status == OutboxStatus::kDead) return {"failed", r.last_error};
  if (r.status == OutboxStatus::kCancelled) return {"cancelled", ""};
  if (r.status == OutboxStatus::kSending) return {"sending", r.last_error};
  return {"queued", r.last_error};  // pending, possibly after a failed attempt
}

nlohmann::json noticeSummary(const NoticeRecord& n) {
  return {{"id", n.id},
          {"title", n.title},
          {"status", n.status},
          {"send_at", formatChinaTime(n.send_at)},
          {"deadline", n.deadline ? nlohmann::json(formatChinaTime(n.deadline)) : nlohmann::json()},
          {"mention_all", n.mention_all},
          {"urgent", n.urgent},
          {"sms", n.sms},
          {"created_by", n.created_by},
          {"approved_by", n.approved_by},
          {"cancelled_by", n.cancelled_by},
          {"created_at", formatChinaTime(n.created_at)}};
}

}  // namespace gg
