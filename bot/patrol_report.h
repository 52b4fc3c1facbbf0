#pragma once
// 网格员直报: a grid worker reporting what they found on patrol. A worker's line that starts with
// 直报 / 上报 / 巡查发现 / 发现 (and is not a ticket command such as "上报 1001") is a patrol
// report: it becomes a ticket with source "patrol" and the worker as reporter, taken by that
// worker at once when the grid can handle it, or sent to the owning department with the worker
// copied.

#include <optional>
#include <string>
#include <string_view>

namespace gg {

// Returns what the report says after its lead word ("3号楼东侧消防通道被堵" for
// "巡查发现：3号楼东侧消防通道被堵"), or nullopt when text is not a patrol report. An @mention
// before the lead word is skipped; the rest must not be empty.
std::optional<std::string> patrolReportBody(std::string_view text);

}  // namespace gg
