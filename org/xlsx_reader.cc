#include "org/xlsx_reader.h"

#include <zip.h>

#include <cctype>
#include <cstring>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <vector>

#include "core/text.h"

namespace gg {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

// Element and attribute names without their namespace prefix: producers write <c> or <x:c>.
std::string_view localName(const char* name) {
  std::string_view n(name);
  const size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && localName(c.name()) == name) return c;
  }
  return {};
}

// Reads one part of the archive; nullopt when it does not exist. Fails above kMaxXlsxPartBytes.
Result<std::optional<std::string>> readPart(zip_t* zip, const std::string& name,
                                            const std::string& origin) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip, name.c_str(), 0, &st) != 0) return std::optional<std::string>();
  if ((st.valid & ZIP_STAT_SIZE) && st.size > kMaxXlsxPartBytes) {
    return invalidArgument(origin + ": " + name + " inflates to more than " +
                           std::to_string(kMaxXlsxPartBytes >> 20) + " MiB");
  }
  zip_file_t* f = zip_fopen(zip, name.c_str(), 0);
  if (!f) return invalidArgument(origin + ": " + name + ": cannot be read from the zip");
  std::string out;
  char buf[65536];
  zip_int64_t n;
  // The size in the directory can lie; the cap holds for the bytes actually inflated.
  while ((n = zip_fread(f, buf, sizeof buf)) > 0) {
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > kMaxXlsxPartBytes) {
      zip_fclose(f);
      return invalidArgument(origin + ": " + name + " inflates to more than " +
                             std::to_string(kMaxXlsxPartBytes >> 20) + " MiB");
    }
  }
  zip_fclose(f);
  if (n < 0) return invalidArgument(origin + ": " + name + ": corrupt zip data");
  return std::optional<std::string>(std::move(out));
}

Result<pugi::xml_document*> parseXml(const std::string& text, pugi::xml_document* doc,
                                     const std::string& origin, const std::string& part) {
  pugi::xml_parse_result r = doc->load_buffer(text.data(), text.size());
  if (!r) {
    return invalidArgument(origin + ": " + part + ": not well-formed XML at byte " +
                           std::to_string(r.offset) + " (" + r.description() + ")");
  }
  return doc;
}

// OOXML writes characters XML cannot hold (and some it can, like CR) as _xHHHH_.
std::string decodeEscapes(const std::string& s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (i + 7 <= s.size() && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_' &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 3])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 4])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 5]))) {
      const unsigned cp = static_cast<unsigned>(std::stoul(s.substr(i + 2, 4), nullptr, 16));
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
      i += 7;
    } else {
      out += s[i++];
    }
  }
  return out;
}

// The text of a shared string item or an inline string: <t> directly, or the <t> of each rich
// text run <r>; phonetic guides (<rPh>) are not part of the value.
std::string stringItemText(pugi::xml_node si) {
  std::string out;
  for (pugi::xml_node c : si.children()) {
    const auto name = localName(c.name());
    if (name == "t") {
      out += c.text().get();
    } else if (name == "r") {
      out += child(c, "t").text().get();
    }
  }
  return decodeEscapes(out);
}

