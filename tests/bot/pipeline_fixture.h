// The end-to-end fixture shared by the pipeline suites: a gateway on the test street with a fake
// OneBot client and a fake SMS gateway (both check their tokens like the real ones), signed
// OneBot events and hotline calls in over HTTP, and a FakeClock that drives deadlines.
#pragma once

#include <gtest/gtest.h>

#include <regex>

#include <httplib.h>

#include "app/gateway.h"
#include "server/auth.h"
#include "tests/fakes/fake_onebot_client.h"
#include "tests/fakes/signing.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_config.h"
#include "tests/support/test_db.h"
#include "tests/support/test_gateway.h"

namespace gg {

constexpr int64_t kSelfId = 10001;
constexpr int64_t kBinhe01Group = 81000101;
constexpr int64_t kResidentA = 3900001;
constexpr int64_t kResidentB = 3900002;
constexpr int64_t kWorkerFulltime = 2810010102;   // w-binhe-01-2, full-time, weekdays 08:30-17:30
constexpr int64_t kOtherGridLeader = 2810010201;  // w-binhe-02-1

inline Millis tuesdayMorning() {
  Millis t = 0;
  parseIsoTime("2026-11-24T10:00:00+08:00", &t);
  return t;
}

class PipelineE2E : public ::testing::Test {
 protected:
  // The engine the gateway stores into; PipelineE2EOnEngines runs the suite on each.
  virtual test::Engine engine() const { return test::Engine::kSqlite; }

