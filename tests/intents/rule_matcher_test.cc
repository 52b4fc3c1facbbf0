#include "intents/rule_matcher.h"
#include "tests/support/status_matchers.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace gg {
namespace {

RulePackSource sourceFrom(const std::string& json) {
  RulePackSource s;
  Status st = parseRulePack(json, "test.json", &s);
  EXPECT_OK(st);
  return s;
}

const std::string kCategories =
    R"("categories": [{"id": "c", "label": "测试", "dept_class": "城乡建设"}])";

std::unique_ptr<RuleMatcher> compile(const std::string& json) {
  auto m = RuleMatcher::compile(sourceFrom(json), *Normalizer::shared());
  EXPECT_OK(m);
  return m.isOk() ? std::move(m.value()) : nullptr;
}

std::vector<std::string> intentsOf(const RuleMatcher& m, const std::string& text) {
  MatchResult r;
  Status s = m.match(text, &r);
  EXPECT_OK(s);
  std::vector<std::string> out;
  for (const auto& h : r.intents) out.push_back(m.rules()[h.rule]->id);
  return out;
}

TEST(RuleMatcher, KeywordRegexAndCoOccurrence) {
  auto m = compile("{" + kCategories + R"(, "intents": [
    {"id": "kw", "category": "c", "keywords": ["停水"]},
    {"id": "re", "category": "c", "regex": ["电梯.{0,4}困"]},
    {"id": "co", "category": "c", "all": [[["路灯"], ["不亮", "坏"]]]}]})");
  ASSERT_TRUE(m);
  EXPECT_EQ(intentsOf(*m, "又停水了"), std::vector<std::string>{"kw"});
  EXPECT_EQ(intentsOf(*m, "电梯里困了人"), std::vector<std::string>{"re"});
  EXPECT_TRUE(intentsOf(*m, "电梯里的广告太多了，困死了").empty());  // gap longer than 4
  EXPECT_EQ(intentsOf(*m, "门口路灯好几天不亮"), std::vector<std::string>{"co"});
  EXPECT_TRUE(intentsOf(*m, "路灯很漂亮").empty());
}

TEST(RuleMatcher, ExclusionVetoesTheIntent) {
  auto m = compile("{" + kCategories + R"(, "intents": [
    {"id": "lift", "category": "c", "all": [[["电梯"], ["坏"]]], "exclude": ["修好了"],
     "exclude_regex": ["电梯广告"]}]})");
  ASSERT_TRUE(m);
  EXPECT_EQ(intentsOf(*m, "电梯坏了"), std::vector<std::string>{"lift"});
  EXPECT_TRUE(intentsOf(*m, "电梯坏了两天，现在修好了").empty());
  EXPECT_TRUE(intentsOf(*m, "电梯广告屏坏了").empty());
}

TEST(RuleMatcher, TieBreakingIsDeterministic) {
  // Same evidence: priority decides; same priority: longer span; same span: earlier; then id.
  auto m = compile("{" + kCategories + R"(, "intents": [
    {"id": "b_low", "category": "c", "keywords": ["漏水"]},
    {"id": "a_high", "category": "c", "keywords": ["漏水"], "priority": 10},
    {"id": "long", "category": "c", "keywords": ["天花板漏"]},
    {"id": "zz_same", "category": "c", "keywords": ["天花"]},
    {"id": "aa_same", "category": "c", "keywords": ["花板"]}]})");
  ASSERT_TRUE(m);
  EXPECT_EQ(intentsOf(*m, "漏水"), (std::vector<std::string>{"a_high", "b_low"}));
  EXPECT_EQ(intentsOf(*m, "天花板漏"), (std::vector<std::string>{"long", "zz_same", "aa_same"}));
  // Same span length and start: the id decides.
  auto m2 = compile("{" + kCategories + R"(, "intents": [
    {"id": "zeta", "category": "c", "keywords": ["停电"]},
    {"id": "alpha", "category": "c", "keywords": ["停电"]}]})");
  EXPECT_EQ(intentsOf(*m2, "停电"), (std::vector<std::string>{"alpha", "zeta"}));
}

