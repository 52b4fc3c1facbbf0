#include "bot/notices/notice_sms.h"

#include <set>

namespace gg {

std::vector<std::string> targetGrids(const OrgIndex& org, const NoticeTarget& target,
                                     const std::vector<TargetGroup>& groups) {
  std::set<std::string> wanted;
  // Tags narrow a target to tagged groups; then only those groups' grids are meant.
  if (target.tags.empty()) {
    const std::set<std::string> communities(target.communities.begin(), target.communities.end());
    const std::set<std::string> grids(target.grids.begin(), target.grids.end());
    for (const auto& c : org.org().communities) {
      for (const auto& g : c.grids) {
        if (target.all || communities.count(c.id) || grids.count(g.id)) wanted.insert(g.id);
      }
    }
  }
  for (const auto& g : groups) wanted.insert(g.grid->id);
  std::vector<std::string> out;
  for (const auto& c : org.org().communities) {
    for (const auto& g : c.grids) {
      if (wanted.count(g.id)) out.push_back(g.id);
    }
  }
  return out;
}

Status scheduleSmsDeliveries(Tx& tx, const OrgIndex& org, int64_t notice_id,
                             const std::vector<std::string>& grids,
                             const std::vector<std::pair<std::string, Millis>>& sends) {
  auto subscribers = tx.subscribers().forGrids(grids);
  if (!subscribers.isOk()) return subscribers.status();
  for (const auto& s : *subscribers) {
    const Grid* grid = org.grid(s.grid_id);
    if (!grid) continue;  // subscribed to a grid since removed from the config
    for (const auto& [kind, t] : sends) {
      NoticeDelivery del;
      del.notice_id = notice_id;
      del.send_kind = kind;
      del.channel = Channel::kSms;
      del.group_id = s.phone;
      del.grid_id = grid->id;
      del.community_id = grid->community_id;
      del.due_at = t;
      auto id = tx.notices().addDelivery(del);
      if (!id.isOk()) return id.status();
    }
  }
  return Status::ok();
}

Result<bool> addressSmsDelivery(Tx& tx, const NoticeDelivery& d, OutboundMessage* m) {
  auto out = tx.subscribers().isOptedOut(d.group_id);
  if (!out.isOk()) return out.status();
  if (*out) return false;
  m->channel = Channel::kSms;
  m->target_kind = TargetKind::kPhone;
  m->target = d.group_id;
  m->mention_all = false;
  return true;
}

}  // namespace gg
