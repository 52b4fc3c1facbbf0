#pragma once
// The one way bot code puts a message in the outbox: split at the platform's length limit on
// character boundaries, one row per platform message (so a crash resends at most one part), all
// inside the caller's transaction.

#include <string>

#include "model/envelope.h"
#include "storage/store.h"

namespace gg {

// What caused a message, for scoped listing (GET /api/outbox) and notice delivery states.
struct OutboxSource {
  std::string kind;  // ticket | notice | alert | digest | reply
  int64_t id = 0;
  std::string community_id;
  std::string grid_id;
};

// Queues msg under dedup_key (parts get "#2", "#3" … appended) to be sent at or after
// not_before (0 = now). A dedup_key already queued is not queued again. Returns the id of the
// first row.
Result<int64_t> queueOutbound(Tx& tx, const OutboundMessage& msg, const std::string& dedup_key,
                              const OutboxSource& source, Millis now, Millis not_before = 0);

}  // namespace gg
