#pragma once
// Row shapes shared by every storage engine. Plain data; the engines map them to tables.

#include <cstdint>
#include <optional>
#include <string>

#include "model/delivery_state.h"
#include "model/domain.h"
#include "model/envelope.h"
#include "core/clock.h"

namespace gg {

struct MessageRecord {
  int64_t id = 0;
  InboundEnvelope envelope;
  Millis received_at = 0;
  std::string grid_id;         // resolved grid, if any
  std::string community_id;
  std::string intent;          // primary intent id; empty = none understood
  std::string classification;  // the intent engine's JSON explanation
  Decision decision = Decision::kNone;
  int64_t ticket_id = 0;       // 0 = none
  std::string reply;           // the first answer to a message no chat can carry (the resident page)
};

struct TokenRecord {
  int64_t id = 0;
  std::string name;
  std::string role;   // admin | street | community | grid
  std::string scope;  // community or grid id; empty for admin/street
  std::string token_hash;  // hex SHA-256 of the secret; the secret itself is never stored
  Millis created_at = 0;
  Millis revoked_at = 0;  // 0 = active
  Millis last_used_at = 0;
};

// One outbound message waiting, being sent, sent, or given up on.
struct OutboxRecord {
  int64_t id = 0;
  std::string dedup_key;    // unique: the same logical message is enqueued once
  OutboundMessage message;
  OutboxStatus status = OutboxStatus::kPending;
  int attempts = 0;
  Millis next_attempt_at = 0;
  Millis lease_until = 0;   // while sending: after this a crashed send is retried once
  // Set by claimDue only: the row's last attempt was cut off (its lease ran out while it was
  // 'sending'), and this is about when that attempt began, so the sender can look on the
  // platform before sending again. 0: the last attempt's outcome is known (or there was none).
  Millis interrupted_attempt_at = 0;
  std::string last_error;
  std::string platform_msg_id;
  Millis created_at = 0;
  Millis sent_at = 0;
  SourceKind source_kind = SourceKind::kNone;
  int64_t source_id = 0;
  std::string community_id;  // for scoped listing
  std::string grid_id;
  // Lane: 3 emergency, 2 interactive reply to a resident, 1 staff notification, 0 broadcast.
  // Due rows are claimed highest lane first.
  int priority = 1;
  // A staff message with fallbacks: the rows of one reach_group are the same text by different
  // channels, tried in reach_rank order; all but the current one wait as standby.
  std::string reach_group;
  int reach_rank = 0;
  Millis give_up_at = 0;  // retries end here; 0 = created_at + the channel's retry horizon
};

// A durable timer: a deadline, a scheduled send, an auto-close. Found again after a restart.
struct TimerRecord {
  int64_t id = 0;
  std::string kind;     // e.g. ticket.accept_by, ticket.resolve_by, ticket.autoclose, notice.send
  int64_t ref_id = 0;   // the ticket / notice / delivery it belongs to
  std::string key;      // unique per (kind, ref_id, key) so re-scheduling is idempotent
  Millis due_at = 0;
  Millis fired_at = 0;  // 0 = not yet
  std::string payload;  // JSON
};

}  // namespace gg
