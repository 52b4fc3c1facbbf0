// The crash test: a real `gridgate serve` (the built binary, a copy of the demo street, a fresh
// SQLite file) takes distinct signed needs over the OneBot HTTP hook, the OneBot reverse
// WebSocket, WeCom callbacks (encrypted and signed like WeCom) and hotline spool files while it
// is SIGKILLed at random moments and started again; one kill lands during a notice's fan-out to
// every group. The clients resend whatever was not acknowledged, as real ones do (WebSocket
// events carry no acknowledgement: the fake NapCat resends its events after every reconnect).
// Everything outbound goes to in-process fakes (the WebSocket fake answers OneBot calls, the
// WeCom API fake the app and robots, the SMS gateway fake the texts). At the end the books
// must balance: every need stored once and one ticket each, every outbox row delivered, none
// lost, every resident acknowledgement delivered (re-sends counted, at most one per kill),
// every deadline fired once and every group given the notice.

#include <gtest/gtest.h>

#include <httplib.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "adapters/onebot/onebot_sender.h"
#include "tests/fakes/fake_onebot_ws.h"
#include "tests/fakes/fake_sms_gateway.h"
#include "tests/fakes/fake_wecom_api.h"
#include "tests/fakes/signing.h"
#include "tests/system/kill_rig.h"

namespace gg {
namespace {

using test::KillRig;
using Clk = std::chrono::steady_clock;

constexpr int kHttpNeeds = 120, kWsNeeds = 40, kWeComNeeds = 40, kHotlineNeeds = 40;
constexpr int kKills = 10;
constexpr int64_t kSelf = 10001;
// The dispatcher's lease (bot/dispatcher.h): a row a kill left "sending" is retried after it.
constexpr auto kLease = std::chrono::seconds(62);
// The deadlines this street is given (gridgate.json below): one minute to accept.
constexpr auto kAcceptDeadline = std::chrono::seconds(60);

const char* kNeeds[] = {"电梯坏了，请派人来修", "楼道灯不亮了，麻烦处理一下", "下水道堵了，污水漫出来",
                        "单元门禁坏了打不开", "楼上漏水到我家了，请帮忙协调", "小区门口路灯坏了"};

void sleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// Stops and joins the client threads however the test ends (a failed ASSERT returns early).
struct Clients {
  std::atomic<bool> stop{false};
  std::deque<std::thread> threads;
  template <typename F>
  std::thread& add(F f) { return threads.emplace_back(std::move(f)); }
  ~Clients() {
    stop = true;
    for (auto& t : threads) {
      if (t.joinable()) t.join();
    }
  }
};

TEST(KillTest, NothingLostNothingDoubledAcrossRandomKills) {
  KillRig rig;
  ASSERT_TRUE(rig.setUp());
  std::mt19937 rng(20261203);
  std::atomic<bool> ws_done{false};
  Clients clients;

  // --- the clients ---------------------------------------------------------------------
  std::atomic<int> http_acked{0}, wecom_acked{0}, http_tries{0}, wecom_tries{0};
  std::thread& onebot_http = clients.add([&] {
    for (int i = 0; i < kHttpNeeds; ++i) {
      const int64_t group = rig.onebotGroups()[i % rig.onebotGroups().size()];
      const std::string body = fakes::oneBotGroupEvent(kSelf, group, 4000000 + i, 100000 + i,
                                                       kNeeds[i % 6], "居民" + std::to_string(i));
      while (!clients.stop) {
        ++http_tries;
        httplib::Client c("127.0.0.1", rig.httpPort());
        c.set_connection_timeout(0, 300000);
        c.set_read_timeout(3, 0);
        auto r = c.Post("/hooks/onebot", {{"X-Signature", fakes::signOneBotBody(KillRig::kOneBotSecret, body)}},
                        body, "application/json");
        if (r && r->status / 100 == 2) break;
        ASSERT_TRUE(!r || r->status >= 500) << "need " << i << ": " << r->status << " " << r->body;
        sleepMs(40);
      }
      ++http_acked;
      sleepMs(150);
    }
  });
  std::thread& wecom = clients.add([&] {
    for (int i = 0; i < kWeComNeeds; ++i) {
      const std::string now_s = std::to_string(std::time(nullptr));
      const std::string inner = fakes::weComTextXml(KillRig::kCorp, "resident-" + std::to_string(i),
                                                    std::string("滨悦新城3号楼") + kNeeds[i % 6],
                                                    std::to_string(700000 + i), std::time(nullptr));
      // WeCom resends the same callback (same timestamp and nonce) until it hears "success".
      const auto cb = fakes::encryptWeComCallback(KillRig::kWeComToken, KillRig::kAesKey, KillRig::kCorp, inner,
                                                  now_s, "kill-nonce-" + std::to_string(i));
      while (!clients.stop) {
        ++wecom_tries;
        httplib::Client c("127.0.0.1", rig.httpPort());
        c.set_connection_timeout(0, 300000);
        c.set_read_timeout(3, 0);
        auto r = c.Post(cb.target.c_str(), cb.body, "text/xml");
        if (r && r->status == 200 && r->body == "success") break;
        ASSERT_TRUE(!r || r->status >= 500) << "wecom need " << i << ": " << r->status << " " << r->body;
        sleepMs(40);
      }
      ++wecom_acked;
      sleepMs(450);
    }
  });
  std::thread& hotline = clients.add([&] {
    for (int i = 0; i < kHotlineNeeds && !clients.stop; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "call-%04d.jsonl", i);
      const std::string line = fakes::hotlineCallJson("kt-" + std::to_string(i), KillRig::hotlineCaller(i),
                                                      std::string("水利局宿舍2号楼") + kNeeds[i % 6]);
      std::ofstream(rig.spoolDir() + "/" + name + ".tmp") << line << "\n";
      std::filesystem::rename(rig.spoolDir() + "/" + name + ".tmp", rig.spoolDir() + "/" + name);
      sleepMs(450);
    }
  });
  // The fake NapCat: dials again after every restart, then resends every event it sent before.
  fakes::FakeOneBotWs::Options wo;
  wo.self_id = std::to_string(kSelf);
  wo.token = KillRig::kOneBotToken;
  fakes::FakeOneBotWs napcat(rig.wsPort(), wo);
  std::atomic<int> ws_connects{0};
  std::thread& ws = clients.add([&] {
    std::vector<std::string> sent;
    int next = 0;
    auto last_beat = Clk::now();
    while (!ws_done.load() && !clients.stop) {
      if (!napcat.connected()) {
        if (napcat.connect() != 101) {
          sleepMs(50);
          continue;
        }
        ++ws_connects;
        napcat.heartbeat(5000);
        for (const auto& f : sent) napcat.sendText(f);
      }
      if (next < kWsNeeds) {
        const int64_t group = rig.onebotGroups()[(next * 7) % rig.onebotGroups().size()];
        sent.push_back(fakes::oneBotGroupEvent(kSelf, group, 5000000 + next, 200000 + next, kNeeds[next % 6]));
        napcat.sendText(sent.back());
        ++next;
      }
      if (Clk::now() - last_beat > std::chrono::seconds(2)) {
        napcat.heartbeat(5000);
        last_beat = Clk::now();
      }
      sleepMs(next < kWsNeeds ? 600 : 100);
    }
  });

