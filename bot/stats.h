#pragma once
// The figures a street is judged by, computed from the tickets of a period: received, closed,
// closure rate (办结率), on-time rate, average and p90 handling hours, satisfaction rate, and the
// share closed at grid level against escalated ("小事不出网格").

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/ticket_repo.h"

namespace gg {

struct Figures {
  int64_t received = 0;
  int64_t resolved = 0;      // resolved or closed
  int64_t closed = 0;
  int64_t open = 0;
  int64_t open_overdue = 0;  // open and marked overdue or past a deadline: what ?overdue=1 lists
  int64_t overdue = 0;       // a deadline passed before the step was done
  int64_t on_time = 0;       // resolved without ever being overdue
  int64_t rated = 0;
  int64_t satisfied = 0;     // rated 4 or 5
  int64_t at_grid = 0;       // resolved without escalation at grid level
  int64_t escalated = 0;     // escalated at least once
  int64_t patrol_reports = 0;  // opened by a grid worker's own patrol report (网格员直报)
  double avg_hours = 0;      // created → resolved
  double p90_hours = 0;
  nlohmann::json toJson() const;  // counts plus closure_rate, on_time_rate, satisfaction_rate …
};

// Adds up the tickets. Rates are shares (0–1) of their own denominators. now (0 = unknown) lets
// an open ticket whose deadline passed, and no timer has marked yet, count as open_overdue.
Figures computeFigures(const std::vector<TicketRecord>& tickets, Millis now = 0);

// True when open ticket t is marked overdue or past its accept or resolve deadline at now.
bool isOpenOverdue(const TicketRecord& t, Millis now);

// The dimension a breakdown groups by: street | community | grid | worker | category | day (the
// China-time date a ticket was received, "2026-12-03": the dashboard's trend).
// Returns {"key": figures} for every value present.
nlohmann::json breakdown(const std::vector<TicketRecord>& tickets, const std::string& by, Millis now = 0);

}  // namespace gg
