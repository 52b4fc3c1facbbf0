#include "bot/notices/notice_outcome.h"

namespace gg {
namespace {

// Notices settled per call: the rest are looked at on the next tick (one a second).
constexpr int kSettleBatch = 200;

}  // namespace

Result<int> settleNoticeOutcomes(Tx& tx, Millis now) {
  auto sending = tx.notices().list(NoticeStatus::kSending, kSettleBatch, 0);
  if (!sending.isOk()) return sending.status();
  int changed = 0;
  for (NoticeRecord n : *sending) {
    auto deliveries = tx.notices().deliveries(n.id);
    if (!deliveries.isOk()) return deliveries.status();
    int sent = 0, failed = 0;
    bool open = false;
    for (const auto& d : *deliveries) {
      if (d.status == DeliveryStatus::kPending) open = true;
      if (d.status == DeliveryStatus::kFailed) ++failed;
      if (open) break;
      if (d.status != DeliveryStatus::kQueued || d.outbox_id == 0) continue;
      auto row = tx.outbox().get(d.outbox_id);
      if (!row.isOk()) return row.status();
      if (!row->has_value()) {
        ++failed;
        continue;
      }
      const OutboxStatus s = (*row)->status;
      if (s == OutboxStatus::kSent) {
        ++sent;
      } else if (s == OutboxStatus::kDead) {
        ++failed;
      } else if (s != OutboxStatus::kCancelled) {
        open = true;  // pending, standby or sending: still trying
      }
    }
    if (open) continue;
    n.status = failed == 0 ? NoticeStatus::kDone : sent == 0 ? NoticeStatus::kFailed : NoticeStatus::kPartial;
    n.updated_at = now;
    GG_RETURN_IF_ERROR(tx.notices().update(n));
    GG_RETURN_IF_ERROR(tx.notices().appendAudit(
        {0, n.id, now, "system", std::string(toString(n.status)), std::to_string(sent) + " sent, " + std::to_string(failed) + " failed"}));
    ++changed;
  }
  return changed;
}

}  // namespace gg
