#pragma once
// CSV for the monthly report: /api/assessment?format=csv, /api/stats?format=csv and `gridgate
// assess --format csv`. UTF-8 with a byte-order mark (Excel on Windows reads BOM-less UTF-8 as
// GBK and garbles every Chinese header), CRLF line ends, RFC 4180 quoting, Chinese headers, and
// rates as percentages ("87.5%"), empty where there is nothing to divide by.

#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "org/model.h"

namespace gg {

// Returns one cell: quoted when it holds a comma, quote or line break; text that a spreadsheet
// would run as a formula (=, +, -, @, tab) gets a leading apostrophe.
std::string csvCell(const std::string& text);

// Returns the document: BOM, then each row's cells joined by commas, each line ended by CRLF.
// Cells are escaped here (callers pass raw text).
std::string csvDocument(const std::vector<std::vector<std::string>>& rows);

// Returns the assessment report (as assessmentReport builds it, any "by") as CSV: a header row
// and one row per item, in the report's order.
std::string assessmentCsv(const nlohmann::json& report);

// Returns /api/stats' answer as CSV: a header row, one row per breakdown key (its id and name from
// org) and a last row 合计 with the totals.
std::string statsCsv(const nlohmann::json& stats, const OrgIndex& org);

// Replies 200 with body as text/csv and a Content-Disposition naming filename.
void replyCsv(httplib::Response& res, const std::string& body, const std::string& filename);

}  // namespace gg
