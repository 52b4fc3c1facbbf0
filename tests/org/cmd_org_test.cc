#include "app/cmd_org.h"

#include <gtest/gtest.h>

#include "org/loader.h"
#include "tests/org/org_files.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

void run(const std::string& args) {
  CLI::App app("gridgate");
  addOrgCommands(app);
  app.parse(args, /*program_name_included=*/false);
}

TEST(GenerateCommand, WritesALoadableConfigDir) {
  testing::TempDir dir;
  const std::string out = dir.path() + "/street";
  run("generate --grids 40 --workers 146 --communities 6 --seed 5 --out " + out + " --rules " +
      dir.path() + "/rules/zh");
  auto org = loadOrg(out);
  ASSERT_OK(org);
  EXPECT_EQ(orgSummary(**org)["workers"]["total"], 146);
  const auto settings = testing::readJson(out + "/gridgate.json");
  EXPECT_EQ(settings, (nlohmann::json{{"rule_packs", {"../rules/zh"}}}));
}

TEST(GenerateCommand, DefaultRulesPointAtTheRepo) {
  testing::TempDir dir;
  run("generate --grids 2 --workers 2 --communities 1 --out " + dir.path());
  const std::string rel = testing::readJson(dir.file("gridgate.json"))["rule_packs"][0];
  const auto resolved = std::filesystem::weakly_canonical(std::filesystem::path(dir.path()) / rel);
  EXPECT_EQ(resolved, std::filesystem::weakly_canonical(std::string(GRIDGATE_SOURCE_DIR) +
                                                        "/config/rules/zh"));
}

TEST(GenerateCommand, RefusesToMixStreetsWithoutForce) {
  testing::TempDir dir;
  run("generate --grids 12 --workers 20 --communities 4 --out " + dir.path());
  EXPECT_THROW(run("generate --grids 3 --workers 3 --communities 1 --out " + dir.path()),
               CLI::RuntimeError);
  run("generate --grids 3 --workers 3 --communities 1 --force --out " + dir.path());
  auto org = loadOrg(dir.path());
  ASSERT_OK(org);
  EXPECT_EQ((*org)->communities.size(), 1u);  // the old street's files are gone
}

TEST(GenerateCommand, BadCountsFail) {
  testing::TempDir dir;
  EXPECT_THROW(run("generate --grids 10 --workers 5 --communities 1 --out " + dir.path()),
               CLI::RuntimeError);
  EXPECT_THROW(run("generate --grids 10 --communities 1 --out " + dir.path()), CLI::RequiredError);
}

}  // namespace
}  // namespace gg
