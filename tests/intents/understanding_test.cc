// Rule language v2 and "understanding in context" (issue #10): concept lexicons, proximity and
// clause scope, single characters, digits as tokens, ID-number entities (masked), scoped
// modifiers, speech acts, urgency in context, the pack's normaliser tables, building/room forms.
// Every sentence here is invented for the test.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "intents/intent_engine.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

std::string sourceDir() {
  const char* d = std::getenv("GRIDGATE_SOURCE_DIR");
  return d ? d : GRIDGATE_SOURCE_DIR;
}

// The default pack, built once for the whole suite.
const RulePack& defaultPack() {
  static std::shared_ptr<const RulePack> pack = [] {
    auto paths = rulePackPathsForConfig(sourceDir() + "/config/demo");
    EXPECT_OK(paths);
    auto src = loadRulePackFiles(paths.value());
    EXPECT_OK(src);
    auto p = RulePack::build(src.value(), {}, nullptr);
    EXPECT_OK(p);
    return p.value();
  }();
  return *pack;
}

Classification classify(const std::string& text, bool asr = false) {
  auto r = defaultPack().classify(text, asr);
  EXPECT_OK(r);
  return r.isOk() ? r.value() : Classification{};
}

// A small pack written in the test, with v2 features.
Result<std::shared_ptr<const RulePack>> buildPack(const std::string& json) {
  RulePackSource src;
  src.categories.push_back({"facility", "设施", "城乡建设"});
  src.categories.push_back({"social", "日常", "无"});
  Status s = parseRulePack(json, "test.json", &src);
  if (!s.isOk()) return s;
  GG_RETURN_IF_ERROR(validateRulePack(src));
  return RulePack::build(src, {}, nullptr);
}

std::string addressOf(const Classification& c, const std::string& kind) {
  for (const auto& a : c.entities.addresses) {
    if (a.kind == kind) return a.value;
  }
  return "";
}

// ---- the rule language --------------------------------------------------------------------

TEST(RuleLanguageV2, LexiconsExpandInKeywordsGroupsAndRegexes) {
  auto pack = buildPack(R"({
    "lexicons": {"灯": ["路灯", "声控灯", "楼梯灯"], "坏": "不亮|坏了|一闪一闪"},
    "intents": [
      {"id": "light_kw", "category": "facility", "keywords": ["@灯@坏"]},
      {"id": "light_re", "category": "facility", "regex": ["@{灯}.{0,3}熄"]},
      {"id": "light_all", "category": "facility", "all": [[["门口"], ["@灯"]]]}
    ]})");
  ASSERT_OK(pack);
  EXPECT_EQ(pack.value()->classify("楼梯灯一闪一闪", false)->intent, "light_kw");
  EXPECT_EQ(pack.value()->classify("声控灯突然熄了", false)->intent, "light_re");
  EXPECT_EQ(pack.value()->classify("门口的路灯", false)->intent, "light_all");
  EXPECT_FALSE(pack.value()->classify("台灯坏了", false)->hasIntent());
}

TEST(RuleLanguageV2, UnknownLexiconIsAnError) {
  auto pack =
      buildPack(R"({"intents": [{"id": "x", "category": "facility", "keywords": ["@没有这个"]}]})");
  ASSERT_FALSE(pack.isOk());
  EXPECT_NE(pack.status().message().find("unknown lexicon"), std::string::npos);
}

TEST(RuleLanguageV2, SingleCharacterKeywordIsRefused) {
  auto pack =
      buildPack(R"({"intents": [{"id": "x", "category": "facility", "keywords": ["灯"]}]})");
  ASSERT_FALSE(pack.isOk());
  EXPECT_NE(pack.status().message().find("single character"), std::string::npos);
  // ... but a single character may be one term of a co-occurrence.
  auto ok =
      buildPack(R"({"intents": [{"id": "x", "category": "facility", "all": [[["灯"], ["坏"]]]}]})");
  ASSERT_OK(ok);
  EXPECT_EQ(ok.value()->classify("灯坏了", false)->intent, "x");
}

