#include <gtest/gtest.h>

#include "adapters/wecom/wecom_app_sender.h"
#include "adapters/wecom/wecom_robot_sender.h"
#include "tests/fakes/fake_wecom_api.h"
#include "tests/support/fake_clock.h"

namespace gg {
namespace {

using fakes::FakeFault;
using fakes::FakeWeComApi;
using Kind = SendOutcome::Kind;

constexpr HttpTimeouts kFast{500, 500};

OutboundMessage robotMsg(std::string text, std::string group = "g1") {
  OutboundMessage m;
  m.channel = Channel::kWeComRobot;
  m.target_kind = TargetKind::kGroup;
  m.target = std::move(group);
  m.text = std::move(text);
  return m;
}

OutboundMessage appMsg(std::string text) {
  OutboundMessage m;
  m.channel = Channel::kWeComApp;
  m.target_kind = TargetKind::kUser;
  m.target = "zhangsan";
  m.text = std::move(text);
  return m;
}

class WeComSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_.addRobotKey("KEY1");
    fake_.start();
  }
  WeComRobotSender robot() {
    return WeComRobotSender(
        std::make_shared<const fakes::StaticRobots>(std::map<std::string, std::string>{{"g1", fake_.robotUrl("KEY1")}}), kFast);
  }
  WeComAppSender app(std::string secret = "secret") {
    return WeComAppSender(fake_.baseUrl(), "wwcorp", std::move(secret), 1000002, clock_,
                          WeComAppSender::Options{kFast, true, 1800});
  }

  FakeClock clock_{1'700'000'000'000};
  FakeWeComApi fake_{"wwcorp", "secret", &clock_};
};

TEST_F(WeComSenderTest, RobotTextWithMentions) {
  OutboundMessage m = robotMsg("请网格员处理");
  m.mention_mobiles = {"13800001111"};
  m.mention_user_ids = {"wangqing"};
  ASSERT_EQ(robot().send(m, "k").kind, Kind::kDelivered);
  auto got = fake_.robotMessages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].key, "KEY1");
  EXPECT_EQ(got[0].body["msgtype"], "text");
  EXPECT_EQ(got[0].body["text"]["content"], "请网格员处理");
  EXPECT_EQ(got[0].body["text"]["mentioned_mobile_list"][0], "13800001111");
  EXPECT_EQ(got[0].body["text"]["mentioned_list"][0], "wangqing");
}

TEST_F(WeComSenderTest, RobotMarkdown) {
  OutboundMessage m = robotMsg("**通知**");
  m.format = MessageFormat::kMarkdown;
  m.mention_user_ids = {"lisi"};
  ASSERT_EQ(robot().send(m, "k").kind, Kind::kDelivered);
  EXPECT_EQ(fake_.robotMessages().at(0).body["markdown"]["content"], "<@lisi>\n**通知**");
}

TEST_F(WeComSenderTest, RobotRateLimit45009IsRetryWithHint) {
  fake_.setRobotLimitPerMinute(3);
  WeComRobotSender s = robot();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(s.send(robotMsg("m"), "k").kind, Kind::kDelivered);
  SendOutcome limited = s.send(robotMsg("m"), "k");
  EXPECT_EQ(limited.kind, Kind::kRetry);
  EXPECT_EQ(limited.retry_after_ms, WeComRobotSender::kRateLimitedRetryMs);
  EXPECT_NE(limited.error.find("45009"), std::string::npos);
  clock_.advance(kMinute);
  EXPECT_EQ(s.send(robotMsg("m"), "k").kind, Kind::kDelivered);
  EXPECT_EQ(fake_.robotMessages().size(), 4u);
}