TEST(RuleMatcher, MoreEvidenceBeatsPriorityOnlyByScale) {
  auto m = compile("{" + kCategories + R"(, "intents": [
    {"id": "urgent", "category": "c", "keywords": ["电梯"], "priority": 50},
    {"id": "topic", "category": "c", "keywords": ["学校", "老师", "学生"]}]})");
  ASSERT_TRUE(m);
  EXPECT_EQ(intentsOf(*m, "学校电梯")[0], "urgent");             // 1.5 vs 1.0
  EXPECT_EQ(intentsOf(*m, "学校老师和学生坐电梯")[0], "topic");  // 1.5 vs 3.0
}

TEST(RuleMatcher, KeywordsAreNormalizedLikeMessages) {
  auto m = compile("{" + kCategories + R"(, "intents": [
    {"id": "t", "category": "c", "keywords": ["電梯壞", "ＫＴＶ"]}]})");
  ASSERT_TRUE(m);
  EXPECT_EQ(intentsOf(*m, "电梯坏").size(), 1u);
  EXPECT_EQ(intentsOf(*m, "ktv").size(), 1u);
}

TEST(RuleMatcher, LintWarnsAboutUnfilteredRegexesAndAsciiBoundaries) {
  auto m = compile("{" + kCategories + R"J(, "intents": [
    {"id": "digits", "category": "c", "regex": ["\\d{11}"]},
    {"id": "boundary", "category": "c", "regex": ["\\b停水\\b"]},
    {"id": "fine", "category": "c", "regex": ["电梯.{0,4}坏"]}]})J");
  ASSERT_TRUE(m);
  ASSERT_EQ(m->warnings().size(), 2u);
  EXPECT_NE(m->warnings()[0].find("boundary"), std::string::npos);
  EXPECT_NE(m->warnings()[1].find("digits"), std::string::npos);
  // The unfiltered regex still matches (it is confirmed on every message).
  EXPECT_EQ(intentsOf(*m, "电话13812345678"), std::vector<std::string>{"digits"});
}

TEST(RuleMatcher, BadRegexNamesRuleAndPattern) {
  auto m = RuleMatcher::compile(sourceFrom("{" + kCategories + R"(, "intents": [
    {"id": "broken", "category": "c", "regex": ["电梯(坏"]}]})"),
                                *Normalizer::shared());
  ASSERT_FALSE(m.isOk());
  EXPECT_EQ(m.status().code(), Code::kInvalidArgument);
  EXPECT_NE(m.status().message().find("broken"), std::string::npos);
  EXPECT_NE(m.status().message().find("电梯(坏"), std::string::npos);
}

// A tiny memory budget is refused when the pack compiles, as kResourceExhausted naming max_mem,
// never accepted to give a silent "no match" later. (Exhaustion at match time is handled by the
// same code path in the matcher but cannot be provoked reliably: RE2 sizes its DFA cache per
// call.)
TEST(RuleMatcher, DfaBudgetExhaustionIsAnError) {
  std::string intents;
  for (int i = 0; i < 400; ++i) {
    if (i) intents += ",";
    intents += R"({"id": "i)" + std::to_string(i) + R"(", "category": "c", "keywords": ["词)" +
               std::to_string(i * 7919) + R"(甲乙"]})";
  }
  RulePackSource src = sourceFrom("{" + kCategories + R"(, "intents": [)" + intents + "]}");
  src.options.max_mem = 64 << 10;  // 64 KiB
  auto m = RuleMatcher::compile(src, *Normalizer::shared());
  ASSERT_STATUS(m, Code::kResourceExhausted);
  EXPECT_NE(m.status().message().find("max_mem"), std::string::npos) << m.status().toString();
  // The same pack with the default budget compiles: the refusal was the budget's, not the pack's.
  src.options.max_mem = RulePackSource{}.options.max_mem;
  EXPECT_OK(RuleMatcher::compile(src, *Normalizer::shared()));
}