TEST(RuleLanguageV2, ProximityWindowAndClauseScope) {
  auto pack = buildPack(R"({"intents": [
      {"id": "near", "category": "facility",
       "all": [{"groups": [["水管"], ["爆"]], "within": 4}]},
      {"id": "clause", "category": "facility",
       "all": [{"groups": [["暖气"], ["漏"]], "clause": true}]}]})");
  ASSERT_OK(pack);
  const RulePack& p = *pack.value();
  EXPECT_EQ(p.classify("厨房水管爆了", false)->intent, "near");
  EXPECT_FALSE(p.classify("水管是去年换的新的，昨天鞭炮爆了一地", false)->hasIntent());
  EXPECT_EQ(p.classify("暖气片在漏水", false)->intent, "clause");
  EXPECT_FALSE(p.classify("暖气挺好，就是屋顶在漏", false)->hasIntent());
}

TEST(RuleLanguageV2, DigitsAreTokens) {
  auto pack = buildPack(R"({"intents": [
      {"id": "fire_number", "category": "facility", "keywords": ["119"], "regex": ["打1[12]0"]}]})");
  ASSERT_OK(pack);
  const RulePack& p = *pack.value();
  EXPECT_EQ(p.classify("快打119", false)->intent, "fire_number");
  EXPECT_EQ(p.classify("已经打120了", false)->intent, "fire_number");
  EXPECT_FALSE(p.classify("我的卡号是6222119000123", false)->hasIntent());
  EXPECT_FALSE(p.classify("编号41190", false)->hasIntent());
  EXPECT_FALSE(p.classify("订单打1201号", false)->hasIntent());
}

TEST(RuleLanguageV2, PackNormaliserTablesApplyBeforeMatching) {
  auto pack = buildPack(R"({
    "normalize": {"replace": [["电题", "电梯"], {"from": "著", "to": "着", "not_before": ["名"]}],
                  "openings": ["喂", "您好"], "fillers": ["然后呢"]},
    "intents": [{"id": "lift", "category": "facility", "keywords": ["电梯坏了"]},
                {"id": "sleep", "category": "facility", "keywords": ["睡不着"]},
                {"id": "hello", "category": "social", "kind": "social", "keywords": ["您好"]}]})");
  ASSERT_OK(pack);
  const RulePack& p = *pack.value();
  auto c = p.classify("我们楼电题坏了", false);
  EXPECT_EQ(c->intent, "lift");
  EXPECT_EQ(c->explanation.matched, "电题坏了");  // spans still point at what was written
  EXPECT_EQ(p.classify("吵得睡不著", false)->intent, "sleep");
  EXPECT_EQ(p.classify("著名的小吃", false)->normalized, "著名的小吃");
  // Hotline openings are stripped, so the greeting is not the reading of the call.
  auto call = p.classify("喂，您好，然后呢电题坏了", true);
  EXPECT_EQ(call->intent, "lift");
  EXPECT_EQ(call->normalized, "电梯坏了");
}

// ---- entities -------------------------------------------------------------------------------

TEST(Understanding, IdNumberIsAnEntityMaskedAndNeverAnEmergency) {
  Classification c = classify("医保交了吗 370283199001011195");
  EXPECT_FALSE(c.flags.emergency);
  EXPECT_NE(c.urgency, Urgency::kEmergency);
  EXPECT_EQ(c.category, "social_security");
  ASSERT_EQ(c.entities.id_numbers.size(), 1u);
  EXPECT_EQ(c.entities.id_numbers[0].kind, "id_card");
  EXPECT_TRUE(c.entities.phones.empty());
  const auto j = c.toJson();
  EXPECT_EQ(j["entities"]["id_numbers"][0]["number"], "3702**********1195");
  EXPECT_EQ(c.toJson(true)["entities"]["id_numbers"][0]["number"], "370283199001011195");
  EXPECT_EQ(maskIdNumber("6222021234567890123"), "6222***********0123");

  Classification card = classify("退款打到我卡上 6222021234567890");
  ASSERT_EQ(card.entities.id_numbers.size(), 1u);
  EXPECT_EQ(card.entities.id_numbers[0].kind, "bank_card");
}

