// A notice to 1,000 groups through the real dispatcher and the fake platforms: every group gets
// every send exactly once, no robot ever exceeds its rate window, and groups whose robot refuses
// are listed with the platform's error.

#include <gtest/gtest.h>

#include <httplib.h>

#include <fstream>

#include "app/gateway.h"
#include "org/generator.h"
#include "server/auth.h"
#include "tests/fakes/fake_onebot_client.h"
#include "tests/fakes/fake_wecom_api.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"
#include "tests/support/test_gateway.h"

namespace gg {
namespace {

TEST(NoticeFanOutE2E, ThousandGroupsThreeSendsEachExactlyOnceWithinRateLimits) {
  test::TempDir tmp;
  Millis start = 0;
  ASSERT_TRUE(parseIsoTime("2026-11-24T10:00:00+08:00", &start));
  FakeClock clock(start);
  fakes::FakeOneBotClient onebot("ob-token", &clock);
  fakes::FakeWeComApi wecom("ww-corp", "corp-secret", &clock);
  onebot.start();
  wecom.start();
  constexpr int kRobotLimit = 2;  // per minute: tighter than the platform's 20 to make it bind
  wecom.setRobotLimitPerMinute(kRobotLimit);

  // 750 grids: 750 OneBot groups + 250 WeCom robot groups = 1,000 groups.
  auto org = generateOrg({10, 750, 1500, 7});
  ASSERT_OK(org);
  const std::string config = tmp.file("config");
  ASSERT_OK(writeOrgConfig(*org, config));
  nlohmann::json robots = nlohmann::json::object();
  std::set<std::string> broken;  // robots whose key the platform does not know
  int groups = 0;
  for (const auto& c : org->communities) {
    for (const auto& g : c.grids) {
      for (const auto& b : g.groups) {
        ++groups;
        if (b.channel != Channel::kWeCom) continue;
        const std::string key = "key-" + b.group_id;
        robots[b.group_id] = key;
        if (broken.size() < 3)
          broken.insert(b.group_id);
        else
          wecom.addRobotKey(key);
      }
    }
  }
  ASSERT_EQ(groups, 1000);
  nlohmann::json settings = {
      {"rule_packs", {test::sourceDir() + "/config/rules/zh"}},
      {"channels",
       {{"wecom",
         {{"robots", robots},
          {"robot_rate_limit", {{"messages", kRobotLimit}, {"per_seconds", 60}}}}}}}};
  std::ofstream(config + "/gridgate.json") << settings.dump();
  std::map<std::string, std::string> env = {{"GRIDGATE_ONEBOT_API", onebot.baseUrl()},
                                            {"GRIDGATE_ONEBOT_ACCESS_TOKEN", "ob-token"},
                                            {"GRIDGATE_WECOM_API", wecom.baseUrl()}};
  auto gateway = test::startGateway(config, tmp.file("fanout.db"), &clock, env);
  ASSERT_OK(gateway);
  auto& g = **gateway;
  httplib::Client http("127.0.0.1", g.port());
  auto token = [&](const std::string& role) {
    return "Bearer " + *createToken(g.store(), *g.context().org, role, "", role, start);
  };
  const std::string creator = token("admin"), approver = token("street");

  // Three street-wide notices: each needs a second person's approval before it goes out.
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    nlohmann::json body = {{"title", "通知" + std::to_string(i)},
                           {"body", "第" + std::to_string(i) + "号通知：{grid_name}的居民请留意。"},
                           {"target", {{"all", true}}}};
    auto r =
        http.Post("/api/notices", {{"Authorization", creator}}, body.dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status / 100, 2) << r->body;
    const int64_t id = nlohmann::json::parse(r->body)["id"];
    ids.push_back(id);
    auto self = http.Post(("/api/notices/" + std::to_string(id) + "/approve").c_str(),
                          {{"Authorization", creator}}, "", "application/json");
    EXPECT_EQ(self->status, 403) << "the creator cannot approve their own notice";
    auto ok = http.Post(("/api/notices/" + std::to_string(id) + "/approve").c_str(),
                        {{"Authorization", approver}}, "", "application/json");
    ASSERT_EQ(ok->status, 200) << ok->body;
  }

  for (int round = 0; round < 600; ++round) {
    ASSERT_OK(g.runWorkersOnce());
    for (int k = 0; k < 20; ++k) {
      auto n = g.dispatcher().runOnce();
      ASSERT_OK(n);
      if (*n == 0) break;
    }
    int64_t pending = 0, sending = 0;
    ASSERT_OK(g.store().read([&](Tx& tx) {
      pending = *tx.outbox().countWithStatus(OutboxStatus::kPending);
      sending = *tx.outbox().countWithStatus(OutboxStatus::kSending);
      return Status::ok();
    }));
    if (pending == 0 && sending == 0 && round > 0) break;
    clock.advance(5 * kSecond);
  }

  // OneBot: every group exactly three times.
  std::map<int64_t, int> per_group;
  for (const auto& c : onebot.calls()) per_group[c.body["group_id"].get<int64_t>()]++;
  EXPECT_EQ(per_group.size(), 750u);
  for (const auto& [gid, n] : per_group) EXPECT_EQ(n, 3) << "group " << gid;
  // WeCom robots: three each, never more than the limit in any minute, never told to slow down.
  std::map<std::string, std::vector<Millis>> per_robot;
  for (const auto& m : wecom.robotMessages()) per_robot[m.key].push_back(m.at_ms);
  EXPECT_EQ(per_robot.size(), 250u - broken.size());
  for (auto& [key, times] : per_robot) {
    EXPECT_EQ(times.size(), 3u) << key;
    std::sort(times.begin(), times.end());
    for (size_t i = kRobotLimit; i < times.size(); ++i) {
      EXPECT_GT(times[i] - times[i - kRobotLimit], kMinute) << key;
    }
  }
  EXPECT_EQ(wecom.rateLimitedCount(), 0);
  // The refused groups are listed with the platform's error.
  auto view =
      http.Get(("/api/notices/" + std::to_string(ids[0])).c_str(), {{"Authorization", creator}});
  ASSERT_EQ(view->status, 200);
  auto j = nlohmann::json::parse(view->body);
  ASSERT_TRUE(j.contains("failed")) << view->body.substr(0, 500);
  std::set<std::string> failed;
  for (const auto& f : j["failed"]) {
    failed.insert(f["group_id"].get<std::string>());
    EXPECT_FALSE(f["error"].get<std::string>().empty());
  }
  EXPECT_EQ(failed, broken);
  g.stop();
}

}  // namespace
}  // namespace gg
