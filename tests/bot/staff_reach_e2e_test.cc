// Reaching staff with fallback, priority lanes and surviving an outage, end to end on a street
// with OneBot and SMS but no WeCom (issue 12).

#include <set>

#include <fstream>

#include "bot/staff_reach.h"
#include "core/json_file.h"
#include "org/loader.h"
#include "tests/bot/reach_fixture.h"
#include "tests/support/status_matchers.h"

namespace gg::test {
namespace {

constexpr const char* kGasLeak = "闻到很大的煤气味，好像哪里漏气了";

// The SMS texts to number that mention ticket.
int textsAbout(const fakes::FakeSmsGateway& sms, const std::string& number,
               const std::string& ticket) {
  int n = 0;
  for (const auto& t : sms.textsTo(number)) n += t.find(ticket) != std::string::npos ? 1 : 0;
  return n;
}

TEST_F(ReachE2E, WithoutWeComTheEmergencyPageAndEscalationsReachCommunityAndStreetBySms) {
  ASSERT_EQ(postGroup(3900001, 501, kGasLeak), 204);
  ASSERT_EQ(ticket(1001).urgency, Urgency::kEmergency);
  deliver();  // no time passes: "within seconds" is within the same dispatcher rounds
  // The community's contact is configured for WeCom first; WeCom is not set up here, so the
  // page goes by SMS to her mobile at once.
  EXPECT_EQ(textsAbout(sms_, kCommunityMobile, "1001"), 1);
  bool wecom_row_fell_back = false;
  for (const auto& r : outbox()) {
    if (r.message.channel == Channel::kWeComApp && r.message.target == "sq-binhe") {
      EXPECT_EQ(r.status, OutboxStatus::kCancelled);
      EXPECT_NE(r.last_error.find("not configured"), std::string::npos) << r.last_error;
      wecom_row_fell_back = true;
    }
  }
  EXPECT_TRUE(wecom_row_fell_back);

  // A grid ticket escalated to the community, then to the street: the command centre's phone is
  // a landline, so its duty mobile gets the text, and the landline never does.
  ASSERT_EQ(postGroup(3900002, 502, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  ASSERT_EQ(ticket(1002).level, Level::kGrid);
  const std::string admin = token("admin");
  int status = 0;
  api("POST", "/api/tickets/1002/escalate", admin, R"({"note": "需要社区协调"})", &status);
  ASSERT_EQ(status, 200);
  deliver();
  EXPECT_EQ(ticket(1002).level, Level::kCommunity);
  EXPECT_EQ(textsAbout(sms_, kCommunityMobile, "1002"), 1);
  clock_.advance(30 * kMinute);  // the community could not solve it either
  api("POST", "/api/tickets/1002/escalate", admin, R"({"note": "需要街道协调"})", &status);
  ASSERT_EQ(status, 200);
  deliver();
  EXPECT_EQ(ticket(1002).level, Level::kStreet);
  EXPECT_GE(textsAbout(sms_, kStreetMobile, "1002"), 1);
  for (const auto& m : sms_.sent()) {
    EXPECT_NE(m.to, "053186601234");
    EXPECT_NE(m.to, "0531-86601234");
  }
}

TEST_F(ReachE2E, CheckFindsNoUnreachableContactInTheDemoAndNamesALandlineOnlyOne) {
  const Org& demo = gateway_->context().org->org();
  EXPECT_TRUE(unreachableContacts(demo, Channel::kOneBot).empty());
  Org broken = demo;
  broken.communities[0].contact.wecom_userid.clear();
  broken.communities[0].contact.phone = "0531-86601111";
  const auto lines = unreachableContacts(broken, Channel::kOneBot);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("community " + demo.communities[0].id), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("not a mobile"), std::string::npos) << lines[0];
  // A duty room with only a landline has no SMS route; the department's next contact is paged.
  Contact duty_room{"值班室", "0531-86611052", "", "", "", {}};
  EXPECT_TRUE(staffRoutes(duty_room, {"wecom_app", "onebot", "sms"}, "x").empty());
  Contact mobile{"白颖", "13905390104", "", "", "", {}};
  auto routes = staffRoutes(mobile, {"wecom_app", "onebot", "sms"}, "x");
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].channel, Channel::kSms);
  EXPECT_EQ(routes[0].target, "13905390104");
}

TEST_F(ReachE2E, StreetOrderForARoleIsFollowed) {
  Street s;
  s.contact_channels["community"] = {"sms", "wecom_app"};
  Contact c{"吕玉珍", "13905321001", "sq-binhe", "", "", {}};
  auto routes = staffRoutes(c, reachOrder(s, StaffRole::kCommunity, c.channels, Channel::kOneBot), "x");
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].channel, Channel::kSms);
  EXPECT_EQ(routes[1].channel, Channel::kWeComApp);
  c.channels = {"wecom_app"};  // the contact's own order wins over the street's
  routes = staffRoutes(c, reachOrder(s, StaffRole::kCommunity, c.channels, Channel::kOneBot), "x");
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].channel, Channel::kWeComApp);
}

