// `gridgate rules replay` and `rules inbox` on a database filled through the real pipeline.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "app/gateway.h"
#include "app/org_places.h"
#include "app/rules_review.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_config.h"
#include "tests/support/test_gateway.h"

namespace gg {
namespace {

InboundEnvelope groupLine(const std::string& id, const std::string& user, const std::string& text) {
  InboundEnvelope e;
  e.channel = Channel::kOneBot;
  e.account = "10001";
  e.platform_msg_id = id;
  e.chat_type = ChatType::kGroup;
  e.group_id = "81000101";  // binhe-01
  e.sender_id = user;
  e.sender_name = "居民";
  e.text = text;
  return e;
}

class RulesReview : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = test::makeDemoConfig(tmp_);
    std::filesystem::remove(config_ + "/notices.json");
    auto g = test::startGateway(config_, tmp_.file("review.db"), &clock_);
    ASSERT_OK(g);
    gateway_ = std::move(g).value();
    ASSERT_OK(gateway_->pipeline().ingest(groupLine("1", "3900001", "滨悦新城3号楼楼道灯坏了")));
    ASSERT_OK(gateway_->pipeline().ingest(groupLine("2", "3900002", "今天天气真不错")));
    ASSERT_OK(
        gateway_->pipeline().ingest(groupLine("3", "3900003", "门口那个铁皮箱子又在嗡嗡响了")));
    ASSERT_OK(gateway_->pipeline().ingest(groupLine("4", "3900004", "铁皮箱子嗡嗡响一晚上了")));
  }

  // The shipped rule files, or the same names from rules_dir.
  static std::vector<std::string> ruleFiles() {
    std::vector<std::string> out;
    for (const auto& e :
         std::filesystem::directory_iterator(test::sourceDir() + "/config/rules/zh")) {
      if (e.path().extension() == ".json") out.push_back(e.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::shared_ptr<const RulePack> packFrom(const std::string& rules_dir) {
    std::vector<std::string> files;
    for (const auto& p : ruleFiles()) {
      files.push_back(
          rules_dir.empty() ? p : rules_dir + "/" + std::filesystem::path(p).filename().string());
    }
    auto source = loadRulePackFiles(files);
    EXPECT_OK(source);
    auto pack =
        RulePack::build(source.value(), placesFromOrg(gateway_->context().org->org()), nullptr);
    EXPECT_OK(pack);
    return pack.value();
  }

  test::TempDir tmp_;
  FakeClock clock_{1795000000000};
  std::string config_;
  std::unique_ptr<Gateway> gateway_;
};

TEST_F(RulesReview, TheSamePackChangesNothing) {
  auto report = replayMessages(gateway_->store(), *gateway_->context().org, *packFrom(""), 0);
  ASSERT_OK(report);
  EXPECT_EQ(report->replayed, 4);
  EXPECT_EQ(report->changed, 0);
}

TEST_F(RulesReview, ACandidatePackWithoutTheLightRuleShowsTheLostTicket) {
  // The candidate pack: the shipped one with the street-light intent's keywords made impossible.
  const std::string rules = tmp_.file("candidate");
  std::filesystem::create_directories(rules);
  for (const auto& p : ruleFiles()) {
    std::ifstream in(p);
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto j = nlohmann::json::parse(body, nullptr, true, true);
    if (j.is_object() && j.contains("intents")) {
      nlohmann::json kept = nlohmann::json::array();
      for (const auto& i : j["intents"]) {
        if (i.value("id", "") != "street_light") kept.push_back(i);
      }
      j["intents"] = kept;
    }
    std::ofstream(rules + "/" + std::filesystem::path(p).filename().string()) << j.dump();
  }
  auto report = replayMessages(gateway_->store(), *gateway_->context().org, *packFrom(rules), 0);
  ASSERT_OK(report);
  ASSERT_GE(report->changed, 1);
  bool found = false;
  for (const auto& c : report->changes) {
    if (c.old_intent == "street_light") {
      found = true;
      EXPECT_NE(c.new_intent, "street_light");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_GE(report->intent, 1);
}

TEST_F(RulesReview, InboxGroupsUnderstoodNothingAndCorrectedTickets) {
  auto groups = rulesInbox(gateway_->store(), 0);
  ASSERT_OK(groups);
  ASSERT_FALSE(groups->empty());
  // The two lines about the humming box share their most frequent word and come first.
  EXPECT_EQ(groups->front().items.size(), 2u);
  for (const auto& it : groups->front().items) EXPECT_EQ(it.reason, "未识别");
  // The understood lines (the light, the weather) are not there.
  for (const auto& g : *groups) {
    for (const auto& it : g.items) {
      EXPECT_EQ(it.text.find("楼道灯"), std::string::npos);
      EXPECT_EQ(it.text.find("天气"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace gg
