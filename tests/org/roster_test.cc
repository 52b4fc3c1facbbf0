// The roster importer (issue 13 point 5): the shipped template is the demo street, row for row,
// as CSV and as .xlsx; every bad row is named by row and column; CSV as Excel and WPS write it.

#include "org/roster.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "org/generator.h"
#include "org/loader.h"
#include "org/xlsx_reader.h"
#include "tests/org/org_files.h"
#include "tests/support/status_matchers.h"
#include "tests/support/xlsx_fixture.h"

namespace gg {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string templatePath() { return std::string(GRIDGATE_SOURCE_DIR) + "/config/roster-template.csv"; }

Rows templateRows() {
  auto sheet = parseCsvSheet(slurp(templatePath()), "roster-template.csv");
  if (!sheet.isOk()) throw std::runtime_error(sheet.status().message());
  Rows rows;
  for (auto& r : sheet->rows) rows.push_back(r.cells);
  return rows;
}

std::string csvOf(const Rows& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string& c = row[i];
      const bool quote = c.find_first_of(",\"\n\r") != std::string::npos;
      std::string q = c;
      for (size_t p = q.find('"'); p != std::string::npos; p = q.find('"', p + 2)) q.insert(p, "\"");
      out += (i ? "," : "") + (quote ? "\"" + q + "\"" : q);
    }
    out += "\n";
  }
  return out;
}

size_t col(const Rows& rows, const std::string& header) {
  for (size_t i = 0; i < rows[0].size(); ++i) {
    if (rows[0][i] == header) return i;
  }
  throw std::runtime_error("no column " + header);
}

Result<std::vector<Community>> parseCsv(const std::string& text) {
  auto sheet = parseCsvSheet(text, "roster.csv");
  if (!sheet.isOk()) return sheet.status();
  return parseRoster(*sheet, "roster.csv");
}