// 22 routine needs fill the group's 20-a-minute window; the fire/gas reply still goes out in
// the same round as its commit, and so do the pages.
TEST_F(ReachE2E, EmergencyReplyAndPagesDoNotWaitBehindRoutineReplies) {
  for (int i = 0; i < 22; ++i) {
    ASSERT_EQ(postGroup(3900100 + i, 600 + i, "滨悦新城3号楼楼道灯坏了，晚上黑乎乎的"), 204);
  }
  deliver();
  const size_t routine_sent = groupCalls().size();
  EXPECT_EQ(routine_sent, 18u) << "20 a minute, 2 kept for emergencies";
  const Millis committed = clock_.now();
  ASSERT_EQ(postGroup(3900001, 700, kGasLeak), 204);
  ASSERT_OK(gateway_->runWorkersOnce());
  bool fire_reply = false;
  for (const auto& c : groupCalls()) {
    if (callText(c).find("【紧急】") != std::string::npos) {
      fire_reply = true;
      EXPECT_LE(c.at_ms - committed, kSecond);
    }
  }
  EXPECT_TRUE(fire_reply) << "the emergency reply waited behind routine rows";
  bool community_paged = false;
  for (const auto& t : sms_.textsTo(kCommunityMobile))
    community_paged |= t.find("【紧急】") != std::string::npos;
  EXPECT_TRUE(community_paged);
  bool leader_paged = false;
  for (const auto& c : onebot_.calls()) {
    if (c.action == "send_private_msg" && c.body.value("user_id", int64_t{0}) == 2810010101 &&
        callText(c).find("【紧急】") != std::string::npos) {
      leader_paged = true;
    }
  }
  EXPECT_TRUE(leader_paged);
  // The routine replies still all go out, later, within the limit.
  runFor(3 * kMinute, 5 * kSecond);
  EXPECT_EQ(groupCalls().size(), 23u);
}

TEST_F(ReachE2E, QueuedTogetherTheEmergencyReplyIsSentFirst) {
  for (int i = 0; i < 22; ++i) {
    ASSERT_EQ(postGroup(3900100 + i, 600 + i, "滨悦新城3号楼楼道灯坏了，晚上黑乎乎的"), 204);
  }
  ASSERT_EQ(postGroup(3900001, 700, kGasLeak), 204);
  ASSERT_OK(gateway_->runWorkersOnce());
  const auto calls = groupCalls();
  ASSERT_FALSE(calls.empty());
  EXPECT_NE(callText(calls.front()).find("【紧急】"), std::string::npos) << callText(calls.front());
}

TEST_F(ReachE2E, OneBotDownForTwoMinutesThenUpEverythingDeliveredOnceNoneDead) {
  onebot_.injectFault(fakes::FakeFault::kServerError, 100000);
  ASSERT_EQ(postGroup(3900001, 801, "滨悦新城3号楼电梯坏了"), 204);
  ASSERT_EQ(postGroup(3900002, 802, "滨悦新城5号楼门口的路灯不亮了"), 204);
  ASSERT_EQ(postGroup(3900003, 803, "滨悦新城小区垃圾没人清运，臭得很"), 204);
  runFor(2 * kMinute, kSecond);
  const auto during = healthz();
  EXPECT_EQ(during.value("status", ""), "degraded") << during.dump();
  EXPECT_NE(during.dump().find("channel onebot"), std::string::npos) << during.dump();
  onebot_.clearFaults();
  runFor(15 * kMinute, 5 * kSecond);

  int group_rows = 0;
  for (const auto& r : outbox()) {
    EXPECT_NE(r.status, OutboxStatus::kDead) << r.message.channel << " " << r.last_error;
    EXPECT_NE(r.status, OutboxStatus::kPending) << r.message.channel << " " << r.last_error;
    if (r.message.target_kind == TargetKind::kGroup) {
      EXPECT_EQ(r.status, OutboxStatus::kSent);
      ++group_rows;
    }
  }
  EXPECT_GE(group_rows, 3);
  // Each reply exactly once: the fake saw as many group messages as there are rows, no repeats.
  const auto calls = groupCalls();
  EXPECT_EQ(static_cast<int>(calls.size()), group_rows);
  std::set<std::string> texts;
  for (const auto& c : calls)
    EXPECT_TRUE(texts.insert(callText(c)).second) << "twice: " << callText(c);
  // One alert to the street, by SMS since OneBot was the failing channel; health is back.
  int alerts = 0;
  for (const auto& t : sms_.textsTo(kStreetMobile))
    alerts += t.find("发送通道故障") != std::string::npos ? 1 : 0;
  EXPECT_EQ(alerts, 1);
  EXPECT_EQ(healthz().value("status", ""), "ok") << healthz().dump();
}

