#pragma once
// The one way bot code puts a message in the outbox: split at the platform's length limit on
// character boundaries, one row per platform message (so a crash resends at most one part), all
// inside the caller's transaction. Every row is in a priority lane; a staff message may carry
// fallbacks (the same text by other channels, tried in order when one fails).

#include <string>
#include <vector>

#include "model/envelope.h"
#include "storage/store.h"

namespace gg {

// Priority lanes: due rows are claimed highest first, and only emergencies may use the last
// slots of a destination's rate window (bot/dispatcher.cc), so a "call 119" reply never waits
// behind routine acknowledgements.
enum Lane : int {
  kLaneBroadcast = 0,    // notices and their reminders
  kLaneStaff = 1,        // worker, community, street and department notifications, alerts
  kLaneInteractive = 2,  // a reply to a resident
  kLaneEmergency = 3,    // emergency pages and the emergency reply to the resident
};

// What caused a message, for scoped listing (GET /api/outbox) and notice delivery states.
struct OutboxSource {
  SourceKind kind = SourceKind::kNone;
  int64_t id = 0;
  std::string community_id;
  std::string grid_id;
  int priority = -1;      // a Lane; -1 = by kind (notice broadcast, reply interactive, else staff)
  Millis give_up_at = 0;  // retries end here (a notice's deadline); 0 = the channel's horizon
};

// Queues msg under dedup_key (parts get "#2", "#3" … appended) to be sent at or after
// not_before (0 = now). A dedup_key already queued is not queued again. Returns the id of the
// first row; 0 for a message to channel "web", which is never queued (nothing sends there).
Result<int64_t> queueOutbound(Tx& tx, const OutboundMessage& msg, const std::string& dedup_key,
                              const OutboxSource& source, Millis now, Millis not_before = 0);

// Queues one message with fallbacks: routes[0] is sent now; routes[1..] wait as standby rows
// (keys dedup_key + "~" + channel) and the dispatcher activates the next one when the current
// one fails or its channel has no sender. routes must not be empty. Returns the first row's id.
Result<int64_t> queueWithFallbacks(Tx& tx, const std::vector<OutboundMessage>& routes,
                                   const std::string& dedup_key, const OutboxSource& source,
                                   Millis now);

}  // namespace gg
