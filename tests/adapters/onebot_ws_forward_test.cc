// Forward WebSocket: gridgate dials a fake NapCat WebSocket server (channels.onebot.ws_url /
// GRIDGATE_ONEBOT_WS) with the access token, learns the account from get_login_info, takes a
// resident's need from a frame and sends the reply back over the same socket; a refused or
// dropped connection is dialled again after a backoff.

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <thread>

#include "app/gateway.h"
#include "tests/fakes/fake_onebot_ws_server.h"
#include "tests/fakes/signing.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_config.h"
#include "tests/support/test_gateway.h"

namespace gg {
namespace {

constexpr int64_t kSelf = 10005;
constexpr int64_t kBinhe01Group = 81000101;

template <typename F>
bool eventually(F cond, int ms = 3000) {
  for (int i = 0; i < ms / 5; ++i) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return cond();
}

class OneBotWsForwardTest : public ::testing::Test {
 protected:
  Result<std::unique_ptr<Gateway>> start(const std::string& token, int port) {
    config_ = test::makeDemoConfig(tmp_, {{"channels", {{"onebot", {{"call_timeout_ms", 1000}}}}}});
    std::filesystem::remove(config_ + "/notices.json");
    return test::startGateway(config_, tmp_.file("fw.db"), &clock_,
                              {{"GRIDGATE_ONEBOT_ACCESS_TOKEN", token},
                               {"GRIDGATE_ONEBOT_WS", "ws://127.0.0.1:" + std::to_string(port)}});
  }
  size_t tickets(Gateway& g) {
    size_t n = 0;
    EXPECT_OK(g.store().read([&](Tx& tx) {
      TicketFilter f;
      n = tx.tickets().list(f, nullptr)->size();
      return Status::ok();
    }));
    return n;
  }

