#include "intents/intent_engine.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace gg {
namespace {

namespace fs = std::filesystem;

const char* kGoodPack = R"({
  // comments are allowed
  "categories": [{"id": "facility", "label": "设施", "dept_class": "城乡建设"},
                 {"id": "social", "label": "交流", "dept_class": "无"}],
  "intents": [
    {"id": "lift_trapped", "label": "电梯困人", "category": "facility", "owner": "property",
     "urgency": "emergency", "deadline": "immediate", "priority": 80,
     "all": [[["电梯"], ["困", "出不来"]]],
     "examples": {"match": ["电梯里困了人"], "no_match": ["电梯广告"]}},
    {"id": "water_cut", "label": "停水", "category": "facility", "owner": "water",
     "urgency": "urgent", "keywords": ["停水"],
     "examples": {"match": ["三号楼停水了"], "asr_match": ["嗯那个停水了啊"]}},
    {"id": "thanks", "label": "感谢", "category": "social", "kind": "social", "priority": -50,
     "keywords": ["谢谢"]}
  ],
  "flags": [
    {"id": "escalation_threat", "keywords": ["打12345", "找媒体"],
     "examples": {"match": ["不修我就打12345"]}},
    {"id": "complaint", "keywords": ["投诉"]}
  ]
})";

using test::TempDir;

TEST(IntentEngine, UnavailableBeforeFirstLoad) {
  IntentEngine e;
  auto r = e.classify("停水", false);
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), Code::kUnavailable);
}