TEST(Understanding, BuildingUnitAndRoomForms) {
  Classification a = classify("8#楼门口的路灯不亮");
  EXPECT_EQ(addressOf(a, "building"), "8");
  Classification b = classify("9#又停电了");
  EXPECT_EQ(addressOf(b, "building"), "9");
  Classification c = classify("12-2-301家里漏水");
  EXPECT_EQ(addressOf(c, "building"), "12");
  EXPECT_EQ(addressOf(c, "unit"), "2");
  EXPECT_EQ(addressOf(c, "room"), "301");
  Classification d = classify("7号楼2单元603楼上漏水");
  EXPECT_EQ(addressOf(d, "building"), "7");
  EXPECT_EQ(addressOf(d, "unit"), "2");
  EXPECT_EQ(addressOf(d, "room"), "603");
  EXPECT_EQ(addressOf(d, "floor"), "");
  EXPECT_EQ(addressOf(classify("两单元的灯坏了"), "unit"), "2");
  EXPECT_EQ(addressOf(classify("六幢的电梯坏了"), "building"), "6");
  EXPECT_EQ(addressOf(classify("三栋门口垃圾堆着"), "building"), "3");
  EXPECT_EQ(addressOf(classify("住在15楼，水压很低"), "building"), "");
}

TEST(Understanding, ApproximateNumbersStayRanges) {
  EXPECT_NE(classify("路灯坏了三四天了").normalized.find("3-4天"), std::string::npos);
  EXPECT_NE(classify("来了七八个人").normalized.find("7-8个"), std::string::npos);
  EXPECT_EQ(classify("路灯坏了三四天了").normalized.find("34"), std::string::npos);
}

// ---- normaliser, dialect, typos -------------------------------------------------------------

TEST(Understanding, DialectTyposTraditionalAndFullWidth) {
  EXPECT_EQ(classify("俺家又木有电了").intent, "power_cut");
  EXPECT_EQ(classify("电体坏了，爬楼累死").intent, "lift_fault");
  EXPECT_EQ(classify("楼到的灯一直黑着").intent, "street_light");
  EXPECT_EQ(classify("電梯壞了好幾天").intent, "lift_fault");
  Classification fw = classify("３号楼停水了");
  EXPECT_EQ(fw.intent, "water_cut");
  EXPECT_EQ(addressOf(fw, "building"), "3");
  EXPECT_NE(classify("楼上跺脚吵得睡不著").normalized.find("睡不着"), std::string::npos);
}

TEST(Understanding, HotlineGreetingAndFillersNeverBecomeTheReading) {
  Classification c = classify("喂你好 嗯 那个 就是说我们家暖气片一直在漏水", true);
  EXPECT_NE(c.intent, "greeting");
  EXPECT_EQ(c.kind, MessageKind::kNeed);
  Classification g = classify("喂，您好", true);
  EXPECT_NE(g.kind, MessageKind::kNeed);
}

TEST(Understanding, VocabularyOfObjectsAndStates) {
  EXPECT_EQ(classify("车库的感应灯坏掉了").intent, "street_light");
  EXPECT_EQ(classify("楼梯间里的灯一直黑着").intent, "street_light");
  EXPECT_EQ(classify("单元门的门锁坏了关不上").category, "facility");
  EXPECT_EQ(classify("地下室蟑螂到处爬").category, "sanitation");
}

// ---- speech acts and modifiers --------------------------------------------------------------

TEST(Understanding, ResolvedReportIsSocial) {
  EXPECT_EQ(classify("水管已经修好了，谢谢师傅").kind, MessageKind::kSocial);
  Classification c = classify("楼道灯已经修好了，谢谢师傅");
  EXPECT_EQ(c.act, "resolved");
  EXPECT_EQ(c.kind, MessageKind::kSocial);
  EXPECT_EQ(c.category, "social");
  EXPECT_EQ(c.topic_category, "facility");
  EXPECT_EQ(c.intent, "street_light");
  Classification w = classify("刚才说的焦糊味是误会，是邻居在烤红薯，不用来了");
  EXPECT_EQ(w.kind, MessageKind::kSocial);
  EXPECT_FALSE(w.flags.emergency);
}

TEST(Understanding, ResolutionIsScopedToItsClause) {
  Classification c = classify("电梯修好了，但是楼道灯还是不亮");
  EXPECT_EQ(c.intent, "street_light");
  EXPECT_EQ(c.kind, MessageKind::kNeed);
  // A resolution clause with no topic of its own refers back to the earlier clauses.
  Classification back = classify("三号楼停电了半天，现在已经好了");
  EXPECT_EQ(back.kind, MessageKind::kSocial);
  EXPECT_EQ(back.urgency, Urgency::kNormal);
}

