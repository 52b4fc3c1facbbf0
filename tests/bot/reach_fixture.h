#pragma once
// A whole gateway for the reach, priority, outage and SMS tests: a fake OneBot client and a fake
// SMS gateway (both checking their tokens), no WeCom at all — the street the seeds call 微信群控 —
// and a FakeClock. Workers are driven by hand.

#include <gtest/gtest.h>

#include <httplib.h>

#include <regex>

#include "app/gateway.h"
#include "core/phone_kind.h"
#include "server/auth.h"
#include "tests/fakes/fake_onebot_client.h"
#include "tests/fakes/fake_sms_gateway.h"
#include "tests/fakes/signing.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_config.h"
#include "tests/support/test_gateway.h"

namespace gg::test {

constexpr int64_t kSelfId = 10001;
constexpr int64_t kBinhe01Group = 81000101;
constexpr const char* kCommunityMobile = "13905321001";  // 滨河社区 吕玉珍: WeCom userid + mobile
constexpr const char* kStreetMobile =
    "13905390001";  // 指挥中心 duty mobile (its phone is a landline)

inline Millis tuesdayMorning() {
  Millis t = 0;
  parseIsoTime("2026-11-24T10:00:00+08:00", &t);
  return t;
}

class ReachE2E : public ::testing::Test {
 protected:
  // Extra keys of gridgate.json's "channels" section, for tests that tune a channel.
  virtual nlohmann::json channelSettings() { return nlohmann::json::object(); }
  // Other sections of gridgate.json (e.g. "public"), for tests that tune them.
  virtual nlohmann::json extraSettings() { return nlohmann::json::object(); }

  void SetUp() override {
    onebot_.start();
    sms_.start();
    nlohmann::json channels = channelSettings();
    channels["onebot"] = {{"rate_limit", {{"messages", 20}, {"per_seconds", 60}}}};
    nlohmann::json settings = extraSettings();
    settings["channels"] = channels;
    config_ = makeDemoConfig(tmp_, settings);
    // The demo's broadcast notices would fan out to every group; these tests watch tickets.
    std::filesystem::remove(config_ + "/notices.json");
    env_ = {
        {"GRIDGATE_ONEBOT_API", onebot_.baseUrl()},    {"GRIDGATE_ONEBOT_ACCESS_TOKEN", "ob-token"},
        {"GRIDGATE_ONEBOT_SECRET", "ob-secret"},       {"GRIDGATE_HOTLINE_TOKEN", "hl-token"},
        {"GRIDGATE_SMS_API", sms_.sendUrl()},          {"GRIDGATE_SMS_TOKEN", "sms-token"},
        {"GRIDGATE_SMS_INBOUND_TOKEN", "sms-in-token"}};
    auto g = startGateway(config_, tmp_.file("reach.db"), &clock_, env_);
    ASSERT_OK(g);
    gateway_ = std::move(g).value();
    http_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
  }

  // Nobody reads English, and no SMS ever goes to anything but a mobile number.
  void TearDown() override {
    const std::regex english("[A-Za-z]{3,}[ ,.:]+[A-Za-z]{2,}");
    for (const auto& m : sms_.sent()) {
      EXPECT_TRUE(isMobileNumber(m.to)) << "SMS to a number that is not a mobile: " << m.to;
      EXPECT_FALSE(std::regex_search(m.text, english)) << "by SMS: " << m.text;
    }
    const std::regex cq_code("\\[CQ:[^\\]]*\\]");
    for (const auto& c : onebot_.calls()) {
      const std::string words = std::regex_replace(callText(c), cq_code, "");
      EXPECT_FALSE(std::regex_search(words, english)) << "to OneBot: " << callText(c);
    }
  }

  int postGroup(int64_t user, int64_t message_id, const std::string& text) {
    const std::string body = fakes::oneBotGroupEvent(kSelfId, kBinhe01Group, user, message_id, text,
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

  int postSms(const std::string& body, const std::string& token = "sms-in-token") {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    auto r = http_->Post("/hooks/sms", h, body, "application/json");
    return r ? r->status : -1;
  }

  int postSms(const std::string& id, const std::string& from, const std::string& text) {
    return postSms(nlohmann::json{{"id", id}, {"from", from}, {"text", text}}.dump());
  }

  std::string token(const std::string& role, const std::string& scope = "") {
    auto t =
        createToken(gateway_->store(), *gateway_->context().org, role, scope, "e2e", clock_.now());
    EXPECT_OK(t);
    return t.isOk() ? *t : "";
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

  std::vector<OutboxRecord> outbox() {
    std::vector<OutboxRecord> out;
    EXPECT_OK(gateway_->store().read([&](Tx& tx) {
      OutboxRepo::Filter f;
      f.limit = 5000;
      out = *tx.outbox().list(f);
      return Status::ok();
    }));
    return out;
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

  int64_t messageCount() {
    int64_t n = 0;
    EXPECT_OK(gateway_->store().read([&](Tx& tx) {
      n = *tx.messages().count();
      return Status::ok();
    }));
    return n;
  }

  void deliver(int rounds = 5) {
    for (int i = 0; i < rounds; ++i) ASSERT_OK(gateway_->runWorkersOnce());
  }

  // Advances the clock in steps, running the workers after each.
  void runFor(Millis total, Millis step) {
    for (Millis t = 0; t < total; t += step) {
      clock_.advance(step);
      ASSERT_OK(gateway_->runWorkersOnce());
    }
  }

  std::vector<fakes::FakeOneBotClient::Call> groupCalls() {
    std::vector<fakes::FakeOneBotClient::Call> out;
    for (const auto& c : onebot_.calls()) {
      if (c.action == "send_group_msg") out.push_back(c);
    }
    return out;
  }

  static std::string callText(const fakes::FakeOneBotClient::Call& c) {
    return c.body["message"].is_string() ? c.body["message"].get<std::string>()
                                         : c.body["message"].dump();
  }

  nlohmann::json healthz() {
    auto r = http_->Get("/healthz");
    return r ? nlohmann::json::parse(r->body, nullptr, false) : nlohmann::json();
  }

  TempDir tmp_;
  FakeClock clock_{tuesdayMorning()};
  fakes::FakeOneBotClient onebot_{"ob-token", &clock_};
  fakes::FakeSmsGateway sms_{"sms-token"};
  std::map<std::string, std::string> env_;
  std::string config_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> http_;
};

}  // namespace gg::test