TEST(IntentEngine, ClassifiesWithExplanationInOriginalText) {
  TempDir d;
  d.write("rules/a.json", kGoodPack);
  IntentEngine e;
  ASSERT_OK(e.reload({d.path() + "/rules"}, {}));
  const std::string text = "😡３號樓電梯裡困了人，再不來我就打12345！！";
  auto r = e.classify(text, false);
  ASSERT_OK(r);
  const Classification& c = r.value();
  EXPECT_EQ(c.intent, "lift_trapped");
  EXPECT_EQ(c.dept_class, "城乡建设");
  EXPECT_EQ(c.urgency, Urgency::kEmergency);
  EXPECT_EQ(c.owner, "property");
  EXPECT_TRUE(c.flags.emergency);
  EXPECT_TRUE(c.flags.escalation_threat);
  EXPECT_TRUE(c.flags.negative);
  EXPECT_FALSE(c.flags.complaint);
  EXPECT_EQ(c.explanation.rule, "lift_trapped");
  EXPECT_EQ(c.explanation.pattern, "all:[电梯]+[困|出不来]");
  EXPECT_EQ(
      text.substr(c.explanation.span.begin, c.explanation.span.end - c.explanation.span.begin),
      "電梯裡困");
  ASSERT_EQ(c.entities.addresses.size(), 1u);
  EXPECT_EQ(c.entities.addresses[0].value, "3");

  nlohmann::json j = c.toJson();
  for (const char* key : {"text", "intent", "category", "dept_class", "kind", "urgency", "flags",
                          "entities", "rule", "pattern", "span"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["span"][0].get<size_t>(), c.explanation.span.begin);
}

TEST(IntentEngine, NoIntentIsASuccess) {
  TempDir d;
  d.write("p.json", kGoodPack);
  IntentEngine e;
  ASSERT_OK(e.reload({d.path() + "/p.json"}, {}));
  auto r = e.classify("今天天气不错", false);
  ASSERT_OK(r);
  EXPECT_FALSE(r->hasIntent());
  EXPECT_TRUE(r->toJson()["intent"].is_null());
}

TEST(IntentEngine, RejectsInvalidUtf8AndHugeMessages) {
  TempDir d;
  d.write("p.json", kGoodPack);
  IntentEngine e;
  ASSERT_OK(e.reload({d.path() + "/p.json"}, {}));
  EXPECT_EQ(e.classify("\xff\xfe", false).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(e.classify(std::string(kMaxClassifyBytes + 1, 'a'), false).status().code(),
            Code::kTooLarge);
}

TEST(IntentEngine, PhonesMaskedInJsonUnlessRevealed) {
  TempDir d;
  d.write("p.json", kGoodPack);
  IntentEngine e;
  ASSERT_OK(e.reload({d.path() + "/p.json"}, {}));
  auto r = e.classify("停水了，电话13812345678", false);
  ASSERT_OK(r);
  EXPECT_EQ(r->toJson()["entities"]["phones"][0]["number"], "138****5678");
  EXPECT_EQ(r->toJson(true)["entities"]["phones"][0]["number"], "13812345678");
}

struct BadPackCase {
  const char* name;
  std::string find;
  std::string replace;
  const char* expect_in_error;
};

TEST(IntentEngine, HotReloadKeepsOldPackOnEveryKindOfError) {
  TempDir d;
  d.write("rules/a.json", kGoodPack);
  IntentEngine e;
  ASSERT_OK(e.reload({d.path() + "/rules"}, {}));
  auto before = e.pack();
  const std::vector<BadPackCase> cases = {
      {"bad regex", R"("keywords": ["停水"])", R"("regex": ["停水(("])", "bad regex"},
      {"unknown category", R"("category": "social")", R"("category": "nope")",
       "unknown category 'nope'"},
      {"failing example", R"("match": ["三号楼停水了"])", R"("match": ["三号楼停电了"])",
       "example(s) failed"},
      {"bad json", R"("intents": [)", R"("intents": [,)", "a.json:"},
      {"bad urgency", R"("urgency": "urgent")", R"("urgency": "soon")", "urgency"},
  };
  for (const auto& c : cases) {
    std::string text = kGoodPack;
    const size_t at = text.find(c.find);
    ASSERT_NE(at, std::string::npos) << c.name;
    text.replace(at, c.find.size(), c.replace);
    d.write("rules/a.json", text);
    Status s = e.reload({d.path() + "/rules"}, {});
    EXPECT_FALSE(s.isOk()) << c.name;
    EXPECT_NE(s.message().find(c.expect_in_error), std::string::npos)
        << c.name << ": " << s.message();
    EXPECT_EQ(e.pack(), before) << c.name;
    auto r = e.classify("停水了", false);
    ASSERT_OK(r);
    EXPECT_EQ(r->intent, "water_cut") << c.name;
  }
  EXPECT_EQ(e.reloadsFailed(), cases.size());

  // A valid change is picked up.
  std::string changed = kGoodPack;
  changed.replace(changed.find(R"(["停水"])"), std::string(R"(["停水"])").size(),
                  R"(["停水", "没水"])");
  d.write("rules/a.json", changed);
  ASSERT_OK(e.reload({d.path() + "/rules"}, {}));
  EXPECT_NE(e.pack(), before);
  EXPECT_EQ(e.classify("家里没水", false)->intent, "water_cut");
}

TEST(IntentEngine, ReloadWhileClassifyingFromOtherThreads) {
  TempDir d;
  d.write("p.json", kGoodPack);
  IntentEngine e;
  ASSERT_OK(e.reload({d.path() + "/p.json"}, {}));
  std::atomic<bool> stop{false};
  std::atomic<int> wrong{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        auto r = e.classify("三号楼停水了", false);
        if (!r.isOk() || r->intent != "water_cut") wrong.fetch_add(1);
      }
    });
  }
  for (int i = 0; i < 20; ++i) ASSERT_OK(e.reload({d.path() + "/p.json"}, {}));
  stop.store(true);
  for (auto& t : readers) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(IntentEngine, RulePacksPathFromConfig) {
  TempDir d;
  auto def = rulePackPathsForConfig(d.path() + "/demo");
  ASSERT_OK(def);
  EXPECT_EQ(def.value(), std::vector<std::string>{d.path() + "/rules/zh"});
  d.write("demo/gridgate.json", R"({ /* c */ "rule_packs": ["../rules/zh", "extra.json"]})");
  auto custom = rulePackPathsForConfig(d.path() + "/demo");
  ASSERT_OK(custom);
  EXPECT_EQ(custom.value(),
            (std::vector<std::string>{d.path() + "/rules/zh", d.path() + "/demo/extra.json"}));
}

TEST(IntentEngine, GazetteerPlacesReachEntities) {
  TempDir d;
  d.write("p.json", kGoodPack);
  IntentEngine e;
  ASSERT_OK(
      e.reload({d.path() + "/p.json"}, {Place{"幸福里", {"幸福小区"}, "compound", "c1", "g7"}}));
  auto r = e.classify("嗯幸福小区五号楼停水了", true);
  ASSERT_OK(r);
  EXPECT_EQ(r->intent, "water_cut");
  ASSERT_EQ(r->entities.places.size(), 1u);
  EXPECT_EQ(r->entities.places[0].grid_id, "g7");
}

}  // namespace
}  // namespace gg