  test::TempDir tmp_;
  FakeClock clock_{1764550800000};
  std::string config_;
};

TEST_F(OneBotWsForwardTest, DialsWithTokenNeedInReplyOutOverTheSameSocket) {
  fakes::FakeOneBotWsServer napcat("fw-token", std::to_string(kSelf));
  napcat.push(fakes::oneBotGroupEvent(kSelf, kBinhe01Group, 3900001, 4001,
                                      "滨悦新城3号楼的消防通道又被电动车堵死了"));
  napcat.start();
  auto g = start("fw-token", napcat.port());
  ASSERT_OK(g);
  ASSERT_TRUE(napcat.waitAccepted(1, 3000));
  ASSERT_TRUE(eventually([&] { return tickets(**g) == 1; }));
  ASSERT_OK((*g)->runWorkersOnce());
  bool replied = false;
  for (const auto& c : napcat.calls()) {
    if (c["action"] == "send_group_msg" && c["params"]["group_id"] == kBinhe01Group) replied = true;
  }
  EXPECT_TRUE(replied);
  EXPECT_EQ(napcat.calls().front()["action"], "get_login_info");
  // Dropped: dialled again after the backoff (at most 1 s for the first failure).
  napcat.kick();
  EXPECT_TRUE(napcat.waitAccepted(2, 4000));
  (*g)->stop();
}

TEST_F(OneBotWsForwardTest, WrongTokenRefusedAndRetriedWithBackoff) {
  fakes::FakeOneBotWsServer napcat("right", std::to_string(kSelf));
  napcat.start();
  auto g = start("wrong", napcat.port());
  ASSERT_OK(g);
  EXPECT_TRUE(eventually([&] { return napcat.refused() >= 2; }, 4000));
  EXPECT_EQ(napcat.accepted(), 0);
  (*g)->stop();
}

// The hub of the client-only tests: frames are not the point there.
struct NullSink : InboundSink {
  Status accept(const InboundEnvelope&) override { return Status::ok(); }
};

// Runs stop() and returns how long it took.
Millis timedStop(OneBotWsClient& client) {
  const auto began = std::chrono::steady_clock::now();
  client.stop();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               began)
      .count();
}

// stop() returns within about 2 * kWsStopGrace whatever the peer does; before, a dial or a
// call in progress held it for kWsDialTimeout (10 s).
constexpr Millis kStopBound = 2 * kWsStopGrace + 1500;

TEST(OneBotWsClientStop, BoundedWhileTheHandshakeIsNeverAnswered) {
  // A listener that never accepts: the kernel completes TCP, nobody answers the upgrade.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor hole(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  NullSink sink;
  OneBotWsHub hub(sink, nullptr);
  OneBotWsClient client(hub, "ws://127.0.0.1:" + std::to_string(hole.local_endpoint().port()), "t",
                        WsLimits{});
  client.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // connected, handshake sent
  EXPECT_LT(timedStop(client), kStopBound);
  EXPECT_EQ(client.connects(), 0);
}

TEST(OneBotWsClientStop, BoundedWhenThePeerStopsReading) {
  // Upgraded, then the peer reads nothing: get_login_info is never answered, nor our close.
  fakes::FakeOneBotWsServer napcat("t", std::to_string(kSelf));
  napcat.setStalled(true);
  napcat.start();
  NullSink sink;
  OneBotWsHub hub(sink, nullptr);
  OneBotWsClient client(hub, "ws://127.0.0.1:" + std::to_string(napcat.port()), "t", WsLimits{});
  client.start();
  ASSERT_TRUE(napcat.waitAccepted(1, 3000));
  ASSERT_TRUE(eventually([&] { return client.connects() == 1; }));
  EXPECT_LT(timedStop(client), kStopBound);
  // The cut connection left the hub through onClosed, not by being forgotten.
  EXPECT_TRUE(hub.sessionsOf("forward-ws").empty());
  napcat.stop();
}

TEST(OneBotWsClientStop, BoundedWhileACallIsUnansweredAndTheSessionEnds) {
  // The peer reads and answers the close, but never the call: the call fails at once, the
  // dial thread does not sit out its timeout.
  fakes::FakeOneBotWsServer napcat("t", std::to_string(kSelf));
  napcat.setSilent(true);
  napcat.start();
  NullSink sink;
  OneBotWsHub hub(sink, nullptr);
  OneBotWsClient client(hub, "ws://127.0.0.1:" + std::to_string(napcat.port()), "t", WsLimits{});
  client.start();
  ASSERT_TRUE(napcat.waitCalls(1, 3000));  // get_login_info, unanswered
  EXPECT_LT(timedStop(client), kStopBound);
  EXPECT_TRUE(hub.sessionsOf("forward-ws").empty());
  napcat.stop();
}

TEST(OneBotWsClientStop, StopWithoutStartAndTwice) {
  NullSink sink;
  OneBotWsHub hub(sink, nullptr);
  OneBotWsClient idle(hub, "ws://127.0.0.1:1", "", WsLimits{});
  idle.stop();
  idle.stop();
  OneBotWsClient refused(hub, "ws://127.0.0.1:1", "", WsLimits{});  // nothing listens on port 1
  refused.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_LT(timedStop(refused), kStopBound);
  refused.stop();
}

TEST(OneBotWsClientBackoff, GrowsWithJitterUpToTheCap) {
  // The hub is never used: backoff() only needs the object.
  NullSink sink;
  OneBotWsHub hub(sink, nullptr);
  OneBotWsClient client(hub, "ws://127.0.0.1:1", "", WsLimits{});
  for (int i = 0; i < 20; ++i) {
    const Millis first = client.backoff(1);
    EXPECT_GE(first, kWsDialBackoffBase / 2);
    EXPECT_LE(first, kWsDialBackoffBase);
    const Millis late = client.backoff(30);
    EXPECT_GE(late, kWsDialBackoffMax / 2);
    EXPECT_LE(late, kWsDialBackoffMax);
  }
  EXPECT_GE(client.backoff(4), 4 * kSecond);  // 8 s with equal jitter: at least half
}

}  // namespace
}  // namespace gg
