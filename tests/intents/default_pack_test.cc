// The default Chinese rule pack (config/rules/zh): it loads, compiles, passes every example, and
// on the labelled development set (when ../shared is present) keeps a floor of quality.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "intents/intent_engine.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

std::string sourceDir() {
  const char* d = std::getenv("GRIDGATE_SOURCE_DIR");
  return d ? d : GRIDGATE_SOURCE_DIR;
}

TEST(DefaultPack, LoadsAndPassesEveryExample) {
  IntentEngine e;
  Status s = e.reloadFromConfig(sourceDir() + "/config/demo", {});
  ASSERT_OK(s);
  EXPECT_GE(e.pack()->intentCount(), 40u);
  EXPECT_GE(e.pack()->exampleCount(), 120u);
  EXPECT_TRUE(e.pack()->runExamples().empty());
}

TEST(DefaultPack, CoversTheIssueTopics) {
  IntentEngine e;
  ASSERT_OK(e.reloadFromConfig(sourceDir() + "/config/demo", {}));
  const std::map<std::string, std::string> cases = {
      {"电梯卡在5楼了，我妈被困在里面", "lift_trapped"},
      {"厨房煤气味好重", "gas_leak"},
      {"小区停电了", "power_cut"},
      {"楼上天天往下扔烟头", "thrown_from_height"},
      {"井盖不见了", "manhole_cover"},
      {"谢谢网格员", "thanks"},
      {"城乡居民医保怎么交", "medical_insurance"},
      {"低保怎么申请", "dibao"},
      {"接到冒充客服的诈骗电话", "fraud_call"},
  };
  for (const auto& [text, intent] : cases) {
    auto r = e.classify(text, false);
    ASSERT_OK(r);
    EXPECT_EQ(r->intent, intent) << text;
  }
}

// Parses a CSV line with quoted fields (the data set's format).
std::vector<std::string> csvFields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

// Regression floor on the development set; the real numbers come from scripts/eval_rules.py.
TEST(DefaultPack, DevelopmentSetFloor) {
  const char* shared = std::getenv("GRIDGATE_SHARED_DIR");
  const std::string path = std::string(shared ? shared : "") + "/data/tipdm2020c_dev.csv";
  std::ifstream in(path);
  if (!shared || !in) GTEST_SKIP() << "no development set at " << path;
  IntentEngine e;
  ASSERT_OK(e.reloadFromConfig(sourceDir() + "/config/demo", {}));
  std::string line;
  std::getline(in, line);  // header
  int n = 0, correct = 0, covered = 0;
  while (std::getline(in, line)) {
    // A quoted field may span lines: read on until the quotes balance.
    std::string more;
    while (std::count(line.begin(), line.end(), '"') % 2 == 1 && std::getline(in, more)) {
      line += "\n" + more;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto f = csvFields(line);
    if (f.size() < 6) continue;
    auto r = e.classify(f[2] + "。" + f[4], false);
    ASSERT_OK(r);
    ++n;
    covered += r->hasIntent();
    correct += r->hasIntent() && r->dept_class == f[5];
  }
  ASSERT_GT(n, 300);
  EXPECT_GE(static_cast<double>(covered) / n, 0.95);
  EXPECT_GE(static_cast<double>(correct) / n, 0.75);
}

}  // namespace
}  // namespace gg
