// The WeCom path end to end: an encrypted callback from a resident of the WeCom app becomes a
// ticket placed by the address in the message, and the answer goes back through the app message
// API of the fake WeCom server (gettoken, then message/send).

#include <gtest/gtest.h>

#include <httplib.h>

#include "app/gateway.h"
#include "tests/fakes/fake_onebot_client.h"
#include "tests/fakes/fake_wecom_api.h"
#include "tests/fakes/signing.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_config.h"
#include "tests/support/test_gateway.h"

namespace gg {
namespace {

constexpr const char* kCorp = "ww-e2e-corp";
constexpr const char* kToken = "wecom-callback-token";
constexpr const char* kAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";  // 43 chars

TEST(WeComE2E, EncryptedResidentMessageBecomesATicketAndTheAnswerGoesBackThroughTheApp) {
  test::TempDir tmp;
  Millis now = 0;
  ASSERT_TRUE(parseIsoTime("2026-11-24T10:00:00+08:00", &now));
  FakeClock clock(now);
  fakes::FakeWeComApi wecom(kCorp, "corp-secret", &clock);
  wecom.start();
  const std::string config = test::makeDemoConfig(tmp);
  std::filesystem::remove(config + "/notices.json");
  std::map<std::string, std::string> env = {{"GRIDGATE_WECOM_API", wecom.baseUrl()},
                                            {"GRIDGATE_WECOM_CORP_ID", kCorp},
                                            {"GRIDGATE_WECOM_CORP_SECRET", "corp-secret"},
                                            {"GRIDGATE_WECOM_AGENT_ID", "1000002"},
                                            {"GRIDGATE_WECOM_TOKEN", kToken},
                                            {"GRIDGATE_WECOM_AES_KEY", kAesKey}};
  auto g = test::startGateway(config, tmp.file("wecom.db"), &clock, env);
  ASSERT_OK(g);
  httplib::Client http("127.0.0.1", (*g)->port());

  const std::string inner = fakes::weComTextXml(
      kCorp, "resident-zhang", "滨悦新城3号楼的消防通道又被电动车堵死了", "7001", now / 1000);
  const auto cb =
      fakes::encryptWeComCallback(kToken, kAesKey, kCorp, inner, std::to_string(now / 1000), "n-1");
  auto r = http.Post(cb.target.c_str(), cb.body, "text/xml");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  // The same callback again is a replay (same nonce): refused, nothing new stored.
  auto replay = http.Post(cb.target.c_str(), cb.body, "text/xml");
  EXPECT_GE(replay->status, 400);

  std::vector<TicketRecord> tickets;
  ASSERT_OK((*g)->store().read([&](Tx& tx) {
    TicketFilter f;
    tickets = *tx.tickets().list(f, nullptr);
    return Status::ok();
  }));
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].grid_id, "binhe-01");
  EXPECT_EQ(tickets[0].reporter_channel, Channel::kWeCom);

  for (int i = 0; i < 3; ++i) ASSERT_OK((*g)->runWorkersOnce());
  bool answered = false;
  for (const auto& m : wecom.appMessages()) {
    if (m.body.value("touser", "") == "resident-zhang") {
      answered = m.body.dump().find(std::to_string(tickets[0].id)) != std::string::npos;
    }
  }
  EXPECT_TRUE(answered);
  EXPECT_GE(wecom.gettokenCalls(), 1);
  (*g)->stop();
}

// The replay guard's nonces are in the database: a callback accepted before a restart is still
// a replay after it (in memory only, the restarted process would answer 200 again).
TEST(WeComE2E, ANonceAcceptedBeforeARestartIsRefusedAfterIt) {
  test::TempDir tmp;
  Millis now = 0;
  ASSERT_TRUE(parseIsoTime("2026-11-24T10:00:00+08:00", &now));
  FakeClock clock(now);
  const std::string config = test::makeDemoConfig(tmp);
  std::filesystem::remove(config + "/notices.json");
  std::map<std::string, std::string> env = {{"GRIDGATE_WECOM_CORP_ID", kCorp},
                                            {"GRIDGATE_WECOM_TOKEN", kToken},
                                            {"GRIDGATE_WECOM_AES_KEY", kAesKey}};
  const std::string inner = fakes::weComTextXml(kCorp, "resident-li", "路灯不亮了", "7002", now / 1000);
  const auto cb =
      fakes::encryptWeComCallback(kToken, kAesKey, kCorp, inner, std::to_string(now / 1000), "n-restart");
  {
    auto g = test::startGateway(config, tmp.file("wecom.db"), &clock, env);
    ASSERT_OK(g);
    httplib::Client http("127.0.0.1", (*g)->port());
    auto r = http.Post(cb.target.c_str(), cb.body, "text/xml");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    (*g)->stop();
  }
  clock.advance(60 * kSecond);  // well inside the 300 s window
  auto g = test::startGateway(config, tmp.file("wecom.db"), &clock, env);
  ASSERT_OK(g);
  httplib::Client http("127.0.0.1", (*g)->port());
  auto again = http.Post(cb.target.c_str(), cb.body, "text/xml");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 401) << again->body;
  EXPECT_NE(again->body.find("nonce already used"), std::string::npos) << again->body;
  // A fresh nonce for a new message still goes through.
  const std::string inner2 = fakes::weComTextXml(kCorp, "resident-li", "楼道灯坏了", "7003", now / 1000 + 60);
  const auto cb2 = fakes::encryptWeComCallback(kToken, kAesKey, kCorp, inner2,
                                               std::to_string(now / 1000 + 60), "n-after");
  auto fresh = http.Post(cb2.target.c_str(), cb2.body, "text/xml");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->status, 200) << fresh->body;
  (*g)->stop();
}

}  // namespace
}  // namespace gg
