#include "bot/router.h"

#include <algorithm>

namespace gg {
namespace {

// The rule pack names owners by kind; departments.json names kinds a little differently.
std::string canonicalKind(const std::string& k) {
  if (k == "urban_mgmt" || k == "urban-mgmt") return "urban_management";
  if (k == "social_security") return "human_resources";
  return k;
}

std::string buildingOf(const Classification& c) {
  for (const auto& a : c.entities.addresses) {
    if (a.kind == "building") return a.value;
  }
  return "";
}

}  // namespace

bool onDutyAt(const Worker& w, Millis now) {
  if (w.duty.empty()) return true;
  const Millis local = now + kChinaOffset;
  const int64_t days = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
  const int minute = static_cast<int>((local - days * kDay) / kMinute);
  const int weekday = static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;  // 1970-01-01 was a Thursday
  const int yesterday = weekday == 1 ? 7 : weekday - 1;
  for (const auto& d : w.duty) {
    auto covers = [&](int wd) {
      return d.weekdays.empty() || std::find(d.weekdays.begin(), d.weekdays.end(), wd) != d.weekdays.end();
    };
    if (d.start_minute <= d.end_minute) {
      if (covers(weekday) && minute >= d.start_minute && minute < d.end_minute) return true;
    } else {  // overnight: the window started today, or started yesterday and runs into today
      if (covers(weekday) && minute >= d.start_minute) return true;
      if (covers(yesterday) && minute < d.end_minute) return true;
    }
  }
  return false;
}

Placement Router::place(const InboundEnvelope& env, const Classification& c,
                        const std::optional<TicketRecord>& previous) const {
  Placement p;
  const std::string building = buildingOf(c);
  std::string compound;
  for (const auto& pl : c.entities.places) {
    if (pl.kind == "compound") { compound = pl.name; break; }
  }
  p.place_key = compound + (building.empty() ? "" : "#" + building);

  if (!env.group_id.empty()) {
    if (const Grid* g = org_.gridForGroup(env.channel, env.group_id)) {
      p.grid_id = g->id;
      p.community_id = g->community_id;
      p.reason = "group " + env.group_id + " is bound to " + g->name;
      return p;
    }
  }
  // An address said in the message: the grid whose area has that compound (and building).
  if (!compound.empty()) {
    const Grid* first = nullptr;
    for (const auto& community : org_.org().communities) {
      for (const auto& g : community.grids) {
        for (const auto& cp : g.area.compounds) {
          if (cp.name != compound) continue;
          if (!first) first = &g;
          if (!building.empty() &&
              std::find(cp.buildings.begin(), cp.buildings.end(), building) != cp.buildings.end()) {
            p.grid_id = g.id;
            p.community_id = g.community_id;
            p.reason = "address " + compound + " " + building + "号楼 is in " + g.name;
            return p;
          }
        }
      }
    }
    if (first) {
      p.grid_id = first->id;
      p.community_id = first->community_id;
      p.reason = "compound " + compound + " is in " + first->name;
      return p;
    }
  }
  for (const auto& pl : c.entities.places) {
    if (!pl.grid_id.empty() && org_.grid(pl.grid_id)) {
      p.grid_id = pl.grid_id;
      p.community_id = org_.grid(pl.grid_id)->community_id;
      p.reason = "place " + pl.name + " is in " + org_.grid(pl.grid_id)->name;
      return p;
    }
  }
  if (previous && org_.grid(previous->grid_id)) {
    p.grid_id = previous->grid_id;
    p.community_id = previous->community_id;
    p.reason = "no address said; caller's earlier ticket " + std::to_string(previous->id) +
               " was in " + org_.grid(previous->grid_id)->name;
    return p;
  }
  for (const auto& pl : c.entities.places) {
    if (!pl.community_id.empty() && org_.community(pl.community_id)) {
      p.community_id = pl.community_id;
      p.reason = "only the community (" + pl.name + ") is known; no compound or building";
      return p;
    }
  }
  p.reason = "no address in the message and no earlier ticket from this caller";
  return p;
}

const Worker* Router::onDuty(const Grid& grid, Millis now, const LoadFn& load, std::string* why) const {
  const Worker* leader = nullptr;
  const Worker* best = nullptr;
  int best_rank = 0, best_load = 0;
  for (const auto& w : grid.workers) {
    if (w.role == WorkerRole::kLeader) {
      if (!leader) leader = &w;
      continue;
    }
    if (!onDutyAt(w, now)) continue;
    const int rank = w.role == WorkerRole::kFullTime ? 0 : 1;
    const int l = load ? load(w.id) : 0;
    if (!best || rank < best_rank || (rank == best_rank && l < best_load)) {
      best = &w;
      best_rank = rank;
      best_load = l;
    }
  }
  if (best) {
    if (why) {
      *why = std::string(best->role == WorkerRole::kFullTime ? "full-time" : "part-time") +
             " worker " + best->name + " on duty with " + std::to_string(best_load) + " open tickets";
    }
    return best;
  }
  if (leader && why) *why = "nobody on duty; grid leader " + leader->name;
  return leader ? leader : (grid.workers.empty() ? nullptr : &grid.workers.front());
}

const Department* Router::departmentFor(const std::string& owner_kind, const Grid* grid) const {
  const std::string kind = canonicalKind(owner_kind);
  std::vector<const Department*> matches;
  for (const auto& d : org_.org().departments) {
    if (canonicalKind(d.kind) == kind || d.id == owner_kind) matches.push_back(&d);
  }
  if (matches.size() <= 1) return matches.empty() ? nullptr : matches.front();
  // Several (e.g. one property company per compound): the one named after the grid's compound
  // or community.
  if (grid) {
    std::vector<std::string> names;
    for (const auto& c : grid->area.compounds) names.push_back(c.name);
    if (const Community* cm = org_.community(grid->community_id)) names.push_back(cm->name);
    for (const auto& n : names) {
      const std::string stem = n.substr(0, std::min<size_t>(n.size(), 6));  // two CJK chars
      for (const Department* d : matches) {
        if (d->name.find(stem) != std::string::npos) return d;
      }
    }
  }
  return nullptr;
}

Assignment Router::assign(const Placement& p, const Classification& c, Millis now,
                          const LoadFn& load) const {
  Assignment a;
  if (!p.routed()) {
    if (!p.community_id.empty()) {
      a.level = "community";
      a.assignee_kind = "community";
      a.assignee_id = p.community_id;
      a.reason = "unrouted: " + p.reason + "; the community dispatches it";
    } else {
      a.level = "street";
      a.assignee_kind = "street";
      a.assignee_id = org_.org().street.id;
      a.reason = "unrouted: " + p.reason + "; the street command centre dispatches it";
    }
    return a;
  }
  const Grid* grid = org_.grid(p.grid_id);
  std::string why;
  const Worker* w = grid ? onDuty(*grid, now, load, &why) : nullptr;
  if (!c.owner.empty() && c.owner != "grid") {
    if (const Department* d = departmentFor(c.owner, grid)) {
      a.level = "department";
      a.assignee_kind = "department";
      a.assignee_id = d->id;
      a.department_id = d->id;
      if (w) a.copied_worker_id = w->id;
      a.reason = c.label + " is handled by " + d->name + (w ? "; " + w->name + " copied (" + why + ")" : "");
      return a;
    }
    why = "no " + c.owner + " department configured; " + why;
  }
  a.level = "grid";
  if (w) {
    a.assignee_kind = "worker";
    a.assignee_id = w->id;
    a.reason = why;
  } else {
    a.level = "community";
    a.assignee_kind = "community";
    a.assignee_id = p.community_id;
    a.reason = "grid has no workers";
  }
  return a;
}

std::optional<Assignment> Router::escalate(const TicketRecord& t, const std::string& why) const {
  Assignment a;
  a.department_id = t.department_id;
  a.copied_worker_id = t.copied_worker_id;
  if (t.level == "grid" && !t.community_id.empty()) {
    a.level = "community";
    a.assignee_kind = "community";
    a.assignee_id = t.community_id;
  } else if (t.level == "grid" || t.level == "community" || t.level == "department") {
    a.level = "street";
    a.assignee_kind = "street";
    a.assignee_id = org_.org().street.id;
  } else if (t.level == "street" && !t.department_id.empty()) {
    a.level = "department";
    a.assignee_kind = "department";
    a.assignee_id = t.department_id;
  } else {
    return std::nullopt;
  }
  a.reason = "escalated from " + t.level + ": " + why;
  return a;
}

}  // namespace gg
