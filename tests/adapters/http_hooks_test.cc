#include "adapters/http_hooks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "adapters/crypto.h"
#include "adapters/wecom/wecom_crypt.h"
#include "core/admission.h"
#include "core/metrics.h"
#include "tests/adapters/shared_vectors.h"
#include "tests/fakes/fake_server.h"
#include "tests/fakes/signing.h"
#include "tests/support/recording_sink.h"
#include "tests/support/fake_clock.h"

namespace gg {
namespace {

using fakes::encryptWeComCallback;

constexpr const char* kSecret = "onebot-secret";
constexpr const char* kToken = "wecom-token";
constexpr const char* kAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
constexpr const char* kCorp = "wwcorp01";
constexpr const char* kHotlineToken = "hotline-token";
constexpr Millis kNow = 1'700'000'000'000;

class HookTest : public ::testing::Test {
 protected:
  void SetUp() override { startWith(300); }

  void startWith(int replay_window) {
    server_.reset();
    server_ = std::make_unique<fakes::FakeServer>();
    ChannelSettings s;
    s.onebot.secret = kSecret;
    s.wecom.token = kToken;
    s.wecom.aes_key = kAesKey;
    s.wecom.corp_id = kCorp;
    s.wecom.replay_window_seconds = replay_window;
    s.hotline.token = kHotlineToken;
    s.max_body_bytes = 1024 * 1024;
    startServer(s);
  }

  void startServer(const ChannelSettings& s) {
    server_->server().set_payload_max_length(1024 * 1024);
    registerHookRoutes(server_->server(), HookContext{s, clock_, sink_});
    ASSERT_TRUE(server_->start());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(5, 0);
  }

  httplib::Result postOneBot(const std::string& body, const std::string& sig) {
    httplib::Headers h;
    if (!sig.empty()) h.emplace("X-Signature", sig);
    return client_->Post("/hooks/onebot", h, body, "application/json");
  }

  size_t ingestedCount() { return sink_.count(); }
  InboundEnvelope ingested(size_t i) { return sink_.received().at(i); }

  FakeClock clock_{kNow};
  std::unique_ptr<fakes::FakeServer> server_;
  std::unique_ptr<httplib::Client> client_;
  test::RecordingSink sink_;
};

void expectErrorBody(const httplib::Result& r, int status) {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, status);
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r->body;
  EXPECT_TRUE(j.contains("error"));
  EXPECT_TRUE(j.contains("detail"));
}

TEST_F(HookTest, OneBotSignedGroupMessageIsIngested) {
  std::string body = fakes::oneBotGroupEvent(10001, 555, 42, 7, "[CQ:at,qq=10001] 楼道灯坏了");
  auto r = postOneBot(body, fakes::signOneBotBody(kSecret, body));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  ASSERT_EQ(ingestedCount(), 1u);
  EXPECT_EQ(ingested(0).account, "10001");
  EXPECT_EQ(ingested(0).platform_msg_id, "7");
  EXPECT_EQ(ingested(0).group_id, "555");
  EXPECT_TRUE(ingested(0).mentions_bot);
  EXPECT_EQ(ingested(0).text, "楼道灯坏了");
}

TEST_F(HookTest, OneBotBadOrMissingSignatureIs401) {
  std::string body = fakes::oneBotGroupEvent(10001, 555, 42, 7, "hi");
  expectErrorBody(postOneBot(body, fakes::signOneBotBody("wrong", body)), 401);
  expectErrorBody(postOneBot(body, ""), 401);
  std::string tampered = body;
  tampered[tampered.size() - 2] = ' ';
  expectErrorBody(postOneBot(tampered, fakes::signOneBotBody(kSecret, body)), 401);
  EXPECT_EQ(ingestedCount(), 0u);
}

TEST_F(HookTest, OneBotMalformedBodiesAre400) {
  for (std::string body : {std::string("{not json"), std::string("{\"post_type\":\"message\"}"),
                           std::string("{\"post_type\":\"message\",\"x\":\"\xff\"}")}) {
    expectErrorBody(postOneBot(body, fakes::signOneBotBody(kSecret, body)), 400);
  }
  EXPECT_EQ(ingestedCount(), 0u);
}

TEST_F(HookTest, OneBotUnaddressableIdsAre400AndNothingIngested) {
  for (const std::string& id : {std::string("\"12345678901234567890\""), std::string("18446744073709551615"),
                               std::string("-3"), std::string("\"abc\"")}) {
    std::string body = R"({"self_id":10001,"post_type":"message","message_type":"group",)"
                       R"("message_id":9,"user_id":)" + id + R"(,"group_id":555,"message":"楼道灯坏了"})";
    expectErrorBody(postOneBot(body, fakes::signOneBotBody(kSecret, body)), 400);
  }
  EXPECT_EQ(ingestedCount(), 0u);
}

TEST_F(HookTest, OneBotCqInjectionStaysText) {
  // A resident types "[CQ:at,qq=all]": the client delivers it escaped; it must stay literal text.
  std::string body = fakes::oneBotGroupEvent(10001, 555, 42, 8, "&#91;CQ:at,qq=all&#93; 通知");
  auto r = postOneBot(body, fakes::signOneBotBody(kSecret, body));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  ASSERT_EQ(ingestedCount(), 1u);
  EXPECT_EQ(ingested(0).text, "[CQ:at,qq=all] 通知");
  EXPECT_FALSE(ingested(0).mentions_bot);
}

TEST_F(HookTest, OneBotHeartbeatIs204WithoutIngest) {
  std::string body = R"({"post_type":"meta_event","meta_event_type":"heartbeat","self_id":1})";
  auto r = postOneBot(body, fakes::signOneBotBody(kSecret, body));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(ingestedCount(), 0u);
}

TEST_F(HookTest, IngestErrorBecomesItsHttpStatus) {
  sink_.setStatus(unavailable("db busy"));
  std::string body = fakes::oneBotGroupEvent(10001, 555, 42, 9, "hi");
  expectErrorBody(postOneBot(body, fakes::signOneBotBody(kSecret, body)), 503);
}

TEST_F(HookTest, TenMegabyteBodyIs413) {
  std::string body(10 * 1024 * 1024, 'a');
  auto r = postOneBot(body, fakes::signOneBotBody(kSecret, body));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  httplib::Headers h{{"Authorization", std::string("Bearer ") + kHotlineToken}};
  auto r2 = client_->Post("/hooks/hotline", h, body, "application/json");
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 413);
  EXPECT_EQ(ingestedCount(), 0u);
}