  // --- the killer ----------------------------------------------------------------------
  std::uniform_int_distribution<int> life(1200, 3600);
  int64_t notice_id = 0;
  Clk::time_point last_kill;
  for (int k = 0; k < kKills; ++k) {
    if (k == 3) {
      // A notice to every group, approved by a second person; the kill comes mid fan-out.
      notice_id = rig.postApprovedNotice("【通知】本周六上午社区活动中心开展垃圾分类宣传，欢迎参加。");
      ASSERT_GT(notice_id, 0);
      sleepMs(std::uniform_int_distribution<int>(100, 500)(rng));
    } else {
      sleepMs(life(rng));
    }
    rig.child().kill9();
    last_kill = Clk::now();
    ASSERT_TRUE(rig.startChild()) << "restart " << k << " failed; log: " << rig.logTail();
  }
  onebot_http.join();
  wecom.join();
  hotline.join();
  const auto traffic_end = Clk::now();

  // Every need is in; wait out the lease of the last kill and the first deadline of the last
  // ticket, then until nothing is due in the outbox.
  const auto settle = std::max(last_kill + kLease, traffic_end + kAcceptDeadline + std::chrono::seconds(4));
  while (Clk::now() < settle) sleepMs(200);
  ASSERT_EQ(rig.waitOutboxQuiet(20000), "") << rig.logTail();
  ws_done = true;
  ws.join();
  const auto closed_at = std::chrono::system_clock::now();
  EXPECT_EQ(rig.child().terminate(15000), 0) << rig.logTail();

