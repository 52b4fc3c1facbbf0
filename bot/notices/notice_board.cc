#include "bot/notices/notice_board.h"

#include <algorithm>

#include "bot/notices/notice_draft.h"
#include "bot/notices/notice_target.h"
#include "bot/notices/notice_text.h"

namespace gg {

Result<std::vector<NoticeInForce>> noticesInForce(Tx& tx, const OrgIndex& org, const Grid& grid, Millis now) {
  std::vector<NoticeInForce> out;
  for (NoticeStatus status : {NoticeStatus::kSending, NoticeStatus::kDone, NoticeStatus::kPartial}) {
    auto notices = tx.notices().list(status, 200, 0);
    if (!notices.isOk()) return notices.status();
    for (NoticeRecord& n : *notices) {
      if (n.send_at > now || (n.deadline && now >= n.deadline)) continue;
      auto draft = draftFromRecord(n);
      if (!draft.isOk()) continue;
      auto groups = resolveTarget(org, draft->target);
      if (!groups.isOk()) continue;
      const bool covers = std::any_of(groups->begin(), groups->end(),
                                      [&](const TargetGroup& g) { return g.grid && g.grid->id == grid.id; });
      if (covers) out.push_back({std::move(n), std::move(draft).value()});
    }
  }
  return out;
}

Result<std::vector<BoardNotice>> noticesForGrid(Tx& tx, const OrgIndex& org, const std::string& grid_id,
                                                Millis now) {
  std::vector<BoardNotice> out;
  const Grid* grid = org.grid(grid_id);
  if (!grid) return out;
  const Community* community = org.community(grid->community_id);
  auto in_force = noticesInForce(tx, org, *grid, now);
  if (!in_force.isOk()) return in_force.status();
  for (const NoticeInForce& f : *in_force) {
    BoardNotice b;
    b.id = f.record.id;
    const auto vars = noticeVars(f.draft, grid, community);
    b.title = renderTemplate(f.draft.title, vars);
    b.text = renderTemplate(f.draft.body, vars);
    b.deadline = f.record.deadline;
    b.urgent = f.draft.urgent;
    out.push_back(std::move(b));
  }
  std::sort(out.begin(), out.end(), [](const BoardNotice& a, const BoardNotice& b) { return a.id > b.id; });
  return out;
}

}  // namespace gg