TEST_F(HookTest, WeComUrlVerificationSelfMade) {
  auto crypt = *WeComCrypt::create(kToken, kAesKey, kCorp);
  std::string echo = *crypt.encrypt("echo-12345", "0123456789abcdef");
  std::string sig = crypt.signature("1700000000", "n1", echo);
  std::string target =
      "/hooks/wecom?msg_signature=" + sig +
      "&timestamp=1700000000&nonce=n1&echostr=" + httplib::detail::encode_query_param(echo);
  auto r = client_->Get(target.c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "echo-12345");
  std::string bad =
      "/hooks/wecom?msg_signature=" + std::string(40, 'a') +
      "&timestamp=1700000000&nonce=n2&echostr=" + httplib::detail::encode_query_param(echo);
  expectErrorBody(client_->Get(bad.c_str()), 401);
}

TEST_F(HookTest, WeComOfficialUrlVerificationWithWindowOff) {
  auto v = testing::loadProtocolVectors("wecom_crypto.json");
  if (!v) GTEST_SKIP() << "GRIDGATE_SHARED_DIR not available";
  const auto& a = (*v)["sets"][0];
  server_->stop();
  server_ = std::make_unique<fakes::FakeServer>();
  ChannelSettings s;
  s.wecom.token = a["token"];
  s.wecom.aes_key = a["encoding_aes_key"];
  s.wecom.corp_id = a["corp_id"];
  s.wecom.replay_window_seconds = 0;
  startServer(s);
  std::string line = a["verify_url"]["http_request_line_from_sample"];
  std::string target = "/hooks/wecom" + line.substr(line.find('?'));
  auto r = client_->Get(target.c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, a["verify_url"]["expected_reply_body"].get<std::string>());
  const auto& dp = a["decrypt_post"];
  std::string post = "/hooks/wecom?msg_signature=" + dp["msg_signature"].get<std::string>() +
                     "&timestamp=" + dp["timestamp"].get<std::string>() +
                     "&nonce=" + dp["nonce"].get<std::string>();
  auto p =
      client_->Post(post.c_str(), dp["post_body_xml_with_agentid"].get<std::string>(), "text/xml");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->status, 200);
  ASSERT_EQ(ingestedCount(), 1u);
  EXPECT_EQ(ingested(0).text, "hello");
}

