// The OneBot accounts' presence over the reverse WebSocket and HTTP: heartbeats stop → offline
// and one alert, heartbeats again → back once; lifecycle disable; a group no grid is bound to is
// stored and listed, never answered; the same message over socket and HTTP is stored once.

#include "tests/adapters/onebot_ws_fixture.h"

namespace gg::test {
namespace {

TEST_F(OneBotWsTest, UnboundGroupIsStoredListedNeverAnswered) {
  auto napcat = client(kSelfA);
  ASSERT_EQ(napcat->connect(), 101);
  ASSERT_TRUE(napcat->sendText(groupEvent(kSelfA, kUnboundGroup, 1101, kNeed)));
  ASSERT_TRUE(napcat->sendText(groupEvent(kSelfA, kUnboundGroup, 1101, kNeed)));  // once
  ASSERT_TRUE(
      eventually([&] { return get("/api/channels", adminToken())["unknown_groups"].size() == 1; }));
  auto ch = get("/api/channels", adminToken());
  ASSERT_TRUE(napcat->heartbeat(15000));
  ASSERT_TRUE(eventually([&] {
    return !account(get("/api/channels", adminToken()), kSelfA)["last_heartbeat"].is_null();
  }));
  ch = get("/api/channels", adminToken());
  EXPECT_EQ(ch["unknown_groups"][0]["group_id"], std::to_string(kUnboundGroup));
  EXPECT_EQ(ch["unknown_groups"][0]["messages"], 1);
  EXPECT_FALSE(ch["unknown_groups"][0]["last_message_at"].is_null());
  EXPECT_EQ(messages(), 1);
  EXPECT_TRUE(tickets().empty());
  EXPECT_TRUE(outbox().empty());
  ASSERT_OK(gateway_->runWorkersOnce());
  EXPECT_TRUE(napcat->calls().empty());
  // Grid tokens do not see the channel list.
  auto grid = createToken(gateway_->store(), *gateway_->context().org, "grid", "binhe-01", "g",
                          clock_.now());
  ASSERT_OK(grid);
  int status = 0;
  get("/api/channels", *grid, &status);
  EXPECT_EQ(status, 403);
}

TEST_F(OneBotWsTest, SilentAccountGoesOfflineOnceAlertedAndComesBackOnce) {
  auto napcat = client(kSelfA);
  ASSERT_EQ(napcat->connect(), 101);
  ASSERT_TRUE(napcat->heartbeat(1000));
  ASSERT_TRUE(eventually([&] {
    return !account(get("/api/channels", adminToken()), kSelfA)["last_heartbeat"].is_null();
  }));
  ASSERT_OK(gateway_->runWorkersOnce());
  EXPECT_TRUE(account(get("/api/channels", adminToken()), kSelfA)["online"].get<bool>());
  EXPECT_EQ(get("/healthz")["status"], "ok");

  clock_.advance(3500);  // more than 3 intervals without a heartbeat
  ASSERT_OK(gateway_->runWorkersOnce());
  ASSERT_OK(gateway_->runWorkersOnce());
  auto a = account(get("/api/channels", adminToken()), kSelfA);
  EXPECT_FALSE(a["online"].get<bool>());
  EXPECT_EQ(a["offline_reason"], "heartbeat");
  auto h = get("/healthz");
  EXPECT_EQ(h["status"], "degraded");
  EXPECT_NE(h["reasons"].dump().find("10001 offline"), std::string::npos) << h.dump();
  auto alerts = [&](const std::string& word) {
    int n = 0;
    for (const auto& r : outbox()) {
      if (r.source_kind == SourceKind::kAlert && r.message.text.find(word) != std::string::npos) {
        EXPECT_EQ(r.message.channel, Channel::kWeComApp);
        EXPECT_EQ(r.message.target, "binhe-center");  // the street command centre
        ++n;
      }
    }
    return n;
  };
  EXPECT_EQ(alerts("机器人离线"), 1);

  ASSERT_TRUE(napcat->heartbeat(1000));
  ASSERT_TRUE(eventually(
      [&] { return account(get("/api/channels", adminToken()), kSelfA)["online"].get<bool>(); }));
  ASSERT_TRUE(napcat->heartbeat(1000));
  ASSERT_OK(gateway_->runWorkersOnce());
  EXPECT_EQ(alerts("机器人离线"), 1);
  EXPECT_EQ(alerts("机器人恢复"), 1);
  EXPECT_EQ(get("/healthz")["status"], "ok");
}

TEST_F(OneBotWsTest, DisconnectedLongerThanGraceIsOffline) {
  auto napcat = client(kSelfA);
  ASSERT_EQ(napcat->connect(), 101);
  ASSERT_TRUE(
      eventually([&] { return !account(get("/api/channels", adminToken()), kSelfA).is_null(); }));
  napcat->drop();
  ASSERT_TRUE(eventually([&] {
    return !account(get("/api/channels", adminToken()), kSelfA)["connected"].get<bool>();
  }));
  clock_.advance(30 * kSecond);
  ASSERT_OK(gateway_->runWorkersOnce());
  EXPECT_TRUE(
      account(get("/api/channels", adminToken()), kSelfA)["online"].get<bool>());  // within grace
  clock_.advance(31 * kSecond);
  ASSERT_OK(gateway_->runWorkersOnce());
  auto a = account(get("/api/channels", adminToken()), kSelfA);
  EXPECT_FALSE(a["online"].get<bool>());
  EXPECT_EQ(a["offline_reason"], "disconnected");
  EXPECT_EQ(get("/healthz")["status"], "degraded");
}

TEST_F(OneBotWsTest, HttpMetaEventsKeepPresenceLikeFrames) {
  // An account that speaks HTTP only: its lifecycle and heartbeat posts are all gridgate hears.
  ASSERT_EQ(postHook(metaEvent(kSelfB, "lifecycle", "connect")), 204);
  ASSERT_EQ(postHook(metaEvent(kSelfB, "heartbeat", "", 1000)), 204);
  auto a = account(get("/api/channels", adminToken()), kSelfB);
  ASSERT_FALSE(a.is_null());
  EXPECT_EQ(a["mode"], "http");
  EXPECT_TRUE(a["online"].get<bool>());
  EXPECT_FALSE(a["last_heartbeat"].is_null());
  EXPECT_EQ(messages(), 0);  // meta events are not messages

  // Silent for more than 3 intervals: offline, one alert, /healthz degraded — as over a socket.
  clock_.advance(3500);
  ASSERT_OK(gateway_->runWorkersOnce());
  ASSERT_OK(gateway_->runWorkersOnce());
  a = account(get("/api/channels", adminToken()), kSelfB);
  EXPECT_FALSE(a["online"].get<bool>());
  EXPECT_EQ(a["offline_reason"], "heartbeat");
  EXPECT_EQ(get("/healthz")["status"], "degraded");
  EXPECT_EQ(alerts("机器人离线"), 1);

  // A heartbeat post again: online, one "back" message.
  ASSERT_EQ(postHook(metaEvent(kSelfB, "heartbeat", "", 1000)), 204);
  ASSERT_OK(gateway_->runWorkersOnce());
  EXPECT_TRUE(account(get("/api/channels", adminToken()), kSelfB)["online"].get<bool>());
  EXPECT_EQ(alerts("机器人恢复"), 1);
  EXPECT_EQ(alerts("机器人离线"), 1);
  EXPECT_EQ(get("/healthz")["status"], "ok");
}

TEST_F(OneBotWsTest, SameMessageIdOverSocketAndHttpIsStoredOnce) {
  // An implementation configured with both a reverse WebSocket and an HTTP post URL reports
  // every event twice: one message, one ticket, one reply.
  auto napcat = client(kSelfA);
  ASSERT_EQ(napcat->connect(), 101);
  const std::string need = groupEvent(kSelfA, kBinhe01Group, 7101, kNeed);
  ASSERT_TRUE(napcat->sendText(need));
  ASSERT_TRUE(eventually([&] { return messages() == 1; }));
  EXPECT_EQ(postHook(need), 204);  // a duplicate is accepted (2xx), not stored again
  EXPECT_EQ(messages(), 1);

  // The other way round: HTTP first, then the frame.
  const std::string other =
      groupEvent(kSelfA, kBinhe01Group, 7102, "楼道灯坏了一个星期了，晚上黑乎乎的");
  ASSERT_EQ(postHook(other), 204);
  EXPECT_EQ(messages(), 2);
  ASSERT_TRUE(napcat->sendText(other));
  ASSERT_TRUE(napcat->heartbeat(15000));  // handled after the frame before it: a fence
  ASSERT_TRUE(eventually([&] {
    return !account(get("/api/channels", adminToken()), kSelfA)["last_heartbeat"].is_null();
  }));
  EXPECT_EQ(messages(), 2);
  EXPECT_EQ(tickets().size(), 2u);
}

TEST_F(OneBotWsTest, LifecycleDisableOverSocketMarksTheAccountOffline) {
  auto napcat = client(kSelfA);
  ASSERT_EQ(napcat->connect(), 101);
  ASSERT_TRUE(napcat->sendText(metaEvent(kSelfA, "lifecycle", "connect")));
  ASSERT_TRUE(eventually([&] {
    auto a = account(get("/api/channels", adminToken()), kSelfA);
    return !a.is_null() && a["connected"].get<bool>();
  }));
  // Disabled, the socket stays open: nothing is heard through it any more.
  ASSERT_TRUE(napcat->sendText(metaEvent(kSelfA, "lifecycle", "disable")));
  ASSERT_TRUE(eventually([&] {
    return !account(get("/api/channels", adminToken()), kSelfA)["connected"].get<bool>();
  }));
  EXPECT_TRUE(napcat->connected());
  // Offline at once: no waiting for offline_after_seconds, the implementation said so.
  ASSERT_OK(gateway_->runWorkersOnce());
  auto a = account(get("/api/channels", adminToken()), kSelfA);
  EXPECT_FALSE(a["online"].get<bool>());
  EXPECT_EQ(get("/healthz")["status"], "degraded");
  EXPECT_EQ(alerts("机器人离线"), 1);
  // A second disable neither counts as heard nor alerts again.
  ASSERT_TRUE(napcat->sendText(metaEvent(kSelfA, "lifecycle", "disable")));
  ASSERT_TRUE(napcat->heartbeat(15000));  // a heartbeat of the implementation, after the disable
  ASSERT_TRUE(eventually(
      [&] { return account(get("/api/channels", adminToken()), kSelfA)["online"].get<bool>(); }));
  // ... is heard (the account is served again), but the connection stays recorded down until
  // the implementation says enable.
  ASSERT_TRUE(napcat->sendText(metaEvent(kSelfA, "lifecycle", "enable")));
  ASSERT_TRUE(eventually([&] {
    return account(get("/api/channels", adminToken()), kSelfA)["connected"].get<bool>();
  }));
  ASSERT_OK(gateway_->runWorkersOnce());
  EXPECT_EQ(alerts("机器人离线"), 1);
  EXPECT_EQ(alerts("机器人恢复"), 1);
}

TEST_F(OneBotWsTest, LifecycleDisableOverHttpMakesAnOnlineAccountOfflineAtOnce) {
  ASSERT_EQ(postHook(metaEvent(kSelfB, "heartbeat", "", 30000)), 204);
  ASSERT_OK(gateway_->runWorkersOnce());
  ASSERT_TRUE(account(get("/api/channels", adminToken()), kSelfB)["online"].get<bool>());
  EXPECT_EQ(postHook(metaEvent(kSelfB, "lifecycle", "disable")), 204);
  ASSERT_OK(gateway_->runWorkersOnce());
  EXPECT_FALSE(account(get("/api/channels", adminToken()), kSelfB)["online"].get<bool>());
  EXPECT_EQ(get("/healthz")["status"], "degraded");
  EXPECT_EQ(alerts("机器人离线"), 1);
  EXPECT_EQ(postHook(metaEvent(kSelfB, "lifecycle", "disable")), 204);  // once told is enough
  ASSERT_OK(gateway_->runWorkersOnce());
  EXPECT_EQ(alerts("机器人离线"), 1);
}

TEST_F(OneBotWsTest, LifecycleDisableOverHttpIsNotHeard) {
  ASSERT_EQ(postHook(metaEvent(kSelfB, "heartbeat", "", 1000)), 204);
  clock_.advance(3500);
  ASSERT_OK(gateway_->runWorkersOnce());
  ASSERT_FALSE(account(get("/api/channels", adminToken()), kSelfB)["online"].get<bool>());
  ASSERT_EQ(alerts("机器人离线"), 1);
  // Offline, then the implementation says it is disabled: that is no sign of life (before, it
  // put the account back online and told the command centre it was back).
  EXPECT_EQ(postHook(metaEvent(kSelfB, "lifecycle", "disable")), 204);
  ASSERT_OK(gateway_->runWorkersOnce());
  EXPECT_FALSE(account(get("/api/channels", adminToken()), kSelfB)["online"].get<bool>());
  EXPECT_EQ(alerts("机器人恢复"), 0);
  EXPECT_EQ(get("/healthz")["status"], "degraded");
}

}  // namespace
}  // namespace gg::test
