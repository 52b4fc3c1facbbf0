#include "bot/outbox_queue.h"

#include <algorithm>

#include "bot/message_split.h"

namespace gg {

Result<int64_t> queueOutbound(Tx& tx, const OutboundMessage& msg, const std::string& dedup_key,
                              const OutboxSource& source, Millis now, Millis not_before) {
  const auto parts = splitForChannel(msg);
  int64_t first = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    OutboxRecord r;
    // The first part keeps the plain key, so a notice delivery or an alert points at it.
    r.dedup_key = i == 0 ? dedup_key : dedup_key + "#" + std::to_string(i + 1);
    r.message = parts[i];
    r.created_at = now;
    r.next_attempt_at = std::max(now, not_before);
    r.source_kind = source.kind;
    r.source_id = source.id;
    r.community_id = source.community_id;
    r.grid_id = source.grid_id;
    auto id = tx.outbox().enqueue(r);
    if (!id.isOk()) return id.status();
    if (i == 0) first = *id;
  }
  return first;
}

}  // namespace gg
