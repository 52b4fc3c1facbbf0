#include "org/model.h"

namespace gg {
namespace {
std::string key(Channel c, const std::string& id) { return std::string(toString(c)) + '\n' + id; }

template <typename M>
typename M::mapped_type find(const M& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? nullptr : it->second;
}
}  // namespace

const char* workerRoleName(WorkerRole role) {
  switch (role) {
    case WorkerRole::kLeader: return "leader";
    case WorkerRole::kFullTime: return "fulltime";
    case WorkerRole::kPartTime: return "parttime";
  }
  return "fulltime";
}

OrgIndex::OrgIndex(std::shared_ptr<const Org> org) : org_(std::move(org)) {
  for (const auto& c : org_->communities) {
    communities_[c.id] = &c;
    for (const auto& g : c.grids) {
      grids_[g.id] = &g;
      for (const auto& w : g.workers) {
        workers_[w.id] = &w;
        if (!w.onebot_user_id.empty()) platform_ids_[key(Channel::kOneBot, w.onebot_user_id)] = &w;
        if (!w.wecom_userid.empty()) platform_ids_[key(Channel::kWeCom, w.wecom_userid)] = &w;
      }
      for (const auto& b : g.groups) groups_[key(b.channel, b.group_id)] = &b;
    }
  }
  for (const auto& d : org_->departments) departments_[d.id] = &d;
}

const Community* OrgIndex::community(const std::string& id) const { return find(communities_, id); }
const Grid* OrgIndex::grid(const std::string& id) const { return find(grids_, id); }
const Worker* OrgIndex::worker(const std::string& id) const { return find(workers_, id); }
const Department* OrgIndex::department(const std::string& id) const {
  return find(departments_, id);
}
const GroupBinding* OrgIndex::group(Channel channel, const std::string& group_id) const {
  return find(groups_, key(channel, group_id));
}
const Grid* OrgIndex::gridForGroup(Channel channel, const std::string& group_id) const {
  const GroupBinding* b = group(channel, group_id);
  return b ? grid(b->grid_id) : nullptr;
}
const Worker* OrgIndex::workerByPlatformId(Channel channel,
                                           const std::string& user_id) const {
  return find(platform_ids_, key(channel, user_id));
}
std::vector<const GroupBinding*> OrgIndex::allGroups() const {
  std::vector<const GroupBinding*> out;
  for (const auto& [k, b] : groups_) out.push_back(b);
  return out;
}

}  // namespace gg
