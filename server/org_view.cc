#include "server/org_view.h"

#include "core/text.h"

namespace gg {
namespace {

nlohmann::json contactView(const Contact& c) {
  return {{"name", c.name}, {"phone", maskPhone(c.phone)}, {"wecom_userid", c.wecom_userid},
          {"onebot_user_id", c.onebot_user_id}};
}

nlohmann::json dutyView(const std::vector<DutyWindow>& duty) {
  auto hhmm = [](int m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
    return std::string(buf);
  };
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : duty) {
    out.push_back({{"weekdays", d.weekdays}, {"from", hhmm(d.start_minute)}, {"to", hhmm(d.end_minute)}});
  }
  return out;
}

nlohmann::json gridView(const Grid& g) {
  nlohmann::json workers = nlohmann::json::array();
  for (const auto& w : g.workers) workers.push_back(workerView(w));
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& b : g.groups) {
    // The robot webhook URL carries a key: it is a secret and is never shown.
    groups.push_back({{"channel", b.channel}, {"group_id", b.group_id}, {"tags", b.tags},
                      {"has_robot", !b.robot_webhook.empty()}});
  }
  nlohmann::json compounds = nlohmann::json::array();
  for (const auto& c : g.area.compounds) {
    compounds.push_back({{"name", c.name}, {"aliases", c.aliases}, {"buildings", c.buildings}});
  }
  return {{"id", g.id},           {"name", g.name},     {"community_id", g.community_id},
          {"workers", workers},   {"groups", groups},
          {"area", {{"compounds", compounds}, {"streets", g.area.streets}}}};
}

nlohmann::json communityView(const Community& c, const std::string& only_grid) {
  nlohmann::json grids = nlohmann::json::array();
  for (const auto& g : c.grids) {
    if (only_grid.empty() || g.id == only_grid) grids.push_back(gridView(g));
  }
  return {{"id", c.id}, {"name", c.name}, {"aliases", c.aliases},
          {"contact", contactView(c.contact)}, {"grids", grids}};
}

}  // namespace

nlohmann::json workerView(const Worker& w) {
  return {{"id", w.id},
          {"name", w.name},
          {"role", workerRoleName(w.role)},
          {"phone", maskPhone(w.phone)},
          {"onebot_user_id", w.onebot_user_id},
          {"wecom_userid", w.wecom_userid},
          {"duty", dutyView(w.duty)}};
}

nlohmann::json orgView(const OrgIndex& org, const Principal& p) {
  const Org& o = org.org();
  nlohmann::json communities = nlohmann::json::array();
  for (const auto& c : o.communities) {
    if (p.role == Role::kAdmin || p.role == Role::kStreet || (p.role == Role::kCommunity && p.scope == c.id)) {
      communities.push_back(communityView(c, ""));
    } else if (p.role == Role::kGrid) {
      const Grid* g = org.grid(p.scope);
      if (g && g->community_id == c.id) communities.push_back(communityView(c, p.scope));
    }
  }
  nlohmann::json departments = nlohmann::json::array();
  for (const auto& d : o.departments) {
    nlohmann::json contacts = nlohmann::json::array();
    for (const auto& c : d.contacts) contacts.push_back(contactView(c));
    departments.push_back({{"id", d.id}, {"name", d.name}, {"kind", d.kind}, {"contacts", contacts}});
  }
  return {{"street", {{"id", o.street.id}, {"name", o.street.name}, {"city", o.street.city},
                      {"contact", contactView(o.street.contact)}}},
          {"communities", communities},
          {"departments", departments}};
}

}  // namespace gg