// Turns the text of a numeric cell into the digits a person typed: "13905311101" and
// "1.3905311101E+10" are both 13905311101. Returns the text and, when its digits cannot be
// trusted, the problem to report: "1.38E+10" is 138 and eight zeros nobody typed (what Excel
// does with a number of more than 15 digits, e.g. an ID card number, or a number someone
// retyped from its scientific display).
std::pair<std::string, std::string> numberText(const std::string& v) {
  std::string mantissa = v, exponent;
  if (const size_t e = v.find_first_of("eE"); e != std::string::npos) {
    mantissa = v.substr(0, e);
    exponent = v.substr(e + 1);
  }
  std::string sign;
  if (!mantissa.empty() && (mantissa[0] == '-' || mantissa[0] == '+')) {
    if (mantissa[0] == '-') sign = "-";
    mantissa.erase(0, 1);
  }
  const size_t dot = mantissa.find('.');
  const std::string int_part = mantissa.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : mantissa.substr(dot + 1);
  const auto digitsOnly = [](const std::string& s) {
    return s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!digitsOnly(int_part) || !digitsOnly(frac) || (int_part.empty() && frac.empty())) {
    return {v, ""};  // not a number we understand: keep it as written
  }
  size_t shift = 0;
  if (!exponent.empty()) {
    if (exponent[0] == '+') exponent.erase(0, 1);
    if (exponent.empty() || !digitsOnly(exponent) || exponent.size() > 3) return {v, ""};
    shift = std::stoul(exponent);
  } else {
    while (!frac.empty() && frac.back() == '0') frac.pop_back();  // 13905311101.0
  }
  if (frac.size() > shift) return {v, ""};  // a fraction (8.5): no roster column holds one
  std::string digits = int_part + frac;
  const size_t filled = shift - frac.size();
  digits.append(filled, '0');
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
  const std::string text = sign + digits;
  if (filled > 0) {
    return {text, "the number was stored as " + v + " (" + text + "), so its last " +
                      std::to_string(filled) +
                      " digits are lost; format the column as text (文本) and type the number "
                      "again"};
  }
  return {text, ""};
}

// "BC12" -> column 54 (0-based); -1 when the reference has no letters.
int columnOfRef(std::string_view ref) {
  int col = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > kMaxSheetColumns + 1) return kMaxSheetColumns + 1;
  }
  return i == 0 ? -1 : col - 1;
}

// Finds the first sheet's part (and its tab name): workbook.xml lists sheets in tab order, its
// .rels names the part.
Result<std::string> firstSheetPart(zip_t* zip, const std::string& origin, std::string* name) {
  const std::string fallback = "xl/worksheets/sheet1.xml";
  auto workbook = readPart(zip, "xl/workbook.xml", origin);
  if (!workbook.isOk()) return workbook.status();
  if (!*workbook) {
    return invalidArgument(origin + ": not an .xlsx workbook (no xl/workbook.xml in the zip)");
  }
  pugi::xml_document wb;
  GG_RETURN_IF_ERROR(parseXml(**workbook, &wb, origin, "xl/workbook.xml").status());
  pugi::xml_node sheet = child(child(wb.document_element(), "sheets"), "sheet");
  if (!sheet) return invalidArgument(origin + ": the workbook has no sheet");
  *name = sheet.attribute("name").value();
  std::string rid;
  for (pugi::xml_attribute a : sheet.attributes()) {
    const std::string_view name = a.name();
    if (name.find(':') != std::string_view::npos && localName(a.name()) == "id") rid = a.value();
  }
  auto rels = readPart(zip, "xl/_rels/workbook.xml.rels", origin);
  if (!rels.isOk()) return rels.status();
  if (rid.empty() || !*rels) return fallback;
  pugi::xml_document rd;
  GG_RETURN_IF_ERROR(parseXml(**rels, &rd, origin, "xl/_rels/workbook.xml.rels").status());
  for (pugi::xml_node r : rd.document_element().children()) {
    if (localName(r.name()) != "Relationship" || rid != r.attribute("Id").value()) continue;
    std::string target = r.attribute("Target").value();
    if (target.empty()) break;
    return target[0] == '/' ? target.substr(1) : "xl/" + target;
  }
  return fallback;
}

Result<std::vector<std::string>> sharedStrings(zip_t* zip, const std::string& origin) {
  std::vector<std::string> out;
  auto part = readPart(zip, "xl/sharedStrings.xml", origin);
  if (!part.isOk()) return part.status();
  if (!*part) return out;  // a workbook with inline strings only has none
  pugi::xml_document doc;
  GG_RETURN_IF_ERROR(parseXml(**part, &doc, origin, "xl/sharedStrings.xml").status());
  for (pugi::xml_node si : doc.document_element().children()) {
    if (localName(si.name()) == "si") out.push_back(stringItemText(si));
  }
  return out;
}