TEST_F(HookTest, WeComEncryptedMessageIngestedOnceThenReplayRefused) {
  auto cb = encryptWeComCallback(kToken, kAesKey, kCorp,
                                 fakes::weComTextXml(kCorp, "zhangsan", "垃圾没人收", "9001"),
                                 "1700000000", "nonce-1");
  auto r = client_->Post(cb.target.c_str(), cb.body, "text/xml");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  ASSERT_EQ(ingestedCount(), 1u);
  EXPECT_EQ(ingested(0).channel, Channel::kWeCom);
  EXPECT_EQ(ingested(0).account, kCorp);
  EXPECT_EQ(ingested(0).platform_msg_id, "9001");
  EXPECT_EQ(ingested(0).text, "垃圾没人收");
  expectErrorBody(client_->Post(cb.target.c_str(), cb.body, "text/xml"), 401);  // same nonce
  auto stale = encryptWeComCallback(
      kToken, kAesKey, kCorp, fakes::weComTextXml(kCorp, "u", "x", "9002"), "1699990000", "n2");
  expectErrorBody(client_->Post(stale.target.c_str(), stale.body, "text/xml"), 401);
  EXPECT_EQ(ingestedCount(), 1u);
}

// A callback the store refused (503) is retried by WeCom with the same nonce: that retry is not
// a replay, or the message would be lost for good.
TEST_F(HookTest, WeComRetryAfterAFailedCommitIsNotAReplay) {
  auto cb = encryptWeComCallback(kToken, kAesKey, kCorp, fakes::weComTextXml(kCorp, "lisi", "电梯坏了", "9051"),
                                 "1700000000", "nonce-retry");
  sink_.setStatus(unavailable("database is locked"));
  auto first = client_->Post(cb.target.c_str(), cb.body, "text/xml");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 503);
  sink_.setStatus(Status::ok());
  auto retry = client_->Post(cb.target.c_str(), cb.body, "text/xml");
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 200) << retry->body;
  EXPECT_EQ(retry->body, "success");
  // Once stored, the same callback again is the replay it looks like.
  expectErrorBody(client_->Post(cb.target.c_str(), cb.body, "text/xml"), 401);
}

// The nonce is recorded only after the message is stored. A process killed between the two
// (here: a ledger that cannot write) leaves the nonce unused, so WeCom's retry of the stored
// message is answered 200 — the store keeps it once by MsgId — instead of a 401 "replay" that
// made WeCom give up on a message the resident was never answered for.
class OrderLedger : public NonceLedger {
 public:
  explicit OrderLedger(const test::RecordingSink& sink) : sink_(sink) {}
  Result<bool> seen(const std::string& key, Millis) override { return keys.count(key) != 0; }
  Result<bool> remember(const std::string& key, Millis, Millis) override {
    stored_before_remember = sink_.count() > 0;
    if (broken) return unavailable("killed before the nonce was written");
    return keys.insert(key).second;
  }
  std::set<std::string> keys;
  bool broken = false;
  bool stored_before_remember = false;

 private:
  const test::RecordingSink& sink_;
};

TEST_F(HookTest, WeComNonceIsRecordedOnlyAfterItsMessageIsStored) {
  OrderLedger ledger(sink_);
  ChannelSettings s;
  s.wecom.token = kToken;
  s.wecom.aes_key = kAesKey;
  s.wecom.corp_id = kCorp;
  s.wecom.replay_window_seconds = 300;
  server_ = std::make_unique<fakes::FakeServer>();
  HookContext ctx{s, clock_, sink_};
  ctx.nonces = &ledger;
  registerHookRoutes(server_->server(), ctx);
  ASSERT_TRUE(server_->start());
  client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());

  auto cb = encryptWeComCallback(kToken, kAesKey, kCorp, fakes::weComTextXml(kCorp, "lisi", "楼道灯不亮", "9061"),
                                 "1700000000", "nonce-kill");
  ledger.broken = true;
  auto first = client_->Post(cb.target.c_str(), cb.body, "text/xml");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);  // the message is stored: acknowledged
  EXPECT_TRUE(ledger.stored_before_remember);
  EXPECT_TRUE(ledger.keys.empty());
  ledger.broken = false;
  auto retry = client_->Post(cb.target.c_str(), cb.body, "text/xml");
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 200) << retry->body;
  EXPECT_EQ(ledger.keys.count("wecom:nonce-kill"), 1u);
  expectErrorBody(client_->Post(cb.target.c_str(), cb.body, "text/xml"), 401);  // now a replay
  ASSERT_EQ(ingestedCount(), 2u);
  EXPECT_EQ(ingested(0).platform_msg_id, ingested(1).platform_msg_id);  // one message to the store
}

