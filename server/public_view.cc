#include "server/public_view.h"

#include <set>

#include "bot/router.h"
#include "core/text.h"

namespace gg {
namespace {

// The steps a resident may see. Anything else (notes, overdue pages to staff, copies) is staff
// business; a step missing here is simply not shown.
const std::set<std::string>& publicActions() {
  static const std::set<std::string> kActions = {"create", "assign", "accept", "resolve", "transfer",
                                                  "escalate", "reject", "reopen", "rate", "close",
                                                  "join", "urge", "overdue"};
  return kActions;
}

std::string stepText(const std::string& action, const MessageCatalog& say) {
  if (say.has("page.event." + action)) return say.text("page.event." + action, {});
  return say.text("action." + action, {});
}

}  // namespace

std::string htmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

nlohmann::json publicTicketView(const TicketRecord& t, const std::vector<TicketEvent>& events,
                                const std::string& unit, const MessageCatalog& say) {
  const std::string status(toString(t.status));
  const std::string level(toString(t.level));
  nlohmann::json timeline = nlohmann::json::array();
  for (const TicketEvent& e : events) {
    if (!publicActions().count(e.action)) continue;
    nlohmann::json step = {{"at", formatChinaTime(e.at)}, {"action", e.action}, {"text", stepText(e.action, say)}};
    // The score is the resident's own; every other note may name people or numbers.
    if (e.action == "rate") step["rating"] = t.rating;
    timeline.push_back(std::move(step));
  }
  return {{"ticket_id", t.id},
          {"status", status},
          {"status_text", say.text("state." + status, {})},
          {"level", level},
          {"level_text", say.text("page.level." + level, {})},
          {"unit", maskPhonesInText(unit)},
          {"can_rate", t.status == TicketStatus::kResolved},
          {"rating", t.rating},
          {"created_at", formatChinaTime(t.created_at)},
          {"timeline", std::move(timeline)}};
}

PublicWorker publicWorker(const Grid& grid, Millis now) {
  // The grid's leader on duty first, then any worker on duty, else the leader (off duty).
  const Worker* pick = nullptr;
  for (const Worker& w : grid.workers) {
    if (!onDutyAt(w, now)) continue;
    if (!pick || (w.role == WorkerRole::kLeader && pick->role != WorkerRole::kLeader)) pick = &w;
  }
  if (!pick && !grid.workers.empty()) pick = &grid.workers.front();
  if (!pick) return {};
  return {pick->name, pick->phone.empty() ? "" : maskPhone(pick->phone)};
}

}  // namespace gg