// The problems of a failed parse, one per line.
std::vector<std::string> problems(const Result<std::vector<Community>>& r) {
  std::vector<std::string> out;
  if (r.isOk()) return out;
  std::istringstream in(r.status().message());
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Writes communities as a config dir (the demo's street and departments) and loads it back.
std::shared_ptr<const Org> loadImported(const std::vector<Community>& communities,
                                        const testing::TempDir& dir) {
  Org org;
  org.communities = communities;
  EXPECT_OK(writeOrgConfig(org, dir.path()));
  for (const char* f : {"street.json", "departments.json"}) {
    std::filesystem::copy_file(testing::demoDir() + "/" + f, dir.file(f),
                               std::filesystem::copy_options::overwrite_existing);
  }
  auto loaded = loadOrg(dir.path());
  EXPECT_OK(loaded);
  return loaded.isOk() ? *loaded : nullptr;
}

// The demo street, community by community, as the writer spells it.
void expectSameAsDemo(const Org& imported) {
  auto demo = loadOrg(testing::demoDir());
  ASSERT_OK(demo);
  EXPECT_EQ(orgSummary(imported), orgSummary(**demo));
  ASSERT_EQ(imported.communities.size(), (*demo)->communities.size());
  for (size_t i = 0; i < imported.communities.size(); ++i) {
    EXPECT_EQ(communityToJson(imported.communities[i]), communityToJson((*demo)->communities[i]))
        << imported.communities[i].id;
  }
}

TEST(Roster, TemplateIsTheDemoStreet) {
  auto communities = parseCsv(slurp(templatePath()));
  ASSERT_OK(communities);
  testing::TempDir dir;
  auto org = loadImported(*communities, dir);
  ASSERT_NE(org, nullptr);
  EXPECT_EQ(orgSummary(*org)["workers"]["total"], 92);
  EXPECT_EQ(orgSummary(*org)["grids"], 27);
  EXPECT_EQ(orgSummary(*org)["groups"]["wecom"], 9);
  expectSameAsDemo(*org);
}

TEST(Roster, XlsxOfTheTemplateIsTheDemoStreetToo) {
  auto sheet = parseCsvSheet(slurp(templatePath()), "t");
  ASSERT_OK(sheet);
  testing::TempDir dir;
  const std::string path = dir.file("roster.xlsx");
  test::writeXlsx(path, test::xlsxRowsOf(*sheet));
  auto read = readXlsxSheet(slurp(path), "roster.xlsx");
  ASSERT_OK(read);
  EXPECT_TRUE(read->issues.empty());
  EXPECT_EQ(read->name, "花名册");
  ASSERT_EQ(read->rows.size(), 93u);  // the roster tab, not the notes tab stored as sheet1.xml
  EXPECT_EQ(read->rows[1].cells[7], "13905311101");  // a phone stored as a number
  auto communities = parseRoster(*read, "roster.xlsx");
  ASSERT_OK(communities);
  testing::TempDir out;
  auto org = loadImported(*communities, out);
  ASSERT_NE(org, nullptr);
  expectSameAsDemo(*org);
}

TEST(Roster, EachBadRowIsNamedByRowAndColumn) {
  Rows rows = templateRows();
  rows[2][col(rows, "手机")] = "1381234";          // row 3
  rows[3][col(rows, "社区编号")] = "";             // row 4: a grid without its community
  rows[4][col(rows, "网格员编号")] = "w-binhe-01-1";  // row 5: row 2's id
  rows[6][col(rows, "角色")] = "组员";              // row 7
  const auto p = problems(parseCsv(csvOf(rows)));
  EXPECT_EQ(p, (std::vector<std::string>{
                   "roster.csv: row 3, column H (手机): \"1381234\" is not a phone number (a "
                   "mobile like 13905311101 or a landline like 0531-86601234)",
                   "roster.csv: row 4, column A (社区编号): missing community id (社区编号)",
                   "roster.csv: row 5, column E (网格员编号): worker id \"w-binhe-01-1\" is "
                   "already used on row 2",
                   "roster.csv: row 7, column G (角色): unknown role \"组员\" (网格长, 专职网格员 "
                   "or 兼职网格员; or leader, fulltime, parttime)"}));
}

TEST(Roster, AMissingRequiredColumnIsNamed) {
  Rows rows = templateRows();
  const size_t role = col(rows, "角色");
  for (auto& r : rows) r.erase(r.begin() + static_cast<long>(role));
  EXPECT_EQ(problems(parseCsv(csvOf(rows))),
            (std::vector<std::string>{"roster.csv: row 1: missing required column 角色 (role)"}));
}

TEST(Roster, GridAndCommunityRules) {
  Rows rows = templateRows();
  rows[1][col(rows, "角色")] = "专职网格员";    // row 2: binhe-01 loses its leader
  rows[6][col(rows, "角色")] = "网格长";        // row 7: binhe-02 gets a second one
  rows[7][col(rows, "小区")] = "滨悦新城：1-9";  // row 8: binhe-02's compounds again, differently
  rows[9][col(rows, "QQ群")] = "81000101";      // row 10: binhe-03 takes binhe-01's group
  rows[37][col(rows, "网格编号")] = "binhe-01";  // row 38: a binhe grid under hexi
  const auto p = problems(parseCsv(csvOf(rows)));
  EXPECT_EQ(p, (std::vector<std::string>{
                   "roster.csv: row 7, column G (角色): grid \"binhe-02\" already has a leader "
                   "(row 6); exactly one 网格长 per grid",
                   "roster.csv: row 8, column P (小区): grid \"binhe-02\" already has 小区 "
                   "\"滨悦新城（滨悦、滨悦小区）：9-16\" (row 6)",
                   "roster.csv: row 10, column L (QQ群): QQ group \"81000101\" is already used "
                   "on row 2",
                   "roster.csv: row 38, column A (社区编号): grid \"binhe-01\" belongs to "
                   "community \"binhe\" (row 2), not \"hexi\"",
                   "roster.csv: row 2, column G (角色): grid \"binhe-01\" has no leader (a row "
                   "with 角色 网格长)"}))
      << ::testing::PrintToString(p);
}

TEST(Roster, CsvAsSpreadsheetsWriteIt) {
  // BOM, CRLF, a title row, English headers in another order, a quoted cell with commas and a
  // doubled quote, a duty cell with a line break, a remarks column, a blank line.
  const std::string csv =
      "\xEF\xBB\xBF滨河街道网格员花名册,,,,,,,,,,\r\n"
      "community_id,community,grid_id,grid,worker_id,name,role,phone,duty,compounds,"
      "community_contact,community_phone,备注\r\n"
      "binhe,滨河社区,binhe-01,第一网格,w-1,\"方\"\"海燕\"\"\",leader,139 0531 1101,,"
      "\"滨悦新城(滨悦,滨悦小区):1-3,5号楼；A座商业楼\",吕玉珍,0531-86601234,组长\r\n"
      "\r\n"
      "binhe,,binhe-01,,w-2,于玉珍,兼职,13905311102,\"工作日 8:30～17:30\r\n周末 09:00-18:00\","
      ",,,\r\n";
  auto communities = parseCsv(csv);
  ASSERT_OK(communities);
  ASSERT_EQ(communities->size(), 1u);
  const Grid& g = (*communities)[0].grids.at(0);
  ASSERT_EQ(g.workers.size(), 2u);
  EXPECT_EQ(g.workers[0].name, "方\"海燕\"");
  EXPECT_EQ(g.workers[0].phone, "139 0531 1101");
  EXPECT_TRUE(g.workers[0].duty.empty());
  EXPECT_EQ(g.workers[1].role, WorkerRole::kPartTime);
  ASSERT_EQ(g.workers[1].duty.size(), 2u);
  EXPECT_EQ(g.workers[1].duty[0].weekdays, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(g.workers[1].duty[0].start_minute, 8 * 60 + 30);
  EXPECT_EQ(g.workers[1].duty[1].weekdays, (std::vector<int>{6, 7}));
  ASSERT_EQ(g.area.compounds.size(), 2u);
  EXPECT_EQ(g.area.compounds[0].name, "滨悦新城");
  EXPECT_EQ(g.area.compounds[0].aliases, (std::vector<std::string>{"滨悦", "滨悦小区"}));
  EXPECT_EQ(g.area.compounds[0].buildings, (std::vector<std::string>{"1", "2", "3", "5"}));
  EXPECT_EQ(g.area.compounds[1].name, "A座商业楼");
  EXPECT_EQ((*communities)[0].contact.phone, "0531-86601234");
}

TEST(Roster, CsvThatCannotBeRead) {
  auto open = parseCsvSheet("a,b\n\"unclosed,c\nd,e\n", "roster.csv");
  EXPECT_STATUS(open, Code::kInvalidArgument);
  EXPECT_EQ(open.status().message(), "roster.csv: row 2: a quoted field (\") is never closed");
  auto gbk = parseCsvSheet("社区编号,社区\nbinhe,\xC9\xE7\xC7\xF8\n", "roster.csv");  // 社区 in GBK
  EXPECT_STATUS(gbk, Code::kInvalidArgument);
  EXPECT_NE(gbk.status().message().find("roster.csv: line 2: not UTF-8 text"), std::string::npos);
}

TEST(Roster, HeadersAndCells) {
  Rows rows = templateRows();
  rows[0].push_back("工号");                               // unknown header
  rows[0][col(rows, "社区")] = "community";                 // an English alias is a header too
  rows[1][col(rows, "值班")] = "1-5 08:30-08:30";            // row 2: empty window
  rows[2][col(rows, "值班")] = "8-9 08:30-17:30";            // row 3: no such weekdays
  rows[4][col(rows, "小区")] = "河畔花园：1-8";               // row 5: binhe-01 has other ones
  rows[5][col(rows, "QQ")] = "28100102O1";                 // row 6: letter O
  rows[5][col(rows, "群机器人")] = "http://example.com/hook";
  rows[12][col(rows, "小区")] = "河畔花园：1-2000";           // row 13: a typo, not 2000 buildings
  const auto p = problems(parseCsv(csvOf(rows)));
  ASSERT_EQ(p.size(), 7u) << ::testing::PrintToString(p);
  EXPECT_EQ(p[0].rfind("roster.csv: row 1, column V (工号): unknown column \"工号\" (known: 社区编号", 0), 0u);
  EXPECT_EQ(p[1], "roster.csv: row 2, column I (值班): \"1-5 08:30-08:30\" is an empty duty window "
                  "(from and to are the same)");
  EXPECT_EQ(p[2].rfind("roster.csv: row 3, column I (值班): \"8-9 08:30-17:30\": \"8-9\" are not "
                       "weekdays 1-7", 0), 0u);
  EXPECT_EQ(p[3], "roster.csv: row 5, column P (小区): grid \"binhe-01\" already has 小区 "
                  "\"滨悦新城（滨悦、滨悦小区）：1-8\" (row 2)");
  EXPECT_EQ(p[4], "roster.csv: row 6, column K (QQ): \"28100102O1\" is not a QQ number");
  EXPECT_EQ(p[5], "roster.csv: row 13, column P (小区): building range \"1-2000\" is backwards or "
                  "wider than 500");
  EXPECT_EQ(p[6], "roster.csv: row 6, column N (群机器人): \"http://example.com/hook\" is not an "
                  "https:// URL");
}

TEST(Roster, XlsxNumbersThatLostTheirDigits) {
  auto sheet = parseCsvSheet(slurp(templatePath()), "t");
  ASSERT_OK(sheet);
  test::XlsxRows rows = test::xlsxRowsOf(*sheet);
  rows.resize(5);
  rows[2][7] = {"1.38E+10", test::XlsxCell::kRawNumber};          // row 3 手机: digits lost
  rows[3][7] = {"1.3905311103E+10", test::XlsxCell::kRawNumber};  // row 4: exact, fine
  rows[4][10] = {"#N/A", test::XlsxCell::kError};                 // row 5 QQ
  testing::TempDir dir;
  test::writeXlsx(dir.file("r.xlsx"), rows);
  auto read = readXlsxSheet(slurp(dir.file("r.xlsx")), "r.xlsx");
  ASSERT_OK(read);
  EXPECT_EQ(read->rows[3].cells[7], "13905311103");
  const auto p = problems(parseRoster(*read, "r.xlsx"));
  EXPECT_EQ(p, (std::vector<std::string>{
                   "r.xlsx: row 3, column H (手机): the number was stored as 1.38E+10 "
                   "(13800000000), so its last 8 digits are lost; format the column as text (文本) "
                   "and type the number again",
                   "r.xlsx: row 5, column K (QQ): the cell holds the error #N/A"}));
}

TEST(Roster, NotAWorkbook) {
  auto r = readXlsxSheet("社区编号,社区\n", "roster.xlsx");
  EXPECT_STATUS(r, Code::kInvalidArgument);
  EXPECT_EQ(r.status().message().rfind("roster.xlsx: not an .xlsx file (", 0), 0u);
}

TEST(Roster, ColumnLetters) {
  EXPECT_EQ(columnLetters(0), "A");
  EXPECT_EQ(columnLetters(25), "Z");
  EXPECT_EQ(columnLetters(26), "AA");
  EXPECT_EQ(columnLetters(701), "ZZ");
  EXPECT_EQ(columnLetters(702), "AAA");
}

}  // namespace
}  // namespace gg
