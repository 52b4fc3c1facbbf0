#include "bot/stats.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace gg {
namespace {

double share(int64_t part, int64_t whole) { return whole == 0 ? 0.0 : static_cast<double>(part) / whole; }
double round3(double v) { return std::round(v * 1000) / 1000; }

}  // namespace

nlohmann::json Figures::toJson() const {
  return {{"received", received},
          {"resolved", resolved},
          {"closed", closed},
          {"open", open},
          {"overdue", overdue},
          {"open_overdue", open_overdue},
          {"closure_rate", round3(share(resolved, received))},
          {"on_time_rate", round3(share(on_time, resolved))},
          {"avg_handling_hours", round3(avg_hours)},
          {"p90_handling_hours", round3(p90_hours)},
          {"rated", rated},
          {"satisfaction_rate", round3(share(satisfied, rated))},
          {"closed_at_grid_share", round3(share(at_grid, resolved))},
          {"escalated_share", round3(share(escalated, received))},
          {"patrol_reports", patrol_reports}};
}

bool isOpenOverdue(const TicketRecord& t, Millis now) {
  if (!isOpen(t.status)) return false;
  if (t.overdue || now == 0) return t.overdue;
  const bool accepting = t.status != TicketStatus::kAccepted;
  return (accepting && t.accept_by > 0 && t.accept_by < now) || (t.resolve_by > 0 && t.resolve_by < now);
}

Figures computeFigures(const std::vector<TicketRecord>& tickets, Millis now) {
  Figures f;
  std::vector<double> hours;
  for (const auto& t : tickets) {
    ++f.received;
    const bool done = t.status == TicketStatus::kResolved || t.status == TicketStatus::kClosed;
    if (t.status == TicketStatus::kClosed) ++f.closed;
    if (t.overdue) ++f.overdue;
    if (t.escalations > 0) ++f.escalated;
    if (t.source == "patrol") ++f.patrol_reports;
    if (t.rating > 0) {
      ++f.rated;
      if (t.rating >= 4) ++f.satisfied;
    }
    if (!done) {
      ++f.open;
      if (isOpenOverdue(t, now)) ++f.open_overdue;
      continue;
    }
    ++f.resolved;
    if (!t.overdue) ++f.on_time;
    if (t.escalations == 0 && t.level == Level::kGrid) ++f.at_grid;
    if (t.resolved_at > t.created_at) hours.push_back((t.resolved_at - t.created_at) / 3600000.0);
  }
  if (!hours.empty()) {
    double sum = 0;
    for (double h : hours) sum += h;
    f.avg_hours = sum / hours.size();
    std::sort(hours.begin(), hours.end());
    const size_t idx = static_cast<size_t>(std::ceil(0.9 * hours.size())) - 1;
    f.p90_hours = hours[std::min(idx, hours.size() - 1)];
  }
  return f;
}

nlohmann::json breakdown(const std::vector<TicketRecord>& tickets, const std::string& by, Millis now) {
  std::map<std::string, std::vector<TicketRecord>> groups;
  for (const auto& t : tickets) {
    std::string key;
    if (by == "community") key = t.community_id;
    else if (by == "grid") key = t.grid_id;
    else if (by == "worker") key = t.assignee_kind == AssigneeKind::kWorker ? t.assignee_id : t.copied_worker_id;
    else if (by == "category") key = t.category;
    else if (by == "day") key = formatChinaDate(t.created_at);  // the trend: one row per China-time day
    else key = "street";
    groups[key.empty() ? "(none)" : key].push_back(t);
  }
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : groups) out[k] = computeFigures(v, now).toJson();
  return out;
}

}  // namespace gg
