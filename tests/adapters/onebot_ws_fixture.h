#pragma once
// The fixture of the OneBot reverse-WebSocket suites (onebot_ws_test.cc: messages, sends and
// faults; onebot_ws_presence_test.cc: presence, unbound groups, lifecycle): a gateway on the demo
// street with a WebSocket listener, fake NapCat clients, a FakeClock.
#include <gtest/gtest.h>

#include <httplib.h>

#include <regex>
#include <set>
#include <thread>

#include "app/gateway.h"
#include "server/auth.h"
#include "tests/fakes/fake_onebot_ws.h"
#include "tests/fakes/signing.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_config.h"
#include "tests/support/test_gateway.h"

namespace gg::test {

inline constexpr int64_t kSelfA = 10001;
inline constexpr int64_t kSelfB = 10002;
inline constexpr int64_t kBinhe01Group = 81000101;  // grid binhe-01
inline constexpr int64_t kJinqiaoGroup = 81000601;  // a grid of another community
inline constexpr int64_t kUnboundGroup = 89999999;  // no grid is bound to it
inline constexpr int64_t kResident = 3900001;
inline const char* kNeed = "滨悦新城3号楼的消防通道又被电动车堵死了";

inline Millis tuesdayMorning() {
  Millis t = 0;
  parseIsoTime("2026-11-24T10:00:00+08:00", &t);
  return t;
}

// Polls cond every 5 ms up to 3 s: frames are handled on the gateway's io threads.
template <typename F>
bool eventually(F cond) {
  for (int i = 0; i < 600; ++i) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return cond();
}

class OneBotWsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = test::makeDemoConfig(tmp_, {{"channels",
                                           {{"onebot",
                                             {{"ws_listen", "127.0.0.1:0"},
                                              {"call_timeout_ms", 300},
                                              {"offline_after_seconds", 60}}}}}});
    std::filesystem::remove(config_ + "/notices.json");
    auto g = test::startGateway(config_, tmp_.file("ws.db"), &clock_,
                                {{"GRIDGATE_ONEBOT_ACCESS_TOKEN", "ws-token"}});
    ASSERT_OK(g);
    gateway_ = std::move(g).value();
    ASSERT_GT(gateway_->onebotWsPort(), 0);
    http_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
  }

  std::unique_ptr<fakes::FakeOneBotWs> client(int64_t self_id,
                                              const std::string& token = "ws-token") {
    fakes::FakeOneBotWs::Options o;
    o.self_id = std::to_string(self_id);
    o.token = token;
    return std::make_unique<fakes::FakeOneBotWs>(gateway_->onebotWsPort(), o);
  }

  std::string groupEvent(int64_t self_id, int64_t group, int64_t msg_id, const std::string& text) {
    return fakes::oneBotGroupEvent(self_id, group, kResident, msg_id, text, "居民");
  }

  int64_t messages() {
    int64_t n = 0;
    EXPECT_OK(gateway_->store().read([&](Tx& tx) {
      n = *tx.messages().count();
      return Status::ok();
    }));
    return n;
  }

  std::vector<TicketRecord> tickets() {
    std::vector<TicketRecord> out;
    EXPECT_OK(gateway_->store().read([&](Tx& tx) {
      TicketFilter f;
      f.limit = 100;
      out = *tx.tickets().list(f, nullptr);
      return Status::ok();
    }));
    return out;
  }

  std::vector<OutboxRecord> outbox() {
    std::vector<OutboxRecord> out;
    EXPECT_OK(gateway_->store().read([&](Tx& tx) {
      OutboxRepo::Filter f;
      f.limit = 1000;
      out = *tx.outbox().list(f);
      return Status::ok();
    }));
    return out;
  }

  std::vector<OutboxRecord> onebotRows() {
    std::vector<OutboxRecord> out;
    for (auto& r : outbox()) {
      // Standby and cancelled rows are staff fallbacks (bot/notifier): not this channel's to send.
      if (r.message.channel == Channel::kOneBot && r.status != OutboxStatus::kStandby && r.status != OutboxStatus::kCancelled)
        out.push_back(r);
    }
    return out;
  }

  nlohmann::json get(const std::string& path, const std::string& token = "",
                     int* status = nullptr) {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    auto r = http_->Get(path.c_str(), h);
    if (status) *status = r ? r->status : -1;
    return r ? nlohmann::json::parse(r->body, nullptr, false) : nlohmann::json();
  }

  std::string adminToken() {
    auto t =
        createToken(gateway_->store(), *gateway_->context().org, "admin", "", "ws", clock_.now());
    EXPECT_OK(t);
    return *t;
  }

  // POSTs body to /hooks/onebot (no secret is configured here) and returns the status.
  int postHook(const std::string& body) {
    auto r = http_->Post("/hooks/onebot", body, "application/json");
    return r ? r->status : -1;
  }

  static std::string metaEvent(int64_t self_id, const std::string& type,
                               const std::string& sub_type, int64_t interval_ms = 0) {
    nlohmann::json e = {{"time", 1764590400},
                        {"self_id", self_id},
                        {"post_type", "meta_event"},
                        {"meta_event_type", type}};
    if (!sub_type.empty()) e["sub_type"] = sub_type;
    if (type == "heartbeat") {
      e["status"] = {{"online", true}, {"good", true}};
      e["interval"] = interval_ms;
    }
    return e.dump();
  }

  // Alert rows to the street's command centre whose text has word.
  int alerts(const std::string& word) {
    int n = 0;
    for (const auto& r : outbox()) {
      if (r.source_kind == SourceKind::kAlert && r.message.text.find(word) != std::string::npos) ++n;
    }
    return n;
  }

  nlohmann::json account(const nlohmann::json& channels, int64_t self_id) {
    for (const auto& a : channels["accounts"]) {
      if (a["self_id"] == std::to_string(self_id)) return a;
    }
    return {};
  }

  test::TempDir tmp_;
  FakeClock clock_{tuesdayMorning()};
  std::string config_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> http_;
};

}  // namespace gg::test