TEST(Understanding, NegationWithdrawsTheReading) {
  Classification c = classify("没闻到煤气味了，应该没事");
  EXPECT_FALSE(c.flags.emergency);
  EXPECT_NE(c.kind, MessageKind::kNeed);
  Classification d = classify("不是停电，是我家的空开跳了，楼道灯也不亮");
  EXPECT_EQ(d.intent, "street_light");
}

TEST(Understanding, HypothesisIsNeverAnEmergency) {
  Classification c = classify("万一楼里着火了我们往哪跑？");
  EXPECT_FALSE(c.flags.emergency);
  EXPECT_NE(c.urgency, Urgency::kEmergency);
  EXPECT_EQ(c.kind, MessageKind::kQuestion);
  Classification q = classify("听说隔壁小区有人家里着火了");
  EXPECT_FALSE(q.flags.emergency);
}

TEST(Understanding, QuestionsAboutNoticesAreNotTickets) {
  Classification a = classify("物业通知说周四停水，几点能来水？");
  EXPECT_EQ(a.kind, MessageKind::kQuestion);
  EXPECT_EQ(a.urgency, Urgency::kNormal);
  Classification b = classify("社区舞蹈队今晚几点开始排练");
  EXPECT_EQ(b.kind, MessageKind::kQuestion);
  Classification c = classify("请问养老金什么时候发");
  EXPECT_EQ(c.kind, MessageKind::kQuestion);
  EXPECT_EQ(c.category, "social_security");
  // A report asked as a question is still a need.
  Classification d = classify("是不是停电了？我家灯全黑了");
  EXPECT_EQ(d.kind, MessageKind::kNeed);
}

TEST(Understanding, ComplaintAboutHandling) {
  Classification c = classify("路灯坏了反映过好几次了，物业推来推去");
  EXPECT_EQ(c.kind, MessageKind::kComplaint);
  EXPECT_EQ(c.category, "facility");
  EXPECT_TRUE(c.flags.complaint);
  Classification d = classify("楼道垃圾再不清我就打12345");
  EXPECT_EQ(d.kind, MessageKind::kComplaint);
  EXPECT_EQ(d.category, "sanitation");
}

TEST(Understanding, ThanksAndChitChat) {
  EXPECT_EQ(classify("谢谢网格员帮忙，太暖心了").kind, MessageKind::kSocial);
  EXPECT_EQ(classify("麻烦尽快来修一下楼道灯，谢谢").kind, MessageKind::kNeed);
  Classification e = classify("[强][强]");
  EXPECT_EQ(e.kind, MessageKind::kSocial);
  EXPECT_TRUE(e.understood());
}

// ---- urgency in context ---------------------------------------------------------------------

TEST(Understanding, ContextRaisesUrgencyAndTheFlagAgrees) {
  const char* emergencies[] = {
      "三楼过道里都是烟，呛得睁不开眼",
      "小卖部门口一个老大爷栽倒了，叫不醒",
      "有个小朋友爬到窗台外面去了",
      "厨房里一股很冲的燃气味",
      "电梯卡在两层中间，里面有人出不来",
      "路边的电线断了掉在地上还在冒火花",
      "独居的老太太好几天没见，敲门也没人应",
      "河边有个小朋友在水里扑腾，像是掉下去了",
      "天台上有个人说要跳下去",
      "两个人在超市门口持刀伤人",
  };
  for (const char* t : emergencies) {
    Classification c = classify(t);
    EXPECT_EQ(c.urgency, Urgency::kEmergency) << t;
    EXPECT_TRUE(c.flags.emergency) << t;
  }
  // No topic rule fires, only an emergency context: still a need, filed as the context's intent.
  Classification ctx = classify("楼下刚叫了救护车，快来个人帮忙");
  EXPECT_EQ(ctx.kind, MessageKind::kNeed);
  EXPECT_EQ(ctx.intent, "person_collapsed");
  EXPECT_EQ(ctx.act_rule, "ctx_person_down");
  EXPECT_TRUE(ctx.flags.emergency);
  Classification heat = classify("暖气一点都不热，家里有个刚出生的宝宝");
  EXPECT_EQ(heat.urgency, Urgency::kUrgent);
  EXPECT_EQ(heat.base_urgency, Urgency::kNormal);
  Classification water = classify("楼上漏水漏得很厉害，卧室里全是水");
  EXPECT_EQ(water.urgency, Urgency::kUrgent);
}

