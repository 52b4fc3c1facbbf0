#pragma once
// Counts for GET /metrics, read at scrape time from the rows themselves, so the figures are the
// same on every instance that shares the database and survive a restart.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace gg {

// One group of a GROUP BY over two columns.
struct CountRow {
  std::string a;
  std::string b;
  int64_t n = 0;
};

class MetricsRepo {
 public:
  virtual ~MetricsRepo() = default;
  // Stored inbound messages by (channel, decision).
  virtual Result<std::vector<CountRow>> messagesByChannelDecision() = 0;
  // Open tickets (new, assigned, accepted) by (level, status).
  virtual Result<std::vector<CountRow>> openTicketsByLevelStatus() = 0;
  // Open tickets marked overdue or past a deadline at now (as ?overdue=1 lists them).
  virtual Result<int64_t> openOverdue(int64_t now) = 0;
  // Outbox rows by (channel, status).
  virtual Result<std::vector<CountRow>> outboxByChannelStatus() = 0;
};

}  // namespace gg
