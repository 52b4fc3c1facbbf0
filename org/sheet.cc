#include "org/sheet.h"

#include "core/text.h"

namespace gg {

std::string columnLetters(int column) {
  std::string out;
  for (int n = column + 1; n > 0; n = (n - 1) / 26) {
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return out;
}

Result<Sheet> parseCsvSheet(std::string_view text, const std::string& origin) {
  if (text.size() > kMaxSheetBytes) {
    return invalidArgument(origin + ": larger than " + std::to_string(kMaxSheetBytes >> 20) +
                           " MiB; a roster is a few hundred rows");
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // Excel's "CSV UTF-8" BOM
  if (!isValidUtf8(text)) {
    // Name the first bad line, so the person can see which name was typed in another encoding.
    int row = 1;
    for (size_t start = 0; start < text.size(); ++row) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      if (!isValidUtf8(text.substr(start, end - start))) break;
      start = end + 1;
    }
    return invalidArgument(origin + ": line " + std::to_string(row) +
                           ": not UTF-8 text (Excel's plain \"CSV\" is GBK on Chinese Windows: "
                           "save as \"CSV UTF-8\" or as .xlsx)");
  }
  Sheet sheet;
  SheetRow row;
  row.number = 1;
  std::string field;
  bool quoted = false, field_started = false, row_has_content = false;
  int quote_row = 0;
  size_t i = 0;

  auto endField = [&]() -> bool {
    row.cells.push_back(std::move(field));
    field.clear();
    field_started = false;
    return row.cells.size() <= static_cast<size_t>(kMaxSheetColumns);
  };
  auto endRow = [&]() {
    if (row_has_content) sheet.rows.push_back(std::move(row));
    row = SheetRow{};
    row_has_content = false;
  };
  // Rows are numbered by record, as a spreadsheet program shows them after opening the file;
  // blank lines are records too, so the count is kept separately.
  int record = 1;
  auto nextRecord = [&]() {
    endRow();
    row.number = ++record;
  };

  while (i < text.size()) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        ++i;
        continue;
      }
      field += c;
      ++i;
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = field_started = row_has_content = true;
      quote_row = record;
      ++i;
      continue;
    }
    if (c == ',') {
      row_has_content = true;
      if (!endField()) {
        return invalidArgument(origin + ": row " + std::to_string(record) + ": more than " +
                               std::to_string(kMaxSheetColumns) + " columns");
      }
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (row_has_content || field_started || !field.empty()) {
        row_has_content = true;
        if (!endField()) {
          return invalidArgument(origin + ": row " + std::to_string(record) + ": more than " +
                                 std::to_string(kMaxSheetColumns) + " columns");
        }
      }
      i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
      nextRecord();
      if (record > kMaxSheetRows) {
        return invalidArgument(origin + ": more than " + std::to_string(kMaxSheetRows) + " rows");
      }
      continue;
    }
    field += c;
    field_started = row_has_content = true;
    ++i;
  }
  if (quoted) {
    return invalidArgument(origin + ": row " + std::to_string(quote_row) +
                           ": a quoted field (\") is never closed");
  }
  if (row_has_content || field_started || !field.empty()) {
    row_has_content = true;
    if (!endField()) {
      return invalidArgument(origin + ": row " + std::to_string(record) + ": more than " +
                             std::to_string(kMaxSheetColumns) + " columns");
    }
  }
  endRow();
  return sheet;
}

}  // namespace gg