TEST(RuleMatcher, NoBudgetGivesASilentlyWrongAnswer) {
  // Sweep the budget from far too small to ample: every budget must either be refused with
  // kResourceExhausted or give exactly the answer of the ample budget.
  std::string intents;
  std::string text;
  for (int i = 0; i < 300; ++i) {
    if (i) intents += ",";
    const std::string kw = "报修" + std::to_string(i * 37) + "号";
    intents += R"({"id": "r)" + std::to_string(i) + R"(", "category": "c", "keywords": [")" + kw +
               R"("]})";
    if (i % 3 == 0) text += kw + "，";
  }
  RulePackSource src = sourceFrom("{" + kCategories + R"(, "intents": [)" + intents + "]}");
  src.options.max_mem = int64_t{64} << 20;
  auto reference = RuleMatcher::compile(src, *Normalizer::shared());
  ASSERT_OK(reference);
  MatchResult want;
  ASSERT_OK(reference.value()->match(text, &want));
  ASSERT_EQ(want.intents.size(), 100u);
  int refused = 0, answered = 0;
  for (int64_t mem = 8 << 10; mem <= (int64_t{4} << 20); mem = mem * 3 / 2) {
    src.options.max_mem = mem;
    auto m = RuleMatcher::compile(src, *Normalizer::shared());
    if (!m.isOk()) {
      EXPECT_EQ(m.status().code(), Code::kResourceExhausted);
      ++refused;
      continue;
    }
    MatchResult got;
    Status s = m.value()->match(text, &got);
    if (!s.isOk()) {
      EXPECT_EQ(s.code(), Code::kResourceExhausted);
      ++refused;
      continue;
    }
    ++answered;
    EXPECT_EQ(got.intents.size(), want.intents.size()) << "max_mem=" << mem;
  }
  EXPECT_GT(refused, 0);
  EXPECT_GT(answered, 0);
}

// Oracle: the literal automaton + FilteredRE2 prefilter gives exactly what a plain loop of RE2 over
// every pattern gives, on random messages built from the patterns' own vocabulary.
TEST(RuleMatcher, OracleSetEqualsLoopOfRe2) {
  const std::vector<std::string> vocab = {
      "电梯", "坏",   "困",   "停水",   "停电", "漏", "水管", "路灯", "不亮", "垃圾", "臭",
      "噪音", "半夜", "广告", "修好了", "的",   "了", "楼",   "3号",  "!",    "a",    "燃气"};
  const std::string json = "{" + kCategories + R"J(, "intents": [
    {"id": "a", "category": "c", "keywords": ["停水", "水管漏"]},
    {"id": "b", "category": "c", "regex": ["电梯.{0,6}(坏|困)", "(停电|停水).*了"]},
    {"id": "c2", "category": "c", "all": [[["路灯"], ["不亮", "坏"]]], "exclude": ["修好了"]},
    {"id": "d", "category": "c", "regex": ["垃圾[^!]{0,3}臭"], "exclude_regex": ["广告$"]},
    {"id": "e", "category": "c", "regex": ["噪音|半夜.*(噪音|吵)"], "keywords": ["燃气"]},
    {"id": "f", "category": "c", "regex": ["\\d号楼?.{0,2}漏"]}]})J";
  RulePackSource src = sourceFrom(json);
  auto m = RuleMatcher::compile(src, *Normalizer::shared());
  ASSERT_OK(m);

  // The oracle: every pattern as its own RE2, applied one by one.
  auto oracle = [&](const std::string& text) {
    std::set<std::string> out;
    for (const Rule& r : src.intents) {
      auto hits = [&](const std::vector<Pattern>& ps) {
        for (const Pattern& p : ps) {
          if (p.kind == PatternKind::kKeyword && text.find(p.text) != std::string::npos) {
            return true;
          }
          if (p.kind == PatternKind::kRegex && RE2::PartialMatch(text, RE2(p.text))) return true;
          if (p.kind == PatternKind::kAll) {
            bool all = true;
            for (const auto& g : p.groups) {
              bool any = false;
              for (const auto& t : g) any |= text.find(t) != std::string::npos;
              all &= any;
            }
            if (all) return true;
          }
        }
        return false;
      };
      if (hits(r.patterns) && !hits(r.excludes)) out.insert(r.id);
    }
    return out;
  };
  std::mt19937 rng(12345);
  int nonempty = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const int len = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < len; ++k) text += vocab[rng() % vocab.size()];
    MatchResult r;
    ASSERT_OK(m.value()->match(text, &r));
    std::set<std::string> got;
    for (const auto& h : r.intents) got.insert(m.value()->rules()[h.rule]->id);
    ASSERT_EQ(got, oracle(text)) << "text: " << text;
    nonempty += !got.empty();
  }
  EXPECT_GT(nonempty, 1000);  // the generator really exercises the rules
}

}  // namespace
}  // namespace gg