  // --- the books -----------------------------------------------------------------------
  const auto books = rig.readBooks(napcat.calls(), closed_at);
  const auto& c = books.ledger;
  std::cout << "kills " << kKills << ", messages " << books.needs << ", stored " << books.stored
            << ", lost " << books.lost_needs << ", duplicated " << books.duplicated
            << ", tickets " << books.tickets << ", outbox rows " << c.rows << ", undelivered " << c.undelivered
            << ", lost sends " << c.lost << ", phantom " << c.phantom << ", double-sent " << c.double_sent
            << ", acks " << books.acks << " (re-sent " << books.ack_resends << ")"
            << ", timers fired " << books.timers_fired << ", fired twice " << books.timers_twice
            << ", missed " << books.timers_missed << ", notice groups " << books.notice_groups << "/"
            << books.groups << ", retries http " << http_tries - kHttpNeeds << " wecom "
            << wecom_tries - kWeComNeeds << ", ws connects " << ws_connects
            << ", history reads " << napcat.historyReads() << "\n";
  for (const auto& e : c.examples) std::cout << "  " << e << "\n";
  for (const auto& e : books.problems) std::cout << "  " << e << "\n";

  EXPECT_EQ(books.needs, kHttpNeeds + kWsNeeds + kWeComNeeds + kHotlineNeeds);
  EXPECT_EQ(books.lost_needs, 0);
  EXPECT_EQ(books.duplicated, 0);
  EXPECT_EQ(books.tickets, books.needs) << "one ticket per need";
  EXPECT_EQ(books.tickets_per_need_wrong, 0);
  EXPECT_EQ(c.undelivered, 0);
  EXPECT_EQ(c.lost, 0);
  EXPECT_EQ(c.phantom, 0);
  EXPECT_LE(c.double_sent, kKills) << "a kill can resend at most the one message in flight";
  EXPECT_EQ(books.acks, books.needs) << "every resident hears back";
  EXPECT_EQ(books.acks_missing, 0);
  EXPECT_LE(books.ack_resends, kKills);
  EXPECT_GE(books.timers_fired, books.needs) << "every ticket's accept deadline passed and fired";
  EXPECT_EQ(books.timers_twice, 0);
  EXPECT_EQ(books.timers_missed, 0);
  EXPECT_GT(notice_id, 0);
  EXPECT_EQ(books.notice_groups, books.groups) << "no group misses the notice";
  EXPECT_EQ(books.notice_undelivered, 0);
  EXPECT_EQ(books.notice_status, "done");
  EXPECT_EQ(rig.fakeAuthFailures(), 0) << "the gateway always presents the right credentials";
  EXPECT_GE(ws_connects.load(), kKills / 2) << "the fake NapCat dialled again after restarts";
}

// The books themselves must be able to fail: a platform message twice is a double send, a row
// marked sent that no platform has is lost, a platform message no row explains is a phantom.
TEST(KillTest, LedgerCountsLostDoubledAndPhantomSends) {
  OutboxRecord a, b, gone;
  a.id = 1, a.status = OutboxStatus::kSent, a.message.channel = Channel::kSms, a.message.target = "13900000001", a.message.text = "已受理";
  b = a, b.id = 2, b.message.channel = Channel::kOneBot, b.message.target_kind = TargetKind::kGroup;
  b.message.target = "81000101", b.message.text = "[CQ:at,qq=all] 工单1";
  gone = a, gone.id = 3, gone.message.target = "13900000002";
  OutboxRecord standby = a;
  standby.id = 4, standby.status = OutboxStatus::kStandby;
  const std::string escaped = OneBotSender::buildMessage(b.message);
  ASSERT_EQ(escaped.find("[CQ:at,qq=all]"), std::string::npos) << escaped;
  std::vector<test::Accepted> got = {{"sms", "13900000001", "已受理"}, {"sms", "13900000001", "已受理"},
                                     {"onebot", "81000101", escaped}, {"sms", "13900000009", "?"}};
  const auto c = test::reconcile({a, b, gone, standby}, got);
  EXPECT_EQ(c.rows, 3);
  EXPECT_EQ(c.sent, 3);
  EXPECT_EQ(c.double_sent, 1);
  EXPECT_EQ(c.lost, 1);
  EXPECT_EQ(c.phantom, 1);
  EXPECT_EQ(test::acceptedCount(a, got), 2);
  EXPECT_EQ(test::acceptedCount(b, got), 1);
}

}  // namespace
}  // namespace gg
