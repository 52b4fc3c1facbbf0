#pragma once
// A street's grid roster (网格员花名册) as it keeps it in a spreadsheet — one row per grid
// worker — turned into the communities, grids, workers, groups and service areas of org/model.h.
// Pure: a Sheet in (org/sheet.h: CSV or .xlsx), communities or every problem out, each named
// "<file>: row N, column L (header): problem" with the row and column a person sees in Excel.
//
// Columns are found by their header (any order; the Chinese name or the English alias; a title
// row above the header is skipped). Per row: the worker. Grid columns (网格, 群, 小区, 道路) and
// community columns (社区, 社区别名, 社区联系人, 社区电话) are given on one row of their grid or
// community (usually the first) and may be repeated identically on others; a different value is
// an error. See README "Onboarding a street from its roster" for every column and cell format.

#include <string>
#include <vector>

#include "core/result.h"
#include "org/model.h"
#include "org/sheet.h"

namespace gg {

enum class RosterColumn {
  kCommunityId,       // 社区编号  community_id   required; lower-case id, the file name
  kCommunityName,     // 社区      community      required once per community
  kGridId,            // 网格编号  grid_id        required
  kGridName,          // 网格      grid           required once per grid
  kWorkerId,          // 网格员编号 worker_id     required, unique
  kName,              // 姓名      name           required
  kRole,              // 角色      role           网格长 | 专职网格员 | 兼职网格员
  kPhone,             // 手机      phone          required
  kDuty,              // 值班      duty           "1-5 08:30-17:30；6-7 09:00-18:00"; empty = always
  kWecomUserId,       // 企业微信  wecom_userid
  kOnebotUserId,      // QQ        onebot_user_id
  kOnebotGroups,      // QQ群      onebot_groups  per grid
  kWecomGroups,       // 企业微信群 wecom_groups  per grid
  kRobotWebhooks,     // 群机器人  robot_webhooks per grid, one per 企业微信群 in order
  kGroupTags,         // 群标签    group_tags     per grid, every group of the grid
  kCompounds,         // 小区      compounds      per grid: "滨悦新城（滨悦、滨悦小区）：1-8；…"
  kStreets,           // 道路      streets        per grid
  kCommunityAliases,  // 社区别名  community_aliases
  kContactName,       // 社区联系人 community_contact  required once per community
  kContactPhone,      // 社区电话  community_phone    required once per community
  kContactWecom,      // 社区企业微信 community_wecom_userid
};
constexpr int kRosterColumnCount = static_cast<int>(RosterColumn::kContactWecom) + 1;

// Returns the Chinese header of a column (what the template and the errors use) and its English
// alias; both are accepted in a file's header row.
const char* rosterHeader(RosterColumn column);
const char* rosterAlias(RosterColumn column);

// The most problems one run lists; after that only how many more there are. A wrong file (the
// wrong sheet, shifted columns) would otherwise print one line per cell.
constexpr size_t kMaxRosterProblems = 100;

// Builds the communities of the roster in sheet (origin names the file in messages), in the order
// they first appear, each grid with its workers in row order; grid_id and community_id are filled.
// Checks what the loader checks, by row: ids (lower-case letters, digits, '-', '_'), unique worker
// ids, QQ numbers, WeCom userids and groups; roles; phones; duty windows; one leader per grid; a
// grid in one community only; every required column present. Cells the reader flagged (a phone
// Excel stored as 1.38E+10) are problems too. Blank rows and columns headed 备注, 序号 or "_…"
// are ignored; any other unknown header is a problem.
// Fails with invalidArgument whose message lists every problem, one per line (at most
// kMaxRosterProblems), e.g. `roster.csv: row 7, column G (角色): unknown role "组员" (…)`.
Result<std::vector<Community>> parseRoster(const Sheet& sheet, const std::string& origin);

}  // namespace gg
