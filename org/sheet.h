#pragma once
// A spreadsheet as rows of text, whatever it was saved as: a CSV file (parseCsvSheet) or the first
// sheet of an .xlsx workbook (org/xlsx_reader.h). The roster importer (org/roster.h) reads this
// and never sees the file format.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace gg {

// One row as the spreadsheet numbers it: `number` is the 1-based row number a person sees in
// Excel/WPS (the header is row 1 when it is the first line); cells[i] is column i (A = 0).
struct SheetRow {
  int number = 0;
  std::vector<std::string> cells;
};

// A cell the reader could read but not trust, e.g. a phone number Excel stored as 1.38E+10.
// The roster importer reports it with the column's header name.
struct SheetIssue {
  int row = 0;
  int column = 0;  // 0-based (A = 0)
  std::string problem;
};

struct Sheet {
  std::string name;            // the tab's name in a workbook; empty for CSV
  std::vector<SheetRow> rows;  // in order; rows with no cell at all are left out
  std::vector<SheetIssue> issues;
};

// The limits a roster file is read under; a real street's roster has a few hundred rows.
constexpr size_t kMaxSheetBytes = 32u << 20;  // 32 MiB of text: far above any city's roster
constexpr int kMaxSheetRows = 200000;         // more rows is a wrong file, not a roster
constexpr int kMaxSheetColumns = 256;         // Excel's old .xls limit; a roster has ~20

// Returns the column letters of a 0-based column index: 0 -> "A", 25 -> "Z", 26 -> "AA".
std::string columnLetters(int column);

// Parses CSV text (RFC 4180: ',' separated, '"' quoted, "" inside quotes, line breaks inside
// quotes kept) into rows numbered from 1 by record. Accepts a UTF-8 BOM and LF, CRLF or CR line
// ends. Fails with invalidArgument "<origin>: line|row N: ..." when the text is not UTF-8 (Excel's
// plain "CSV" is GBK on Chinese Windows: save as "CSV UTF-8" or .xlsx), a quoted field is never
// closed, or a limit above is passed.
Result<Sheet> parseCsvSheet(std::string_view text, const std::string& origin);

}  // namespace gg
