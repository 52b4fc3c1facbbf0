// Internal to org/roster.cc: the formats of a roster's cells, as people type them in Excel or
// WPS — Chinese or ASCII punctuation alike. Each parser returns the value or the problem in
// words, which roster.cc prefixes with the file, row and column.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "org/model.h"

namespace gg::roster_detail {

// A value or, when the cell cannot be read, what is wrong with it.
template <typename T>
struct Parsed {
  T value{};
  std::string problem;  // empty = ok
};

// The widest building range one cell may expand ("1-2000" is a typo, not 2000 buildings).
constexpr int kMaxBuildingRange = 500;

// Removes ASCII white space, U+3000 (full-width space) and U+00A0 from both ends.
std::string trim(std::string_view s);

// Splits a list cell on ',', '，', '、', ';', '；', line breaks and spaces; empty items dropped.
std::vector<std::string> splitList(std::string_view s);

// Splits on ';', '；' and line breaks only (items that contain commas: compounds, duty windows).
std::vector<std::string> splitItems(std::string_view s);

// Reads 网格长 / 专职网格员 / 兼职网格员 (also 专职, 兼职, leader, fulltime, parttime).
Parsed<WorkerRole> parseRole(std::string_view s);

// Reads duty windows: "1-5 08:30-17:30；6-7 09:00-18:00", "工作日 8:30-17:30", "周末 09:00～18:00",
// "周一至周五 08:30-17:30", "08:30-17:30" (every day). An empty cell is no window (always on duty).
Parsed<std::vector<DutyWindow>> parseDuty(std::string_view s);

// Reads compounds: "滨悦新城（滨悦、滨悦小区）：1-8；水利局宿舍(水利宿舍):1,2,3；商业街". Buildings
// are numbers, ranges ("1-8", "1~8"), or names ("A座"); "号楼", "栋", "幢", "号" after a number
// are dropped. A compound or building listed twice is a problem.
Parsed<std::vector<Compound>> parseCompounds(std::string_view s);

// Returns true for a WeCom UserID: 1-64 of A-Z a-z 0-9 _ - @ .
bool isWecomUserId(std::string_view s);

}  // namespace gg::roster_detail