TEST_F(WeComSenderTest, RobotFaultsAndPermanentErrors) {
  WeComRobotSender s = robot();
  fake_.injectFault(FakeFault::kServerError, 1);
  EXPECT_EQ(s.send(robotMsg("m"), "k").kind, Kind::kRetry);
  fake_.injectFault(FakeFault::kRateLimited, 1);
  EXPECT_EQ(s.send(robotMsg("m"), "k").kind, Kind::kRetry);
  fake_.injectFault(FakeFault::kTimeout, 1, 1200);
  EXPECT_EQ(s.send(robotMsg("m"), "k").kind, Kind::kRetry);
  EXPECT_EQ(s.send(robotMsg("m", "unknown-group"), "k").kind, Kind::kPermanent);
  WeComRobotSender bad_key(
      std::make_shared<const fakes::StaticRobots>(std::map<std::string, std::string>{{"g1", fake_.robotUrl("NOPE")}}), kFast);
  SendOutcome out = bad_key.send(robotMsg("m"), "k");
  EXPECT_EQ(out.kind, Kind::kPermanent);
  EXPECT_NE(out.error.find("93000"), std::string::npos);
  EXPECT_EQ(s.send(robotMsg(std::string(2049, 'a')), "k").kind, Kind::kPermanent);
  EXPECT_TRUE(fake_.robotMessages().empty());
}

TEST_F(WeComSenderTest, AppSendCachesToken) {
  WeComAppSender s = app();
  SendOutcome out = s.send(appMsg("工单#12 已派给您"), "k");
  ASSERT_EQ(out.kind, Kind::kDelivered) << out.error;
  EXPECT_FALSE(out.platform_msg_id.empty());
  ASSERT_EQ(s.send(appMsg("second"), "k").kind, Kind::kDelivered);
  EXPECT_EQ(fake_.gettokenCalls(), 1);
  auto msgs = fake_.appMessages();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].body["touser"], "zhangsan");
  EXPECT_EQ(msgs[0].body["agentid"], 1000002);
  EXPECT_EQ(msgs[0].body["text"]["content"], "工单#12 已派给您");
  EXPECT_EQ(msgs[0].body["enable_duplicate_check"], 1);
}

TEST_F(WeComSenderTest, AppRefreshesOn42001AndRetriesOnce) {
  WeComAppSender s = app();
  ASSERT_EQ(s.send(appMsg("a"), "k").kind, Kind::kDelivered);
  fake_.expireTokens();
  SendOutcome out = s.send(appMsg("b"), "k");
  ASSERT_EQ(out.kind, Kind::kDelivered) << out.error;
  EXPECT_EQ(fake_.gettokenCalls(), 2);
  EXPECT_EQ(fake_.appMessages().size(), 2u);
}

TEST_F(WeComSenderTest, AppRefreshesBeforeExpiry) {
  fake_.setTokenTtlSeconds(7200);
  WeComAppSender s = app();
  ASSERT_EQ(s.send(appMsg("a"), "k").kind, Kind::kDelivered);
  clock_.advance(7200 * kSecond - 4 * kMinute);  // inside the 5-minute refresh margin
  ASSERT_EQ(s.send(appMsg("b"), "k").kind, Kind::kDelivered);
  EXPECT_EQ(fake_.gettokenCalls(), 2);
}

TEST_F(WeComSenderTest, AppBadSecretIsPermanentAndOutageIsRetry) {
  EXPECT_EQ(app("wrong").send(appMsg("a"), "k").kind, Kind::kPermanent);
  WeComAppSender s = app();
  fake_.injectFault(FakeFault::kServerError, 1);  // hits gettoken
  EXPECT_EQ(s.send(appMsg("a"), "k").kind, Kind::kRetry);
  std::string url = fake_.baseUrl();
  fake_.stop();
  WeComAppSender refused(url, "wwcorp", "secret", 1, clock_, WeComAppSender::Options{kFast});
  EXPECT_EQ(refused.send(appMsg("a"), "k").kind, Kind::kRetry);
  EXPECT_TRUE(fake_.appMessages().empty());
}

}  // namespace
}  // namespace gg