TEST(Understanding, NoEmergencyWithoutDanger) {
  const char* calm[] = {"楼下烧烤店的油烟很大", "消防通道被车堵了，着火了都进不来怎么办",
                        "我家燃气打不着火了", "灭火器过期了没人换"};
  for (const char* t : calm) {
    Classification c = classify(t);
    EXPECT_FALSE(c.flags.emergency) << t;
    EXPECT_NE(c.urgency, Urgency::kEmergency) << t;
  }
}

TEST(Understanding, SeveralProblemsTakeTheMostUrgent) {
  Classification c = classify("地漏有点返味，而且从中午开始就停水了");
  EXPECT_EQ(c.intent, "water_cut");
  EXPECT_EQ(c.urgency, Urgency::kUrgent);
  // Letters keep their main request (no urgency-first among background topics).
  auto l = defaultPack().classifyLetter("关于小区路灯长期不亮的问题",
                                        "小区里路灯坏了很久，晚上出行不便，偶尔也停水。");
  ASSERT_OK(l);
  EXPECT_EQ(l->intent, "street_light");
}

TEST(Understanding, SideWordsDoNotDecide) {
  EXPECT_EQ(classify("物业门口的路灯坏了").category, "facility");
  EXPECT_EQ(classify("学校旁边的下水道堵了").category, "facility");
  EXPECT_EQ(classify("电梯里的广告屏坏了声音特别大").category, "facility");
}

// ---- the development set, when present ------------------------------------------------------

TEST(Understanding, ChatDevSetFloor) {
  const char* shared = std::getenv("GRIDGATE_SHARED_DIR");
  const std::string path =
      std::string(shared ? shared : GRIDGATE_SOURCE_DIR "/../shared") + "/data/chat_dev.jsonl";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << path << " not present";
  int n = 0, kind_ok = 0, emerg = 0, emerg_hit = 0;
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    Classification c = classify(j.value("text", ""), j.value("asr", false));
    ++n;
    kind_ok += toString(c.kind) == j.value("kind", "");
    if (j.value("urgency", "") == "emergency") {
      ++emerg;
      emerg_hit += c.urgency == Urgency::kEmergency && c.flags.emergency;
    }
  }
  ASSERT_GT(n, 0);
  EXPECT_EQ(emerg_hit, emerg);
  EXPECT_GE(static_cast<double>(kind_ok) / n, 0.85);
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

// A compound called "回迁楼" is a place, not a demolition topic: names are blanked before the
// topic rules run, and the entity (with its span in the original text) is still found.
TEST(PlaceNames, AreTakenOutBeforeTopicRules) {
  auto paths = rulePackPathsForConfig(sourceDir() + "/config/demo");
  ASSERT_OK(paths);
  auto src = loadRulePackFiles(paths.value());
  ASSERT_OK(src);
  auto pack = RulePack::build(
      src.value(),
      {Place{"金桥村安置房", {"安置房", "回迁楼"}, "compound", "jinqiao", "jinqiao-02"}}, nullptr);
  ASSERT_OK(pack);
  auto c = (*pack)->classify("回迁楼5号楼门口垃圾好几天没人清了", false);
  ASSERT_OK(c);
  EXPECT_EQ(c->intent, "rubbish_uncollected");
  for (const auto& cand : c->candidates) EXPECT_NE(cand.intent, "demolition");
  ASSERT_EQ(c->entities.places.size(), 1u);
  EXPECT_EQ(c->entities.places[0].name, "金桥村安置房");
  EXPECT_EQ(c->entities.places[0].span.begin, 0u);
  EXPECT_EQ(addressOf(*c, "building"), "5");
  // Without the place known, the same words read as the demolition topic: the blanking did it.
  auto bare = defaultPack().classify("回迁楼5号楼门口垃圾好几天没人清了", false);
  ASSERT_OK(bare);
  bool demolition = false;
  for (const auto& cand : bare->candidates) demolition = demolition || cand.intent == "demolition";
  EXPECT_TRUE(demolition);
}

}  // namespace
}  // namespace gg