Result<Sheet> readSheet(zip_t* zip, const std::string& origin) {
  Sheet sheet;
  auto part_name = firstSheetPart(zip, origin, &sheet.name);
  if (!part_name.isOk()) return part_name.status();
  auto strings = sharedStrings(zip, origin);
  if (!strings.isOk()) return strings.status();
  auto part = readPart(zip, *part_name, origin);
  if (!part.isOk()) return part.status();
  if (!*part) return invalidArgument(origin + ": the first sheet (" + *part_name + ") is missing");
  pugi::xml_document doc;
  GG_RETURN_IF_ERROR(parseXml(**part, &doc, origin, *part_name).status());

  int next_row = 1;
  for (pugi::xml_node row : child(doc.document_element(), "sheetData").children()) {
    if (localName(row.name()) != "row") continue;
    SheetRow out;
    out.number = row.attribute("r").as_int(next_row);
    if (out.number < next_row || out.number > kMaxSheetRows) {
      return invalidArgument(origin + ": row " + std::to_string(out.number) +
                             (out.number > kMaxSheetRows ? ": more rows than a roster can have"
                                                         : ": rows out of order"));
    }
    next_row = out.number + 1;
    int next_col = 0;
    bool any = false;
    for (pugi::xml_node c : row.children()) {
      if (localName(c.name()) != "c") continue;
      int col = next_col;
      if (const char* ref = c.attribute("r").value(); *ref) {
        col = columnOfRef(ref);
        if (col < 0) col = next_col;
      }
      if (col >= kMaxSheetColumns) {
        return invalidArgument(origin + ": row " + std::to_string(out.number) + ": more than " +
                               std::to_string(kMaxSheetColumns) + " columns");
      }
      next_col = col + 1;
      const std::string type = c.attribute("t").value();
      const std::string v = child(c, "v").text().get();
      std::string text;
      if (type == "s") {
        const size_t k = static_cast<size_t>(child(c, "v").text().as_ullong(~0ULL));
        if (k >= strings->size()) {
          sheet.issues.push_back({out.number, col, "refers to shared string " + v +
                                                       ", which the workbook does not have"});
        } else {
          text = (*strings)[k];
        }
      } else if (type == "inlineStr") {
        text = stringItemText(child(c, "is"));
      } else if (type == "str" || type == "d") {
        text = decodeEscapes(v);
      } else if (type == "b") {
        text = v == "1" ? "TRUE" : v.empty() ? "" : "FALSE";
      } else if (type == "e") {
        sheet.issues.push_back({out.number, col, "the cell holds the error " + v});
      } else if (!v.empty()) {
        auto [digits, problem] = numberText(v);
        text = std::move(digits);
        if (!problem.empty()) sheet.issues.push_back({out.number, col, problem});
      }
      if (text.empty()) continue;
      if (!isValidUtf8(text)) {
        sheet.issues.push_back({out.number, col, "is not UTF-8 text"});
        continue;
      }
      if (out.cells.size() <= static_cast<size_t>(col)) out.cells.resize(col + 1);
      out.cells[col] = std::move(text);
      any = true;
    }
    if (any) sheet.rows.push_back(std::move(out));
  }
  return sheet;
}

}  // namespace

Result<Sheet> readXlsxSheet(std::string_view bytes, const std::string& origin) {
  if (bytes.size() > kMaxSheetBytes) {
    return invalidArgument(origin + ": larger than " + std::to_string(kMaxSheetBytes >> 20) +
                           " MiB; a roster is a few hundred rows");
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) {
    zip_error_fini(&error);
    return internalError(origin + ": cannot open a zip source");
  }
  ZipPtr zip(zip_open_from_source(src, ZIP_RDONLY, &error));
  if (!zip) {
    zip_source_free(src);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    // An .xls (BIFF) file or a CSV renamed to .xlsx: say what to do, not only what is wrong.
    return invalidArgument(origin + ": not an .xlsx file (" + why +
                           "); save the sheet as .xlsx (Excel 2007 and later) or as CSV UTF-8");
  }
  zip_error_fini(&error);
  // pugixml does not throw; the std::stoi/stoul inside are guarded. Nothing else here throws
  // but std::bad_alloc, which no caller could handle either.
  return readSheet(zip.get(), origin);
}

}  // namespace gg
