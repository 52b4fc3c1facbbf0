#include "bot/notices/notice_board.h"

#include <algorithm>

#include "bot/notices/notice_draft.h"
#include "bot/notices/notice_target.h"
#include "bot/notices/notice_text.h"

namespace gg {

Result<std::vector<BoardNotice>> noticesForGrid(Tx& tx, const OrgIndex& org, const std::string& grid_id,
                                                Millis now) {
  std::vector<BoardNotice> out;
  const Grid* grid = org.grid(grid_id);
  if (!grid) return out;
  const Community* community = org.community(grid->community_id);
  // The statuses answerPerson treats as in force: what residents were (or are being) told.
  for (const char* status : {"sending", "done", "partial"}) {
    auto notices = tx.notices().list(status, 200, 0);
    if (!notices.isOk()) return notices.status();
    for (const NoticeRecord& n : *notices) {
      if (n.send_at > now || (n.deadline && now >= n.deadline)) continue;
      auto draft = draftFromRecord(n);
      if (!draft.isOk()) continue;
      auto groups = resolveTarget(org, draft->target);
      if (!groups.isOk()) continue;
      const bool covers = std::any_of(groups->begin(), groups->end(),
                                      [&](const TargetGroup& g) { return g.grid && g.grid->id == grid->id; });
      if (!covers) continue;
      BoardNotice b;
      b.id = n.id;
      const auto vars = noticeVars(*draft, grid, community);
      b.title = renderTemplate(draft->title, vars);
      b.text = renderTemplate(draft->body, vars);
      b.deadline = n.deadline;
      b.urgent = draft->urgent;
      out.push_back(std::move(b));
    }
  }
  std::sort(out.begin(), out.end(), [](const BoardNotice& a, const BoardNotice& b) { return a.id > b.id; });
  return out;
}

}  // namespace gg