class ShortHorizonE2E : public ReachE2E {
 protected:
  nlohmann::json channelSettings() override {
    return {{"retry_horizon_hours", {{"onebot", 0.001}}}};
  }
};

TEST_F(ShortHorizonE2E, ADeadRowReDrivenByTheApiIsDeliveredOnce) {
  onebot_.injectFault(fakes::FakeFault::kServerError, 100000);
  ASSERT_EQ(postGroup(3900001, 901, "滨悦新城3号楼电梯坏了"), 204);
  runFor(20 * kSecond, kSecond);  // past the 3.6 s horizon
  int64_t dead_id = 0;
  for (const auto& r : outbox()) {
    if (r.message.target_kind == TargetKind::kGroup) {
      EXPECT_EQ(r.status, OutboxStatus::kDead);
      dead_id = r.id;
    }
  }
  ASSERT_NE(dead_id, 0);
  onebot_.clearFaults();
  const std::string body =
      nlohmann::json{{"channel", "onebot"}, {"status", "dead"}, {"ids", {dead_id}}}.dump();
  int status = 0;
  api("POST", "/api/outbox/retry", token("grid", "binhe-01"), body, &status);
  EXPECT_EQ(status, 403);
  api("POST", "/api/outbox/retry", token("admin"), R"({"channel": "onebot", "status": "zombie"})",
      &status);
  EXPECT_EQ(status, 400);
  api("POST", "/api/outbox/retry", token("admin"),
      R"({"channel": "onebot", "status": "dead", "extra": 1})", &status);
  EXPECT_EQ(status, 400);
  ASSERT_OK(gateway_->runWorkersOnce());
  EXPECT_TRUE(groupCalls().empty()) << "a refused re-drive changed nothing";

  const auto ok = api("POST", "/api/outbox/retry", token("street"), body, &status);
  ASSERT_EQ(status, 200) << ok.dump();
  EXPECT_EQ(ok["redriven"], nlohmann::json::array({dead_id}));
  deliver();
  EXPECT_EQ(groupCalls().size(), 1u);
  const auto again = api("POST", "/api/outbox/retry", token("admin"), body, &status);
  EXPECT_EQ(again["count"], 0);  // sent rows are not re-driven
  deliver();
  EXPECT_EQ(groupCalls().size(), 1u);
}

}  // namespace
}  // namespace gg::test

namespace gg::test {
namespace {

// A staff group (the community's 工作群 on QQ) is a channel like the others: first in the
// contact's order, the emergency page is posted there and the SMS fallback is not needed.
TEST_F(ReachE2E, AStaffGroupIsAChannelOfItsOwn) {
  gateway_.reset();
  const std::string path = config_ + "/communities/binhe.json";
  auto j = readJsonFile(path);
  ASSERT_OK(j);
  (*j)["contact"]["onebot_group"] = 81009999;
  (*j)["contact"]["channels"] = {"onebot_group", "sms"};
  std::ofstream(path, std::ios::trunc) << j->dump(2);
  auto g = startGateway(config_, tmp_.file("reach.db"), &clock_, env_);
  ASSERT_OK(g);
  gateway_ = std::move(g).value();
  http_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());

  ASSERT_EQ(postGroup(3900001, 501, kGasLeak), 204);
  deliver();
  int posted = 0;
  for (const auto& c : groupCalls()) {
    if (c.body.value("group_id", int64_t{0}) == 81009999 && callText(c).find("1001") != std::string::npos) ++posted;
  }
  EXPECT_EQ(posted, 1);
  EXPECT_EQ(textsAbout(sms_, kCommunityMobile, "1001"), 0);
}

TEST(StaffGroupConfig, TheChannelNeedsAGroupNumber) {
  TempDir tmp;
  const std::string dir = makeDemoConfig(tmp, {});
  const std::string path = dir + "/communities/binhe.json";
  auto j = readJsonFile(path);
  ASSERT_OK(j);
  (*j)["contact"]["channels"] = {"onebot_group"};
  std::ofstream(path, std::ios::trunc) << j->dump(2);
  auto org = loadOrg(dir);
  ASSERT_STATUS(org, Code::kInvalidArgument);
  EXPECT_NE(org.status().message().find("needs the contact's onebot_group"), std::string::npos)
      << org.status().message();
  (*j)["contact"]["onebot_group"] = "工作群";
  std::ofstream(path, std::ios::trunc) << j->dump(2);
  org = loadOrg(dir);
  ASSERT_STATUS(org, Code::kInvalidArgument);
  EXPECT_NE(org.status().message().find("is not a OneBot group number"), std::string::npos);
}

}  // namespace
}  // namespace gg::test
