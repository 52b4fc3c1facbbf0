#pragma once
// Reads the first worksheet of an .xlsx workbook (Office Open XML, as Excel and WPS save it) into
// a Sheet of text cells. Debian 12 packages no C++ XLSX reader, so this opens the zip with libzip
// and reads the few XML parts a sheet of values needs with pugixml: the workbook and its
// relationships (which part is the first sheet), the shared strings and the sheet itself.
// Formulas are read as their cached values; styles, dates and formatting are not interpreted.

#include <string>
#include <string_view>

#include "core/result.h"
#include "org/sheet.h"

namespace gg {

// The largest uncompressed XML part read: a roster sheet is a few hundred KiB, and a zip that
// inflates far beyond that is a wrong file or a zip bomb.
constexpr size_t kMaxXlsxPartBytes = 64u << 20;

// Reads the first sheet of the workbook in bytes (the whole .xlsx file). Cells come back as text:
// shared and inline strings as written (rich-text runs joined, _xHHHH_ escapes decoded),
// booleans as TRUE/FALSE, numbers as their digits — 13905311101 stays "13905311101", and
// "1.3905311101E+10" becomes "13905311101". A number whose digits cannot be trusted (stored in
// scientific notation with fewer digits than it has, like 1.38E+10 or an 18-digit ID number
// Excel cut to 15) and an error cell (#N/A, #REF!) become a SheetIssue, which the roster
// reports by row and column.
// Fails with invalidArgument "<origin>: <problem>" when bytes are not a zip (e.g. an old .xls),
// the workbook has no sheet, a part is not well-formed XML or a limit (kMaxXlsxPartBytes,
// kMaxSheetRows, kMaxSheetColumns) is passed.
Result<Sheet> readXlsxSheet(std::string_view bytes, const std::string& origin);

}  // namespace gg