  void SetUp() override {
    db_ = std::make_unique<test::TestDb>(engine());
    if (!db_->available()) GTEST_SKIP() << test::PgCluster::unavailableReason();
    onebot_.start();
    // The street's SMS gateway: checks its token like a real one and records what it is asked.
    sms_.server().Post("/send", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("Authorization") != "Bearer sms-token") {
        res.status = 401;
        return;
      }
      std::lock_guard<std::mutex> lock(sms_mu_);
      sms_sent_.push_back(nlohmann::json::parse(req.body));
      res.set_content(R"({"id": "sms-1"})", "application/json");
    });
    ASSERT_TRUE(sms_.start());
    config_ = test::makeDemoConfig(
        tmp_, {{"channels", {{"hotline", {{"settle_ms", 0}, {"poll_ms", 50}}}}}});
    std::filesystem::create_directories(tmp_.file("spool"));
    // The demo's broadcast notices would fan out to every group; these tests watch tickets only.
    std::filesystem::remove(config_ + "/notices.json");
    env_ = {{"GRIDGATE_ONEBOT_API", onebot_.baseUrl()},
            {"GRIDGATE_ONEBOT_ACCESS_TOKEN", "ob-token"},
            {"GRIDGATE_ONEBOT_SECRET", "ob-secret"},
            {"GRIDGATE_HOTLINE_TOKEN", "hl-token"},
            {"GRIDGATE_HOTLINE_SPOOL", tmp_.file("spool")},
            {"GRIDGATE_SMS_API", sms_.baseUrl() + "/send"},
            {"GRIDGATE_SMS_TOKEN", "sms-token"}};
    startGateway();
  }

  void startGateway() {
    auto g = test::startGateway(config_, db_->db(), &clock_, env_);
    ASSERT_OK(g);
    gateway_ = std::move(g).value();
    http_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
  }

  void restartGateway() {
    gateway_->stop();
    gateway_.reset();
    startGateway();
  }

  int postGroup(int64_t user, int64_t message_id, const std::string& text,
                int64_t group = kBinhe01Group) {
    const std::string body = fakes::oneBotGroupEvent(kSelfId, group, user, message_id, text,
                                                     "居民" + std::to_string(user));
    httplib::Headers h = {{"X-Signature", fakes::signOneBotBody("ob-secret", body)}};
    auto r = http_->Post("/hooks/onebot", h, body, "application/json");
    return r ? r->status : -1;
  }

  int postHotline(const std::string& call_id, const std::string& caller, const std::string& text) {
    httplib::Headers h = {{"Authorization", "Bearer hl-token"}};
    auto r = http_->Post("/hooks/hotline", h, fakes::hotlineCallJson(call_id, caller, text),
                         "application/json");
    return r ? r->status : -1;
  }

  std::string token(const std::string& role, const std::string& scope) {
    auto t =
        createToken(gateway_->store(), *gateway_->context().org, role, scope, "e2e", clock_.now());
    EXPECT_OK(t);
    return *t;
  }

  nlohmann::json api(const std::string& method, const std::string& path, const std::string& tok,
                     const std::string& body = "", int* status = nullptr) {
    httplib::Headers h = {{"Authorization", "Bearer " + tok}};
    auto r = method == "GET" ? http_->Get(path.c_str(), h)
                             : http_->Post(path.c_str(), h, body, "application/json");
    if (status) *status = r ? r->status : -1;
    if (!r) return {};
    return nlohmann::json::parse(r->body, nullptr, false);
  }

  TicketRecord ticket(int64_t id) {
    TicketRecord t;
    EXPECT_OK(gateway_->store().read([&](Tx& tx) {
      auto r = tx.tickets().get(id);
      if (!r.isOk() || !r->has_value()) return notFound("ticket");
      t = **r;
      return Status::ok();
    }));
    return t;
  }

  std::vector<TicketRecord> allTickets() {
    std::vector<TicketRecord> out;
    EXPECT_OK(gateway_->store().read([&](Tx& tx) {
      TicketFilter f;
      f.limit = 1000;
      auto r = tx.tickets().list(f, nullptr);
      out = *r;
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

  void deliver() {
    for (int i = 0; i < 5; ++i) ASSERT_OK(gateway_->runWorkersOnce());
  }

  std::vector<fakes::FakeOneBotClient::Call> callsTo(const std::string& action, int64_t id) {
    std::vector<fakes::FakeOneBotClient::Call> out;
    for (const auto& c : onebot_.calls()) {
      const char* key = action == "send_group_msg" ? "group_id" : "user_id";
      if (c.action == action && c.body.value(key, int64_t{0}) == id) out.push_back(c);
    }
    return out;
  }

  // No person reads an English sentence or an error's raw text: every text any fake platform
  // received in the test, and every row still waiting in the outbox, is checked.
  void TearDown() override {
    if (!gateway_) return;
    const std::regex english("[A-Za-z]{3,}[ ,.:]+[A-Za-z]{2,}");
    const std::regex cq_code("\\[CQ:[^\\]]*\\]");  // the bot's own reply/@ codes are not words
    for (const auto& c : onebot_.calls()) {
      const std::string words = std::regex_replace(text(c), cq_code, "");
      EXPECT_FALSE(std::regex_search(words, english)) << "to OneBot: " << text(c);
    }
    {
      std::lock_guard<std::mutex> l(sms_mu_);
      for (const auto& m : sms_sent_) {
        EXPECT_FALSE(std::regex_search(m.value("text", ""), english)) << "by SMS: " << m.dump();
      }
    }
    for (const auto& row : outbox()) {
      EXPECT_FALSE(std::regex_search(row.message.text, english)) << "queued: " << row.message.text;
    }
  }

  static std::string text(const fakes::FakeOneBotClient::Call& c) {
    return c.body["message"].is_string() ? c.body["message"].get<std::string>()
                                         : c.body["message"].dump();
  }

  test::TempDir tmp_;
  std::unique_ptr<test::TestDb> db_;
  FakeClock clock_{tuesdayMorning()};
  fakes::FakeOneBotClient onebot_{"ob-token"};
  fakes::FakeServer sms_;
  std::mutex sms_mu_;
  std::vector<nlohmann::json> sms_sent_;
  std::map<std::string, std::string> env_;
  std::string config_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> http_;
};

// The same suite once per engine: INSTANTIATE_TEST_SUITE_P(…, PipelineE2EOnEngines,
// ::testing::Values(test::Engine::kSqlite, test::Engine::kPostgres), test::engineName).
class PipelineE2EOnEngines : public PipelineE2E, public ::testing::WithParamInterface<test::Engine> {
 protected:
  test::Engine engine() const override { return GetParam(); }
};

}  // namespace gg
