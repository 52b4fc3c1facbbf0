// gridgate import (issue 13 point 5): a street onboarded from its roster. The shipped template,
// as CSV and as .xlsx, gives a directory `gridgate check` passes with the demo's counts; a bad
// row leaves the output directory as it was.

#include "app/cmd_import.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/bootstrap.h"
#include "app/cmd_core.h"
#include "org/loader.h"
#include "org/sheet.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_env.h"
#include "tests/support/xlsx_fixture.h"

namespace gg::test {
namespace {

namespace fs = std::filesystem;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string templateCsv() { return sourceDir() + "/config/roster-template.csv"; }

ImportOptions options(const std::string& file, const std::string& out) {
  ImportOptions o;
  o.file = file;
  o.out = out;
  o.base = demoConfig();
  o.rules = sourceDir() + "/config/rules/zh";
  return o;
}

// Runs a sub-command as the binary would; returns its exit code (0 = ok).
int run(const std::string& args) {
  CLI::App app("gridgate");
  addImportCommand(app);
  addCheckCommand(app);
  try {
    app.parse(args, /*program_name_included=*/false);
  } catch (const CLI::ParseError& e) {
    return e.get_exit_code();
  }
  return 0;
}

// What `gridgate check` counts, for a config directory.
nlohmann::json counts(const std::string& dir) {
  auto loaded = loadConfig(dir, "", false);
  EXPECT_OK(loaded);
  return loaded.isOk() ? orgSummary(loaded->org->org()) : nlohmann::json();
}

// Every entry of dir's parent whose name starts with the scratch prefix of dir.
std::vector<std::string> scratchLeft(const std::string& dir) {
  std::vector<std::string> out;
  const std::string prefix = "." + fs::path(dir).filename().string() + ".import-";
  for (const auto& e : fs::directory_iterator(fs::path(dir).parent_path())) {
    if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path().string());
  }
  return out;
}

TEST(ImportCommand, TemplateGivesTheDemoStreetAndPassesCheck) {
  TempDir dir;
  const std::string out = dir.file("street");
  auto summary = importRoster(options(templateCsv(), out));
  ASSERT_OK(summary);
  EXPECT_EQ((*summary)["workers"]["total"], 92);
  EXPECT_EQ((*summary)["copied"], (nlohmann::json{"street.json", "departments.json", "messages.json",
                                                  "notices.json", "responsibilities.json", "calendar.json",
                                                  "gridgate.json"}));
  EXPECT_EQ(counts(out), counts(demoConfig()));
  EXPECT_EQ(run("check --config " + out), 0);
  EXPECT_TRUE(scratchLeft(out).empty());
  // The settings' config-relative paths still name the demo's rule pack.
  auto loaded = loadConfig(out, "", false);
  ASSERT_OK(loaded);
  ASSERT_EQ(loaded->settings.rule_packs.size(), 1u);
  EXPECT_EQ(fs::weakly_canonical(loaded->settings.rule_packs[0]),
            fs::weakly_canonical(sourceDir() + "/config/rules/zh"));
}

TEST(ImportCommand, XlsxOfTheTemplateGivesTheSame) {
  auto sheet = parseCsvSheet(slurp(templateCsv()), "t");
  ASSERT_OK(sheet);
  TempDir dir;
  writeXlsx(dir.file("roster.xlsx"), xlsxRowsOf(*sheet));
  EXPECT_EQ(run("import " + dir.file("roster.xlsx") + " --out " + dir.file("street") + " --base " +
                demoConfig()),
            0);
  EXPECT_EQ(counts(dir.file("street")), counts(demoConfig()));
  EXPECT_EQ(run("check --config " + dir.file("street")), 0);
}

TEST(ImportCommand, ABadRowWritesNothing) {
  std::string csv = slurp(templateCsv());
  const size_t at = csv.find("专职网格员");
  csv.replace(at, std::string("专职网格员").size(), "组员");  // row 3
  TempDir dir;
  const std::string file = dir.write("roster.csv", csv);
  const std::string out = dir.file("street");
  auto r = importRoster(options(file, out));
  EXPECT_STATUS(r, Code::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            file + ": row 3, column G (角色): unknown role \"组员\" (网格长, 专职网格员 or 兼职网格员; "
                   "or leader, fulltime, parttime)");
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(scratchLeft(out).empty());
  EXPECT_EQ(run("import " + file + " --out " + out + " --base " + demoConfig()), 1);
  EXPECT_FALSE(fs::exists(out));

  // A street already there stays as it was, even with --force.
  ASSERT_OK(importRoster(options(templateCsv(), out)));
  const std::string before = slurp(out + "/communities/binhe.json");
  ImportOptions o = options(file, out);
  o.force = true;
  EXPECT_STATUS(importRoster(o), Code::kInvalidArgument);
  EXPECT_EQ(slurp(out + "/communities/binhe.json"), before);
  EXPECT_EQ(counts(out)["workers"]["total"], 92);
  EXPECT_TRUE(scratchLeft(out).empty());
}

TEST(ImportCommand, ReplacesOnlyWithForce) {
  TempDir dir;
  const std::string out = dir.file("street");
  dir.write("street/communities/stale.json", "{}");
  auto refused = importRoster(options(templateCsv(), out));
  EXPECT_STATUS(refused, Code::kInvalidArgument);
  EXPECT_EQ(refused.status().message(), out + ": not empty; use --force to replace it");
  ImportOptions o = options(templateCsv(), out);
  o.force = true;
  ASSERT_OK(importRoster(o));
  EXPECT_FALSE(fs::exists(out + "/communities/stale.json"));
  EXPECT_EQ(counts(out), counts(demoConfig()));
}

TEST(ImportCommand, WithoutBaseTheStreetComesFromFlags) {
  TempDir dir;
  const std::string out = dir.file("street");
  ImportOptions o = options(templateCsv(), out);
  o.base.clear();
  auto missing = importRoster(o);
  EXPECT_STATUS(missing, Code::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("street.json: the roster has no street: give --base"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(out));

  EXPECT_EQ(run("import " + templateCsv() + " --out " + out + " --rules " + o.rules +
                " --street-id hekou-st --street-name 河口街道 --street-phone 0531-86609999"),
            0);
  auto org = loadOrg(out);
  ASSERT_OK(org);
  EXPECT_EQ((*org)->street.id, "hekou-st");
  EXPECT_EQ((*org)->street.contact.name, "河口街道指挥中心");
  EXPECT_EQ((*org)->street.contact.phone, "0531-86609999");
  EXPECT_TRUE((*org)->departments.empty());
  EXPECT_FALSE(fs::exists(out + "/messages.json"));  // the built-in catalog applies
  EXPECT_EQ(counts(out)["grids"], 27);
  EXPECT_EQ(run("check --config " + out), 0);
}

TEST(ImportCommand, FilesThatAreNotRosters) {
  TempDir dir;
  const std::string xls = dir.write("roster.xls", "\xD0\xCF\x11\xE0");
  auto r = importRoster(options(xls, dir.file("street")));
  EXPECT_STATUS(r, Code::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            xls + ": an Excel 97-2003 workbook (.xls): save it as .xlsx or as CSV UTF-8");
  const std::string fake = dir.write("fake.xlsx", slurp(templateCsv()));
  auto f = importRoster(options(fake, dir.file("street")));
  EXPECT_STATUS(f, Code::kInvalidArgument);
  EXPECT_EQ(f.status().message().rfind(fake + ": not an .xlsx file (", 0), 0u);
  EXPECT_EQ(run("import " + dir.file("none.csv") + " --out " + dir.file("street")), 2);
  EXPECT_FALSE(fs::exists(dir.file("street")));
}

}  // namespace
}  // namespace gg::test
