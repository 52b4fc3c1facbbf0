#pragma once
// What a grid's notice board shows (the resident page): the notices in force for that grid now,
// worded as its group reads them. The same notices answer questions (NoticeService::answerFor).

#include <string>
#include <vector>

#include "bot/notices/notice_draft.h"
#include "core/clock.h"
#include "org/model.h"
#include "storage/store.h"

namespace gg {

struct BoardNotice {
  int64_t id = 0;
  std::string title;
  std::string text;   // the body filled in for the grid (its worker, deadline, vars)
  Millis deadline = 0;
  bool urgent = false;
};

// A notice in force, with its draft read back from the row.
struct NoticeInForce {
  NoticeRecord record;
  NoticeDraft draft;
};

// Returns the notices in force for grid at now — sending or sent (what residents were or are
// being told), already due, before their deadline, aimed at one of the grid's groups — in the
// store's list order. Rows whose draft or target no longer reads are skipped.
Result<std::vector<NoticeInForce>> noticesInForce(Tx& tx, const OrgIndex& org, const Grid& grid, Millis now);

// Returns the notices in force for grid_id at now — sending or sent, already due, before their
// deadline, aimed at one of the grid's groups — newest first. An unknown grid has none.
Result<std::vector<BoardNotice>> noticesForGrid(Tx& tx, const OrgIndex& org, const std::string& grid_id,
                                                Millis now);

}  // namespace gg
