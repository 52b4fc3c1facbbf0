#pragma once
// What GET /api/events (server-sent events) polls: new ticket events after a cursor, and the
// current state of notices and alerts, so a live page learns what changed. Read from the rows,
// so every instance sharing the database streams the same changes.

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace gg {

struct FeedTicketEvent {
  int64_t id = 0;  // the event's id: the stream's cursor (SSE id)
  int64_t ticket_id = 0;
  Millis at = 0;
  std::string action;
  std::string to_status;
};

struct FeedState {
  int64_t id = 0;
  std::string community_id;  // alerts: the community; notices: ""
  std::string state;         // notice status; alert "open" | "cleared"
  int64_t count = 0;         // alert: negative messages counted; notice: 0
};

class FeedRepo {
 public:
  virtual ~FeedRepo() = default;
  // Ticket events with id > after, oldest first, at most limit.
  virtual Result<std::vector<FeedTicketEvent>> ticketEventsAfter(int64_t after, int limit) = 0;
  // The newest ticket event id (0 when there is none): where a new stream starts.
  virtual Result<int64_t> lastTicketEventId() = 0;
  // The newest notices' states, at most limit.
  virtual Result<std::vector<FeedState>> noticeStates(int limit) = 0;
  // The newest alerts' states, at most limit.
  virtual Result<std::vector<FeedState>> alertStates(int limit) = 0;
};

}  // namespace gg
