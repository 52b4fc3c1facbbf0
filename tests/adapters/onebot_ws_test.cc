// The OneBot reverse WebSocket end to end: a fake NapCat dials the gateway's
// ws://…/onebot/v11/ws, a resident's need arrives as a frame, becomes one ticket, and the replies
// go back as action frames with an echo; a row is sent only after the fake's retcode 0. Faults:
// a dropped connection mid-send, no connection at all, bad tokens and bad frames; two accounts
// in different groups.

#include <filesystem>

#include "tests/adapters/onebot_ws_fixture.h"

namespace gg::test {
namespace {

// The listener sets SO_REUSEADDR (a restart after a crash must not wait out TIME_WAIT), never
// SO_REUSEPORT: a second gateway on the same WebSocket port still refuses to start.
TEST_F(OneBotWsTest, SecondGatewayOnTheSameWebSocketPortRefusesToStart) {
  test::TempDir other;
  const std::string config = test::makeDemoConfig(
      other, {{"channels", {{"onebot", {{"ws_listen", "127.0.0.1:" + std::to_string(gateway_->onebotWsPort())}}}}}});
  std::filesystem::remove(config + "/notices.json");
  auto second = test::startGateway(config, other.file("second.db"), &clock_, {{"GRIDGATE_ONEBOT_ACCESS_TOKEN", "ws-token"}});
  ASSERT_FALSE(second.isOk());
  EXPECT_NE(second.status().message().find("in use"), std::string::npos) << second.status().message();
}

TEST_F(OneBotWsTest, HealthzNamesTheWebSocketUrl) {
  auto h = get("/healthz");
  EXPECT_EQ(h["onebot_ws"],
            "ws://127.0.0.1:" + std::to_string(gateway_->onebotWsPort()) + "/onebot/v11/ws");
}

TEST_F(OneBotWsTest, NeedArrivesAsFrameAndRepliesGoBackWithEchoSentOnlyAfterRetcode0) {
  auto napcat = client(kSelfA);
  ASSERT_EQ(napcat->connect(), 101);
  ASSERT_TRUE(napcat->sendText(groupEvent(kSelfA, kBinhe01Group, 501, kNeed)));
  ASSERT_TRUE(eventually([&] { return tickets().size() == 1; }));
  // The same message_id again (a client resending) is one message, one ticket.
  ASSERT_TRUE(napcat->sendText(groupEvent(kSelfA, kBinhe01Group, 501, kNeed)));
  ASSERT_TRUE(napcat->heartbeat(15000));  // frames are handled in order: after it, 501 is done
  ASSERT_TRUE(eventually([&] {
    auto a = account(get("/api/channels", adminToken()), kSelfA);
    return !a.is_null() && !a["last_heartbeat"].is_null();
  }));
  EXPECT_EQ(messages(), 1);
  EXPECT_EQ(tickets().size(), 1u);

  const auto rows = onebotRows();
  ASSERT_GE(rows.size(), 1u);
  for (const auto& r : rows) EXPECT_EQ(r.status, OutboxStatus::kPending);
  ASSERT_OK(gateway_->runWorkersOnce());
  ASSERT_TRUE(napcat->waitForCalls(rows.size(), 2000));
  const auto calls = napcat->calls();
  std::set<std::string> echoes;
  bool group_reply = false;
  for (const auto& c : calls) {
    EXPECT_FALSE(c.echo.empty());
    echoes.insert(c.echo);
    if (c.action == "send_group_msg" && c.params["group_id"] == kBinhe01Group) group_reply = true;
    // Chinese only: no English sentence reaches a person.
    EXPECT_FALSE(std::regex_search(c.params["message"].get<std::string>(),
                                   std::regex("[A-Za-z]{4,} [A-Za-z]{3,}")))
        << c.params["message"];
  }
  EXPECT_EQ(echoes.size(), calls.size());
  EXPECT_TRUE(group_reply);
  for (const auto& r : onebotRows()) {
    EXPECT_EQ(r.status, OutboxStatus::kSent) << r.message.text;
    EXPECT_FALSE(r.platform_msg_id.empty());
  }
}

TEST_F(OneBotWsTest, FailedRetcodeIsNotSentAndUnansweredCallIsRetried) {
  auto napcat = client(kSelfA);
  ASSERT_EQ(napcat->connect(), 101);
  ASSERT_TRUE(napcat->sendText(groupEvent(kSelfA, kBinhe01Group, 601, kNeed)));
  ASSERT_TRUE(napcat->sendText(groupEvent(kSelfA, kBinhe01Group, 602, "滨悦新城3号楼楼道灯坏了")));
  ASSERT_TRUE(eventually([&] { return tickets().size() == 2; }));
  // The two replies in the group (workers' private notices may fall back to other channels).
  std::set<int64_t> ids;
  for (const auto& r : onebotRows()) {
    if (r.status == OutboxStatus::kPending && r.message.target_kind == TargetKind::kGroup) ids.insert(r.id);
  }
  const size_t n = ids.size();
  ASSERT_EQ(n, 2u);
  napcat->silenceNextCalls(100);
  ASSERT_OK(gateway_->runWorkersOnce());  // each call times out after 300 ms
  napcat->silenceNextCalls(0);
  for (const auto& r : onebotRows()) {
    if (!ids.count(r.id)) continue;
    EXPECT_EQ(r.status, OutboxStatus::kPending);
    EXPECT_EQ(r.attempts, 1);
    EXPECT_NE(r.last_error.find("no answer"), std::string::npos) << r.last_error;
  }
  napcat->failNextCalls(1, 1404);
  clock_.advance(15 * kMinute);
  ASSERT_OK(gateway_->runWorkersOnce());
  int dead = 0, sent = 0;
  for (const auto& r : onebotRows()) {
    if (!ids.count(r.id)) continue;
    dead += r.status == OutboxStatus::kDead;
    sent += r.status == OutboxStatus::kSent;
  }
  EXPECT_EQ(dead, 1);  // retcode 1404: the platform refused it
  EXPECT_EQ(sent, static_cast<int>(n) - 1);
}

TEST_F(OneBotWsTest, DroppedMidSendEveryRowDeliveredExactlyOnceAfterReconnect) {
  auto napcat = client(kSelfA);
  ASSERT_EQ(napcat->connect(), 101);
  ASSERT_TRUE(napcat->sendText(groupEvent(kSelfA, kBinhe01Group, 701, kNeed)));
  ASSERT_TRUE(napcat->sendText(groupEvent(kSelfA, kBinhe01Group, 702, "滨悦新城3号楼楼道灯坏了")));
  ASSERT_TRUE(eventually([&] { return tickets().size() == 2; }));
  // The replies in the group; the workers' private notices fall back to other channels when no
  // account is known to reach them, so they are not counted here.
  std::set<int64_t> ids;
  for (const auto& r : onebotRows()) {
    if (r.message.target_kind == TargetKind::kGroup) ids.insert(r.id);
  }
  const size_t n = ids.size();
  ASSERT_EQ(n, 2u);
  napcat->dropOnNextCall();
  ASSERT_OK(gateway_->runWorkersOnce());
  ASSERT_TRUE(napcat->waitClosed(2000));
  int sent = 0;
  for (const auto& r : onebotRows()) sent += r.status == OutboxStatus::kSent;
  EXPECT_EQ(sent, 0);
  // Reconnect, let every backoff pass, and deliver.
  ASSERT_EQ(napcat->connect(), 101);
  ASSERT_TRUE(eventually([&] {
    return account(get("/api/channels", adminToken()), kSelfA)["connected"].get<bool>();
  }));
  clock_.advance(15 * kMinute);
  ASSERT_OK(gateway_->runWorkersOnce());
  ASSERT_TRUE(napcat->waitForCalls(n, 2000));
  clock_.advance(15 * kMinute);
  ASSERT_OK(gateway_->runWorkersOnce());
  std::multiset<std::string> delivered;
  for (const auto& c : napcat->calls()) delivered.insert(c.params.dump());
  size_t sent_rows = 0;
  for (const auto& r : onebotRows()) {
    EXPECT_EQ(r.status, OutboxStatus::kSent);
    sent_rows += r.status == OutboxStatus::kSent;
  }
  for (const auto& r : outbox()) {
    if (ids.count(r.id)) {
      EXPECT_EQ(r.status, OutboxStatus::kSent);
    }
  }
  std::set<std::string> unique(delivered.begin(), delivered.end());
  EXPECT_GE(sent_rows, n);
  EXPECT_EQ(delivered.size(), sent_rows);  // every sent row reached the platform once
  EXPECT_EQ(unique.size(), sent_rows);
}

TEST_F(OneBotWsTest, RowsWaitWithoutConnectionAndGoWhenItComes) {
  auto napcat = client(kSelfA);
  ASSERT_EQ(napcat->connect(), 101);
  ASSERT_TRUE(napcat->sendText(groupEvent(kSelfA, kBinhe01Group, 801, kNeed)));
  ASSERT_TRUE(eventually([&] { return onebotRows().size() >= 1; }));
  napcat->drop();
  ASSERT_TRUE(eventually([&] {
    return !account(get("/api/channels", adminToken()), kSelfA)["connected"].get<bool>();
  }));
  for (int i = 0; i < 10; ++i) {  // far more rounds than max_attempts: never dead-lettered
    clock_.advance(10 * kSecond);
    ASSERT_OK(gateway_->runWorkersOnce());
  }
  const size_t n = onebotRows().size();
  for (const auto& r : onebotRows()) {
    EXPECT_EQ(r.status, OutboxStatus::kPending);
    EXPECT_EQ(r.attempts, 0);
  }
  auto ch = get("/api/channels", adminToken());
  // Group rows wait for the account in the group; a private row to a worker nobody heard from
  // waits without an account.
  EXPECT_GE(account(ch, kSelfA)["rows_waiting"].get<int64_t>(), 1);
  EXPECT_EQ(account(ch, kSelfA)["rows_waiting"].get<int64_t>() +
                ch["rows_waiting_without_account"].get<int64_t>(),
            static_cast<int64_t>(n));
  ASSERT_EQ(napcat->connect(), 101);
  ASSERT_TRUE(eventually([&] {
    return account(get("/api/channels", adminToken()), kSelfA)["connected"].get<bool>();
  }));
  clock_.advance(10 * kSecond);
  ASSERT_OK(gateway_->runWorkersOnce());
  for (const auto& r : onebotRows()) EXPECT_EQ(r.status, OutboxStatus::kSent);
  EXPECT_EQ(napcat->calls().size(), n);
}

TEST_F(OneBotWsTest, TwoAccountsEachGroupRepliesOverItsOwnSocket) {
  auto a = client(kSelfA);
  auto b = client(kSelfB);
  ASSERT_EQ(a->connect(), 101);
  ASSERT_EQ(b->connect(), 101);
  ASSERT_TRUE(a->sendText(groupEvent(kSelfA, kBinhe01Group, 901, kNeed)));
  ASSERT_TRUE(
      b->sendText(groupEvent(kSelfB, kJinqiaoGroup, 902, "楼道灯坏了一个星期了，晚上黑乎乎的")));
  ASSERT_TRUE(eventually([&] { return tickets().size() == 2; }));
  ASSERT_TRUE(a->heartbeat(15000));
  ASSERT_TRUE(b->heartbeat(15000));
  ASSERT_TRUE(eventually([&] {
    auto ch = get("/api/channels", adminToken());
    return !account(ch, kSelfA)["last_heartbeat"].is_null() &&
           !account(ch, kSelfB)["last_heartbeat"].is_null();
  }));
  ASSERT_OK(gateway_->runWorkersOnce());
  int a_groups = 0, b_groups = 0;
  for (const auto& c : a->calls()) {
    if (c.action != "send_group_msg") continue;
    EXPECT_EQ(c.params["group_id"], kBinhe01Group);
    ++a_groups;
  }
  for (const auto& c : b->calls()) {
    if (c.action != "send_group_msg") continue;
    EXPECT_EQ(c.params["group_id"], kJinqiaoGroup);
    ++b_groups;
  }
  EXPECT_GE(a_groups, 1);
  EXPECT_GE(b_groups, 1);
}

TEST_F(OneBotWsTest, UpgradeRefusedBeforeItHappens) {
  EXPECT_EQ(client(kSelfA, "wrong")->connect(), 401);
  EXPECT_EQ(client(kSelfA, "")->connect(), 401);
  fakes::FakeOneBotWs::Options bad_id;
  bad_id.self_id = "12ab";
  bad_id.token = "ws-token";
  EXPECT_EQ(fakes::FakeOneBotWs(gateway_->onebotWsPort(), bad_id).connect(), 400);
  fakes::FakeOneBotWs::Options bad_path = bad_id;
  bad_path.self_id = std::to_string(kSelfA);
  bad_path.path = "/ws";
  EXPECT_EQ(fakes::FakeOneBotWs(gateway_->onebotWsPort(), bad_path).connect(), 404);
  // The token in the query, and the split event path, are accepted.
  fakes::FakeOneBotWs::Options query = bad_path;
  query.path = "/onebot/v11/ws/event";
  query.role = "Event";
  query.token_in_query = true;
  EXPECT_EQ(fakes::FakeOneBotWs(gateway_->onebotWsPort(), query).connect(), 101);
  // Only the accepted one (registered on the gateway's io thread just after the 101).
  EXPECT_TRUE(
      eventually([&] { return get("/api/channels", adminToken())["accounts"].size() == 1u; }));
  EXPECT_EQ(messages(), 0);
}

TEST_F(OneBotWsTest, BadFramesChangeNothingAndOthersKeepBeingServed) {
  auto bad = client(kSelfA);
  ASSERT_EQ(bad->connect(), 101);
  ASSERT_TRUE(bad->sendText("not json"));
  ASSERT_TRUE(bad->sendText("[1,2,3]"));
  ASSERT_TRUE(bad->sendBinary(groupEvent(kSelfA, kBinhe01Group, 1, kNeed)));
  ASSERT_TRUE(bad->sendText(R"({"status":"ok","retcode":0,"data":null,"echo":"nobody-asked"})"));
  // An event naming another account is not believed.
  ASSERT_TRUE(bad->sendText(groupEvent(kSelfB, kBinhe01Group, 2, kNeed)));
  ASSERT_TRUE(bad->heartbeat(15000));
  ASSERT_TRUE(eventually([&] {
    return !account(get("/api/channels", adminToken()), kSelfA)["last_heartbeat"].is_null();
  }));
  EXPECT_TRUE(bad->connected());  // ignored, connection kept
  EXPECT_EQ(messages(), 0);

  // A flood of chit-chat on one connection while another account is served.
  auto other = client(kSelfB);
  ASSERT_EQ(other->connect(), 101);
  std::thread flood([&] {
    for (int i = 0; i < 300; ++i)
      bad->sendText(groupEvent(kSelfA, kBinhe01Group, 10000 + i, "谢谢大家"));
  });
  ASSERT_TRUE(other->sendText(
      groupEvent(kSelfB, kJinqiaoGroup, 20000, "楼道灯坏了一个星期了，晚上黑乎乎的")));
  EXPECT_TRUE(eventually([&] { return tickets().size() == 1; }));
  flood.join();
  ASSERT_TRUE(eventually([&] { return messages() == 301; }));

  // A text frame that is not UTF-8 fails the connection (RFC 6455: close 1007), nothing stored.
  auto broken = client(kSelfA);
  ASSERT_EQ(broken->connect(), 101);
  std::string invalid = groupEvent(kSelfA, kBinhe01Group, 3, "INVALID");
  invalid.replace(invalid.find("INVALID"), 7, std::string("\xff\xfe", 2));
  ASSERT_TRUE(broken->sendText(invalid));
  EXPECT_TRUE(broken->waitClosed(2000));
  EXPECT_EQ(messages(), 301);

  // Oversized: closed by the server (1009), nothing stored. The server refuses on the frame
  // header, before it has read (buffered) the message, and Beast's teardown then resets a peer
  // that is still sending: whether the fake's 1.1 MiB write got into the kernel before that
  // depends on socket buffer sizes and timing, so its result says nothing (asserting it true
  // failed about one run in ten). What counts is that the connection ends.
  bad->sendText(groupEvent(kSelfA, kBinhe01Group, 4, std::string(1100 * 1024, 'a')));
  EXPECT_TRUE(bad->waitClosed(2000));
  EXPECT_EQ(messages(), 301);
  EXPECT_TRUE(other->connected());
}

// max_pending_ingest bounds the socket's events as it bounds the hooks' requests: with the write
// path full an event waits (the connection reads nothing more meanwhile) and is stored once a
// pass frees. Past kWsAdmissionWait it is stored anyway, over the bound: a WebSocket event has
// no resend, so refusing it would lose it. The connection keeps being served throughout.
TEST_F(OneBotWsTest, EventsWaitForRoomOnTheWritePathAndAreNeverRefused) {
  auto napcat = client(kSelfA);
  ASSERT_EQ(napcat->connect(), 101);
  auto fill = [&] {
    std::vector<AdmissionGate::Pass> held;
    while (auto pass = gateway_->admission().tryEnter()) held.push_back(std::move(pass));
    return held;
  };
  {
    auto held = fill();
    ASSERT_FALSE(held.empty());
    ASSERT_TRUE(napcat->sendText(groupEvent(kSelfA, kBinhe01Group, 1, "谢谢大家")));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(messages(), 0) << "stored past a full write path before the wait ran out";
  }
  EXPECT_TRUE(eventually([&] { return messages() == 1; })) << "the waiting event was lost";

  const uint64_t refused = gateway_->admission().rejected();
  {
    auto held = fill();
    ASSERT_TRUE(napcat->sendText(groupEvent(kSelfA, kBinhe01Group, 2, "谢谢大家")));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(messages(), 1) << "stored before the wait ran out";
    // The passes are still all held: past the wait it goes in over the bound, not away.
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(kWsAdmissionWait + 5000);
    while (messages() < 2 && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(messages(), 2) << "an event with no resend was refused";
  }
  EXPECT_GT(gateway_->admission().rejected(), refused);
  ASSERT_TRUE(napcat->sendText(groupEvent(kSelfA, kBinhe01Group, 3, "谢谢大家")));
  EXPECT_TRUE(eventually([&] { return messages() == 3; }));
  EXPECT_TRUE(napcat->connected());
}

}  // namespace
}  // namespace gg::test