// WeCom treats any answer but 200 as a failed delivery and retries it: an accepted event (not a
// message) is 200 "success" too, never 204, and nothing is ingested.
TEST_F(HookTest, WeComEventCallbackIs200NeverNoContent) {
  const std::string event =
      std::string("<xml><ToUserName><![CDATA[") + kCorp +
      "]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1700000000</CreateTime>"
      "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><AgentID>1000002</AgentID></xml>";
  auto cb = encryptWeComCallback(kToken, kAesKey, kCorp, event, "1700000000", "nonce-event");
  auto r = client_->Post(cb.target.c_str(), cb.body, "text/xml");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "success");
  EXPECT_EQ(ingestedCount(), 0u);
  auto msg = encryptWeComCallback(kToken, kAesKey, kCorp, fakes::weComTextXml(kCorp, "zhangsan", "路灯坏了", "9101"),
                                  "1700000000", "nonce-msg");
  r = client_->Post(msg.target.c_str(), msg.body, "text/xml");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(ingestedCount(), 1u);
}

TEST_F(HookTest, WeComHostileCallbacks) {
  // Wrong receive id: encrypted for another corp with our key and token.
  auto other = encryptWeComCallback(
      kToken, kAesKey, "wwother", fakes::weComTextXml("wwother", "u", "x", "1"), "1700000000", "a");
  expectErrorBody(client_->Post(other.target.c_str(), other.body, "text/xml"), 401);
  // Bad signature.
  auto good = encryptWeComCallback(kToken, kAesKey, kCorp,
                                   fakes::weComTextXml(kCorp, "u", "x", "2"), "1700000000", "b");
  std::string forged = good.target;
  forged.replace(forged.find("msg_signature=") + 14, 40, std::string(40, 'f'));
  expectErrorBody(client_->Post(forged.c_str(), good.body, "text/xml"), 401);
  // Malformed XML (signature checks cannot even start).
  expectErrorBody(client_->Post(good.target.c_str(), "<xml><Encrypt>", "text/xml"), 400);
  // Truncated ciphertext, correctly signed so it reaches the decryptor.
  auto crypt = *WeComCrypt::create(kToken, kAesKey, kCorp);
  std::string enc = *crypt.encrypt(fakes::weComTextXml(kCorp, "u", "x", "3"), "0123456789abcdef");
  std::string raw = *base64Decode(enc);
  std::string truncated = base64Encode(raw.substr(0, raw.size() - 32));
  std::string target =
      "/hooks/wecom?msg_signature=" + crypt.signature("1700000000", "c", truncated) +
      "&timestamp=1700000000&nonce=c";
  expectErrorBody(
      client_->Post(target.c_str(), "<xml><Encrypt><![CDATA[" + truncated + "]]></Encrypt></xml>",
                    "text/xml"),
      400);
  // Invalid UTF-8 inside the encrypted message.
  auto bad_utf8 = encryptWeComCallback(
      kToken, kAesKey, kCorp, fakes::weComTextXml(kCorp, "u", "\xff\xfe", "4"), "1700000000", "d");
  expectErrorBody(client_->Post(bad_utf8.target.c_str(), bad_utf8.body, "text/xml"), 400);
  EXPECT_EQ(ingestedCount(), 0u);
}

TEST_F(HookTest, HotlineNeedsBearerToken) {
  std::string call = fakes::hotlineCallJson("call-1", "13812345678", "小区门口井盖丢了");
  expectErrorBody(client_->Post("/hooks/hotline", call, "application/json"), 401);
  httplib::Headers wrong{{"Authorization", "Bearer nope"}};
  expectErrorBody(client_->Post("/hooks/hotline", wrong, call, "application/json"), 401);
  EXPECT_EQ(ingestedCount(), 0u);
  httplib::Headers h{{"Authorization", std::string("Bearer ") + kHotlineToken}};
  auto r = client_->Post("/hooks/hotline", h, call, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  ASSERT_EQ(ingestedCount(), 1u);
  EXPECT_EQ(ingested(0).platform_msg_id, "call-1");
  EXPECT_EQ(ingested(0).text, "小区门口井盖丢了");
  expectErrorBody(client_->Post("/hooks/hotline", h, "{\"call_id\":1}", "application/json"), 400);
  EXPECT_EQ(ingestedCount(), 1u);
}

TEST(HookUnconfigured, WeComAndHotlineAnswer503) {
  fakes::FakeServer server;
  FakeClock clock(kNow);
  test::RecordingSink sink;
  registerHookRoutes(server.server(), HookContext{ChannelSettings{}, clock, sink});
  ASSERT_TRUE(server.start());
  httplib::Client c("127.0.0.1", server.port());
  auto r = c.Post("/hooks/wecom?msg_signature=a&timestamp=1&nonce=2", "<xml/>", "text/xml");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  auto h = c.Post("/hooks/hotline", "{}", "application/json");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 503);
  EXPECT_EQ(sink.count(), 0u);
}

