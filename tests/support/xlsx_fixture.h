#pragma once
// .xlsx workbooks for the roster tests, written with libzip the way Excel lays them out: the
// workbook and its relationships, shared strings, and one XML part per sheet. Cells are typed
// as Excel would store what a person typed: digits as numbers (phones, QQ numbers), text as
// shared strings, and — to cover both — every third text cell as an inline string.

#include <zip.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "org/sheet.h"

namespace gg::test {

// One cell as stored in the sheet XML: kAuto picks number or string from the text; kRawNumber
// writes text as the <v> of a number cell as it is (e.g. "1.38E+10"); kError an error cell.
struct XlsxCell {
  enum Kind { kAuto, kRawNumber, kError };
  std::string text;
  Kind kind = kAuto;
};
using XlsxRows = std::vector<std::vector<XlsxCell>>;

inline std::string xmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Returns the <worksheet> XML of rows; text cells go to shared (their index) unless inline.
inline std::string sheetXml(const XlsxRows& rows, std::vector<std::string>* shared) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
  int text_cells = 0;
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string rn = std::to_string(r + 1);
    xml += "<row r=\"" + rn + "\">";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const XlsxCell& cell = rows[r][c];
      if (cell.text.empty()) continue;  // Excel leaves empty cells out
      const std::string ref = columnLetters(static_cast<int>(c)) + rn;
      const bool digits = cell.text.size() <= 15 &&
                          cell.text.find_first_not_of("0123456789") == std::string::npos;
      if (cell.kind == XlsxCell::kRawNumber || (cell.kind == XlsxCell::kAuto && digits)) {
        xml += "<c r=\"" + ref + "\"><v>" + cell.text + "</v></c>";
      } else if (cell.kind == XlsxCell::kError) {
        xml += "<c r=\"" + ref + "\" t=\"e\"><v>" + xmlEscape(cell.text) + "</v></c>";
      } else if (++text_cells % 3 == 0) {
        xml += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + xmlEscape(cell.text) +
               "</t></is></c>";
      } else {
        xml += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(shared->size()) + "</v></c>";
        shared->push_back(cell.text);
      }
    }
    xml += "</row>";
  }
  return xml + "</sheetData></worksheet>";
}

// Writes a workbook to path whose first tab is `rows` (named 花名册, stored as
// xl/worksheets/roster.xml and found through the relationships) followed by a second tab of
// notes stored as xl/worksheets/sheet1.xml, the name a reader that guesses would pick.
inline void writeXlsx(const std::string& path, const XlsxRows& rows) {
  std::vector<std::string> shared;
  const std::string roster = sheetXml(rows, &shared);
  const std::string notes = sheetXml({{{"说明"}, {"这一页不是花名册"}}}, &shared);
  std::string sst =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" +
      std::to_string(shared.size()) + "\">";
  for (const auto& s : shared) sst += "<si><t>" + xmlEscape(s) + "</t></si>";
  sst += "</sst>";
  const std::string ns = "http://schemas.openxmlformats.org/";
  const std::vector<std::pair<std::string, std::string>> parts = {
      {"[Content_Types].xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"" + ns +
           "package/2006/content-types\"><Default Extension=\"rels\" "
           "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
           "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"},
      {"_rels/.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" + ns +
           "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" + ns +
           "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
           "</Relationships>"},
      {"xl/workbook.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + ns +
           "spreadsheetml/2006/main\" xmlns:r=\"" + ns +
           "officeDocument/2006/relationships\"><sheets>"
           "<sheet name=\"花名册\" sheetId=\"2\" r:id=\"rId2\"/>"
           "<sheet name=\"说明\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" + ns +
           "package/2006/relationships\">"
           "<Relationship Id=\"rId1\" Type=\"" + ns +
           "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
           "<Relationship Id=\"rId2\" Type=\"" + ns +
           "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/roster.xml\"/>"
           "<Relationship Id=\"rId3\" Type=\"" + ns +
           "officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
           "</Relationships>"},
      {"xl/sharedStrings.xml", sst},
      {"xl/worksheets/roster.xml", roster},
      {"xl/worksheets/sheet1.xml", notes},
  };
  int err = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!zip) throw std::runtime_error("zip_open failed: " + path);
  for (const auto& [name, data] : parts) {
    // libzip reads the buffer at zip_close; `parts` outlives it.
    zip_source_t* src = zip_source_buffer(zip, data.data(), data.size(), 0);
    if (!src || zip_file_add(zip, name.c_str(), src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(src);
      zip_discard(zip);
      throw std::runtime_error("zip_file_add failed: " + name);
    }
  }
  if (zip_close(zip) != 0) {
    zip_discard(zip);
    throw std::runtime_error("zip_close failed: " + path);
  }
}

// The rows of a Sheet (e.g. the CSV template) as workbook rows, typed by kAuto.
inline XlsxRows xlsxRowsOf(const Sheet& sheet) {
  XlsxRows out;
  for (const auto& row : sheet.rows) {
    std::vector<XlsxCell> cells;
    for (const auto& text : row.cells) cells.push_back({text});
    out.push_back(std::move(cells));
  }
  return out;
}

}  // namespace gg::test
