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

std::string levelName(Level level) {
  switch (level) {
    case Level::kGrid: return "网格";
    case Level::kCommunity: return "社区";
    case Level::kStreet: return "街道";
    case Level::kDepartment: return "部门";
  }
  return "";
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

namespace {

bool hasBuilding(const Compound& cp, const std::string& building) {
  return std::find(cp.buildings.begin(), cp.buildings.end(), building) != cp.buildings.end();
}

// The grids whose area holds a compound (and the building, when one was said and some grid lists
// it). A compound split between grids (滨悦新城 1-8 and 9-16) with no building said has them all.
std::vector<const Grid*> gridsWithCompound(const Org& org, const std::string& compound,
                                           const std::string& building) {
  std::vector<const Grid*> all, with_building;
  for (const auto& community : org.communities) {
    for (const auto& g : community.grids) {
      for (const auto& cp : g.area.compounds) {
        if (cp.name != compound) continue;
        all.push_back(&g);
        if (!building.empty() && hasBuilding(cp, building)) with_building.push_back(&g);
        break;
      }
    }
  }
  return with_building.empty() ? all : with_building;
}

std::vector<const Grid*> gridsOnStreet(const Org& org, const std::string& street) {
  std::vector<const Grid*> out;
  for (const auto& community : org.communities) {
    for (const auto& g : community.grids) {
      if (std::find(g.area.streets.begin(), g.area.streets.end(), street) != g.area.streets.end()) {
        out.push_back(&g);
      }
    }
  }
  return out;
}

// Several grids could own the place: nobody guesses. The ticket waits at the community they all
// belong to (or the street when they span communities), with the candidates named.
Placement ambiguous(const std::string& what, const std::vector<const Grid*>& grids, std::string place_key) {
  Placement p;
  p.place_key = std::move(place_key);
  std::string names;
  std::string community = grids.front()->community_id;
  for (const Grid* g : grids) {
    p.candidates.push_back(g->id);
    names += (names.empty() ? "" : "、") + g->name;
    if (g->community_id != community) community.clear();
  }
  p.community_id = community;
  p.reason = what + "在多个网格（" + names + "），无法确定是哪一个";
  return p;
}

void placeIn(Placement& p, const Grid& g, std::string reason) {
  p.grid_id = g.id;
  p.community_id = g.community_id;
  p.reason = std::move(reason);
}

}  // namespace

Placement Router::place(const InboundEnvelope& env, const Classification& c,
                        const std::optional<TicketRecord>& previous) const {
  Placement p;
  const std::string building = buildingOf(c);
  const std::string at_building = building.empty() ? "" : building + "号楼";
  std::string compound, street;
  for (const auto& pl : c.entities.places) {
    if (pl.kind == "compound" && compound.empty()) compound = pl.name;
    if (pl.kind == "street" && street.empty()) street = pl.name;
  }
  auto keyFor = [&](const std::string& cp) { return cp + (building.empty() ? "" : "#" + building); };
  p.place_key = keyFor(compound);
  const std::vector<const Grid*> compound_grids =
      compound.empty() ? std::vector<const Grid*>{} : gridsWithCompound(org_.org(), compound, building);

  // The resident page of a grid speaks for that grid as its group does.
  const Grid* page_grid = env.group_id.empty() && !env.grid_id.empty() ? org_.grid(env.grid_id) : nullptr;
  const Grid* group_grid = env.group_id.empty() ? page_grid : org_.gridForGroup(env.channel, env.group_id);
  if (group_grid) {
    const bool ours = std::find(compound_grids.begin(), compound_grids.end(), group_grid) != compound_grids.end();
    if (!compound_grids.empty() && !ours) {
      // A resident of one grid's group reports a compound of another grid: the compound's grid
      // acts, the group's grid is copied (it hears its residents' reports).
      if (compound_grids.size() > 1) {
        Placement a = ambiguous(compound + at_building, compound_grids, p.place_key);
        a.copy_grid_id = group_grid->id;
        return a;
      }
      placeIn(p, *compound_grids.front(),
              "群属于" + group_grid->name + "，但" + compound + at_building + "在" + compound_grids.front()->name);
      p.copy_grid_id = group_grid->id;
      return p;
    }
    if (compound.empty() && !building.empty()) {
      // "3号楼电梯坏了" in the group: the group grid's compound with that building, when only one
      // has it, so the report merges with "滨悦新城3号楼电梯坏了".
      const Compound* only = nullptr;
      int n = 0;
      for (const auto& cp : group_grid->area.compounds) {
        if (hasBuilding(cp, building)) { only = &cp; ++n; }
      }
      if (n == 1) p.place_key = keyFor(only->name);
    }
    placeIn(p, *group_grid, "消息来自" + group_grid->name + (page_grid ? "的居民页" : "的群"));
    return p;
  }
  // An address said in the message: the grid whose area has that compound (and building).
  if (compound_grids.size() == 1) {
    placeIn(p, *compound_grids.front(), compound + at_building + "在" + compound_grids.front()->name);
    return p;
  }
  auto previousIn = [&](const std::vector<const Grid*>& grids) -> const Grid* {
    if (!previous) return nullptr;
    for (const Grid* g : grids) {
      if (g->id == previous->grid_id) return g;
    }
    return nullptr;
  };
  if (compound_grids.size() > 1) {
    if (const Grid* g = previousIn(compound_grids)) {
      placeIn(p, *g, compound + "跨多个网格；来电人上次的工单" + std::to_string(previous->id) + "在" + g->name);
      return p;
    }
    return ambiguous(compound + at_building, compound_grids, p.place_key);
  }
  if (!street.empty()) {
    const std::vector<const Grid*> grids = gridsOnStreet(org_.org(), street);
    if (grids.size() == 1) {
      placeIn(p, *grids.front(), street + "在" + grids.front()->name);
      return p;
    }
    if (grids.size() > 1) {
      if (const Grid* g = previousIn(grids)) {
        placeIn(p, *g, street + "经过多个网格；来电人上次的工单" + std::to_string(previous->id) + "在" + g->name);
        return p;
      }
      return ambiguous(street, grids, p.place_key);
    }
  }
  if (previous && org_.grid(previous->grid_id)) {
    placeIn(p, *org_.grid(previous->grid_id),
            "未说地址；来电人上次的工单" + std::to_string(previous->id) + "在" + org_.grid(previous->grid_id)->name);
    return p;
  }
  for (const auto& pl : c.entities.places) {
    if (!pl.community_id.empty() && org_.community(pl.community_id)) {
      p.community_id = pl.community_id;
      p.reason = "只知道社区（" + pl.name + "），没有小区或楼号";
      return p;
    }
  }
  p.reason = "消息里没有地址，来电人也没有以前的工单";
  return p;
}

int OpenLoadInTx::openTickets(const std::string& worker_id) const {
  auto n = tx_.tickets().openLoad(worker_id);
  return n.isOk() ? *n : 0;
}

const Worker* Router::onDuty(const Grid& grid, Millis now, const WorkerLoad& load, std::string* why) const {
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
    const int l = load.openTickets(w.id);
    if (!best || rank < best_rank || (rank == best_rank && l < best_load)) {
      best = &w;
      best_rank = rank;
      best_load = l;
    }
  }
  if (best) {
    if (why) {
      *why = std::string(best->role == WorkerRole::kFullTime ? "专职网格员" : "兼职网格员") + best->name +
             "在岗，手上" + std::to_string(best_load) + "件未办结";
    }
    return best;
  }
  if (leader && why) *why = "无人在岗，由网格长" + leader->name + "办理";
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
                          const WorkerLoad& load) const {
  Assignment a;
  if (!p.routed()) {
    if (!p.community_id.empty()) {
      a.level = Level::kCommunity;
      a.assignee_kind = AssigneeKind::kCommunity;
      a.assignee_id = p.community_id;
      a.reason = "未能分派：" + p.reason + "；由社区指派";
    } else {
      a.level = Level::kStreet;
      a.assignee_kind = AssigneeKind::kStreet;
      a.assignee_id = org_.org().street.id;
      a.reason = "未能分派：" + p.reason + "；由街道指挥中心指派";
    }
    return a;
  }
  const Grid* grid = org_.grid(p.grid_id);
  std::string why;
  const Worker* w = grid ? onDuty(*grid, now, load, &why) : nullptr;
  if (!c.owner.empty() && c.owner != "grid") {
    if (const Department* d = departmentFor(c.owner, grid)) {
      a.level = Level::kDepartment;
      a.assignee_kind = AssigneeKind::kDepartment;
      a.assignee_id = d->id;
      a.department_id = d->id;
      if (w) a.copied_worker_id = w->id;
      a.reason = c.label + "由" + d->name + "办理" + (w ? "；抄送" + w->name + "（" + why + "）" : "");
      return a;
    }
    why = "未配置负责此事的部门，由网格办理；" + why;
  }
  a.level = Level::kGrid;
  if (w) {
    a.assignee_kind = AssigneeKind::kWorker;
    a.assignee_id = w->id;
    a.reason = p.reason + "；" + why;
    if (const Grid* copy = p.copy_grid_id.empty() ? nullptr : org_.grid(p.copy_grid_id)) {
      std::string copy_why;
      if (const Worker* cw = copy != grid ? onDuty(*copy, now, load, &copy_why) : nullptr) {
        a.copied_worker_id = cw->id;
        a.reason += "；抄送" + copy->name + "的" + cw->name;
      }
    }
  } else {
    a.level = Level::kCommunity;
    a.assignee_kind = AssigneeKind::kCommunity;
    a.assignee_id = p.community_id;
    a.reason = "网格没有网格员，由社区办理";
  }
  return a;
}

std::optional<Assignment> Router::escalate(const TicketRecord& t, const std::string& why) const {
  Assignment a;
  a.department_id = t.department_id;
  a.copied_worker_id = t.copied_worker_id;
  if (t.level == Level::kGrid && !t.community_id.empty()) {
    a.level = Level::kCommunity;
    a.assignee_kind = AssigneeKind::kCommunity;
    a.assignee_id = t.community_id;
  } else if (t.level == Level::kGrid || t.level == Level::kCommunity || t.level == Level::kDepartment) {
    a.level = Level::kStreet;
    a.assignee_kind = AssigneeKind::kStreet;
    a.assignee_id = org_.org().street.id;
  } else if (t.level == Level::kStreet && !t.department_id.empty()) {
    a.level = Level::kDepartment;
    a.assignee_kind = AssigneeKind::kDepartment;
    a.assignee_id = t.department_id;
  } else {
    return std::nullopt;
  }
  a.reason = "从" + levelName(t.level) + "上报：" + why;
  return a;
}

}  // namespace gg