// A sink that holds every message until released (as a pipeline waiting for a busy write lock
// does), so a test can fill the admission gate; released messages are "stored".
class HoldingSink : public InboundSink {
 public:
  Status accept(const InboundEnvelope& env) override {
    std::unique_lock<std::mutex> l(mu_);
    ++entered_;
    cv_.notify_all();
    cv_.wait(l, [&] { return released_; });
    stored_.push_back(env.platform_msg_id);
    return Status::ok();
  }
  bool waitEntered(int n) {
    std::unique_lock<std::mutex> l(mu_);
    return cv_.wait_for(l, std::chrono::seconds(5), [&] { return entered_ >= n; });
  }
  void release() {
    std::lock_guard<std::mutex> l(mu_);
    released_ = true;
    cv_.notify_all();
  }
  int entered() {
    std::lock_guard<std::mutex> l(mu_);
    return entered_;
  }
  std::vector<std::string> stored() {
    std::lock_guard<std::mutex> l(mu_);
    auto out = stored_;
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int entered_ = 0;
  bool released_ = false;
  std::vector<std::string> stored_;
};

TEST(HookAdmission, PastTheLimitIs503WithRetryAfterAndNothingStored) {
  fakes::FakeServer server;
  FakeClock clock(kNow);
  HoldingSink sink;
  AdmissionGate gate(2);
  ChannelSettings s;
  s.onebot.secret = kSecret;
  s.hotline.token = kHotlineToken;
  registerHookRoutes(server.server(), HookContext{s, clock, sink, nullptr, nullptr, &gate});
  ASSERT_TRUE(server.start());
  const int port = server.port();
  auto post = [port](int64_t id) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(10, 0);
    const std::string body = fakes::oneBotGroupEvent(10001, 555, 42, id, "楼道灯坏了");
    return c.Post("/hooks/onebot", {{"X-Signature", fakes::signOneBotBody(kSecret, body)}}, body,
                  "application/json");
  };
  const metrics::Labels onebot{{"hook", "onebot"}};
  const uint64_t rejected_before = metrics::registry().value("gridgate_ingest_rejected_total", onebot);

  // Two messages are inside the write path (held by the sink): the gate is full.
  int status1 = 0, status2 = 0;
  std::thread a([&] { auto r = post(1); status1 = r ? r->status : -1; });
  std::thread b([&] { auto r = post(2); status2 = r ? r->status : -1; });
  ASSERT_TRUE(sink.waitEntered(2));

  // The third is refused at once with Retry-After and never reaches the sink; so is a hotline
  // call (one write path, one bound).
  auto refused = post(3);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->get_header_value("Retry-After"), "1");
  auto j = nlohmann::json::parse(refused->body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << refused->body;
  EXPECT_EQ(j.value("error", ""), "unavailable");
  httplib::Client c("127.0.0.1", port);
  auto call = c.Post("/hooks/hotline", {{"Authorization", std::string("Bearer ") + kHotlineToken}},
                     fakes::hotlineCallJson("call-1", "13812345678", "小区门口井盖丢了"),
                     "application/json");
  ASSERT_TRUE(call);
  EXPECT_EQ(call->status, 503);
  EXPECT_EQ(sink.entered(), 2);
  EXPECT_EQ(metrics::registry().value("gridgate_ingest_rejected_total", onebot), rejected_before + 1);
  EXPECT_EQ(gate.rejected(), 2u);

  // The held ones commit and are acknowledged; under the limit again, the next is stored.
  sink.release();
  a.join();
  b.join();
  EXPECT_EQ(status1, 204);
  EXPECT_EQ(status2, 204);
  auto after = post(4);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 204);
  EXPECT_EQ(sink.stored(), (std::vector<std::string>{"1", "2", "4"}));
  EXPECT_EQ(gate.inFlight(), 0);
}

}  // namespace
}  // namespace gg
