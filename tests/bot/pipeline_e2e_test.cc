// End to end through the real channels: signed OneBot events and hotline calls in over HTTP,
// tickets routed and driven through their lifecycle, messages out through the dispatcher to the
// fake OneBot client. A FakeClock drives deadlines.

#include <gtest/gtest.h>

#include <regex>

#include <httplib.h>

#include "app/gateway.h"
#include "server/auth.h"
#include "tests/fakes/fake_onebot_client.h"
#include "tests/fakes/signing.h"
#include "tests/support/test_config.h"
#include "tests/support/test_gateway.h"

namespace gg {
namespace {

constexpr int64_t kSelfId = 10001;
constexpr int64_t kBinhe01Group = 81000101;
constexpr int64_t kResidentA = 3900001;
constexpr int64_t kResidentB = 3900002;
constexpr int64_t kWorkerFulltime = 2810010102;  // w-binhe-01-2, full-time, weekdays 08:30-17:30
constexpr int64_t kOtherGridLeader = 2810010201;  // w-binhe-02-1

Millis tuesdayMorning() {
  Millis t = 0;
  parseIsoTime("2026-11-24T10:00:00+08:00", &t);
  return t;
}

class PipelineE2E : public ::testing::Test {
 protected:
  void SetUp() override {
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
    config_ = test::makeDemoConfig(tmp_, {{"channels", {{"hotline", {{"settle_ms", 0}, {"poll_ms", 50}}}}}});
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
    auto g = test::startGateway(config_, tmp_.file("e2e.db"), &clock_, env_);
    ASSERT_TRUE(g.isOk()) << g.status().toString();
    gateway_ = std::move(g).value();
    http_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
  }

  void restartGateway() {
    gateway_->stop();
    gateway_.reset();
    startGateway();
  }

  int postGroup(int64_t user, int64_t message_id, const std::string& text, int64_t group = kBinhe01Group) {
    const std::string body = fakes::oneBotGroupEvent(kSelfId, group, user, message_id, text, "居民" + std::to_string(user));
    httplib::Headers h = {{"X-Signature", fakes::signOneBotBody("ob-secret", body)}};
    auto r = http_->Post("/hooks/onebot", h, body, "application/json");
    return r ? r->status : -1;
  }

  int postHotline(const std::string& call_id, const std::string& caller, const std::string& text) {
    httplib::Headers h = {{"Authorization", "Bearer hl-token"}};
    auto r = http_->Post("/hooks/hotline", h, fakes::hotlineCallJson(call_id, caller, text), "application/json");
    return r ? r->status : -1;
  }

  std::string token(const std::string& role, const std::string& scope) {
    auto t = createToken(gateway_->store(), *gateway_->context().org, role, scope, "e2e", clock_.now());
    EXPECT_TRUE(t.isOk()) << t.status().toString();
    return *t;
  }

  nlohmann::json api(const std::string& method, const std::string& path, const std::string& tok,
                     const std::string& body = "", int* status = nullptr) {
    httplib::Headers h = {{"Authorization", "Bearer " + tok}};
    auto r = method == "GET" ? http_->Get(path.c_str(), h) : http_->Post(path.c_str(), h, body, "application/json");
    if (status) *status = r ? r->status : -1;
    if (!r) return {};
    return nlohmann::json::parse(r->body, nullptr, false);
  }

  TicketRecord ticket(int64_t id) {
    TicketRecord t;
    EXPECT_TRUE(gateway_->store().read([&](Tx& tx) {
      auto r = tx.tickets().get(id);
      if (!r.isOk() || !r->has_value()) return notFound("ticket");
      t = **r;
      return Status::ok();
    }).isOk());
    return t;
  }

  std::vector<TicketRecord> allTickets() {
    std::vector<TicketRecord> out;
    EXPECT_TRUE(gateway_->store().read([&](Tx& tx) {
      TicketFilter f;
      f.limit = 1000;
      auto r = tx.tickets().list(f, nullptr);
      out = *r;
      return Status::ok();
    }).isOk());
    return out;
  }

  std::vector<OutboxRecord> outbox() {
    std::vector<OutboxRecord> out;
    EXPECT_TRUE(gateway_->store().read([&](Tx& tx) {
      OutboxRepo::Filter f;
      f.limit = 1000;
      out = *tx.outbox().list(f);
      return Status::ok();
    }).isOk());
    return out;
  }

  void deliver() {
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(gateway_->runWorkersOnce().isOk());
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
    return c.body["message"].is_string() ? c.body["message"].get<std::string>() : c.body["message"].dump();
  }

  test::TempDir tmp_;
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

TEST_F(PipelineE2E, GroupMessageBecomesOneTicketForTheOnDutyWorkerAndEveryoneHears) {
  ASSERT_EQ(postGroup(kResidentA, 501, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u);
  const TicketRecord t = tickets[0];
  EXPECT_EQ(t.id, 1001);
  EXPECT_EQ(t.grid_id, "binhe-01");
  EXPECT_EQ(t.community_id, "binhe");
  EXPECT_EQ(t.intent, "fire_lane_blocked");
  EXPECT_EQ(t.status, TicketStatus::kAssigned);
  EXPECT_EQ(t.level, Level::kGrid);
  EXPECT_EQ(t.assignee_kind, "worker");
  // Full-time before part-time, least load first: both full-timers have none, so the first.
  EXPECT_EQ(t.assignee_id, "w-binhe-01-2");
  EXPECT_NE(t.assign_reason.find("专职网格员"), std::string::npos) << t.assign_reason;
  // Deadlines from the config, by the urgency the rule pack gave the message.
  const std::map<std::string, Millis> accept = {
      {"emergency", 10 * kMinute}, {"urgent", 30 * kMinute}, {"normal", 120 * kMinute}};
  ASSERT_TRUE(accept.count(std::string(toString(t.urgency)))) << t.urgency;
  EXPECT_EQ(t.accept_by, clock_.now() + accept.at(std::string(toString(t.urgency))));

  deliver();
  auto group = callsTo("send_group_msg", kBinhe01Group);
  ASSERT_EQ(group.size(), 1u);
  const std::string ack = text(group[0]);
  EXPECT_NE(ack.find("[CQ:at,qq=" + std::to_string(kResidentA) + "]"), std::string::npos) << ack;
  EXPECT_NE(ack.find("[CQ:reply,id=501]"), std::string::npos) << ack;
  EXPECT_NE(ack.find("1001"), std::string::npos) << ack;
  auto worker = callsTo("send_private_msg", kWorkerFulltime);
  ASSERT_EQ(worker.size(), 1u);
  EXPECT_NE(text(worker[0]).find("接单 1001"), std::string::npos);
}

TEST_F(PipelineE2E, RedeliveryIsStoredOnceAndChangesNothing) {
  ASSERT_EQ(postGroup(kResidentA, 777, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  const size_t rows = outbox().size();
  ASSERT_EQ(postGroup(kResidentA, 777, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  ASSERT_EQ(postGroup(kResidentA, 777, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  EXPECT_EQ(allTickets().size(), 1u);
  EXPECT_EQ(outbox().size(), rows);
  int64_t messages = 0;
  ASSERT_TRUE(gateway_->store().read([&](Tx& tx) { messages = *tx.messages().count(); return Status::ok(); }).isOk());
  EXPECT_EQ(messages, 1);
}

TEST_F(PipelineE2E, WorkerAcceptsAndResolvesFromChatResidentRatesAndStatsFollow) {
  ASSERT_EQ(postGroup(kResidentA, 601, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  // Resolving before accepting is illegal: refused, and nothing changes.
  ASSERT_EQ(postGroup(kWorkerFulltime, 602, "办结 1001 已清理"), 204);
  EXPECT_EQ(ticket(1001).status, TicketStatus::kAssigned);
  // A worker of another grid may not act on it.
  ASSERT_EQ(postGroup(kOtherGridLeader, 603, "接单 1001"), 204);
  EXPECT_EQ(ticket(1001).status, TicketStatus::kAssigned);
  clock_.advance(10 * kMinute);
  ASSERT_EQ(postGroup(kWorkerFulltime, 604, "接单 1001"), 204);
  EXPECT_EQ(ticket(1001).status, TicketStatus::kAccepted);
  clock_.advance(3 * kHour);
  ASSERT_EQ(postGroup(kWorkerFulltime, 605, "办结 1001 已联系物业清理通道并张贴提示"), 204);
  TicketRecord t = ticket(1001);
  EXPECT_EQ(t.status, TicketStatus::kResolved);
  EXPECT_EQ(t.resolution, "已联系物业清理通道并张贴提示");
  deliver();
  bool rating_request = false, refusal = false;
  for (const auto& c : callsTo("send_group_msg", kBinhe01Group)) {
    if (text(c).find("评价 1001") != std::string::npos) rating_request = true;
    if (text(c).find("操作未执行") != std::string::npos) refusal = true;
  }
  EXPECT_TRUE(rating_request);
  EXPECT_TRUE(refusal);
  // Only a reporter may rate.
  ASSERT_EQ(postGroup(kResidentB, 606, "评价 1001 1"), 204);
  EXPECT_EQ(ticket(1001).rating, 0);
  ASSERT_EQ(postGroup(kResidentA, 607, "评价 1001 5"), 204);
  t = ticket(1001);
  EXPECT_EQ(t.status, TicketStatus::kClosed);
  EXPECT_EQ(t.rating, 5);

  auto stats = api("GET", "/api/stats?by=grid", token("street", ""));
  EXPECT_EQ(stats["totals"]["received"], 1);
  EXPECT_EQ(stats["totals"]["closed"], 1);
  EXPECT_DOUBLE_EQ(stats["totals"]["closure_rate"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(stats["totals"]["on_time_rate"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(stats["totals"]["satisfaction_rate"].get<double>(), 1.0);
  EXPECT_NEAR(stats["totals"]["avg_handling_hours"].get<double>(), 3.167, 0.01);
  EXPECT_EQ(stats["breakdown"]["binhe-01"]["received"], 1);
  // The timeline has every step with its actor.
  auto detail = api("GET", "/api/tickets/1001", token("community", "binhe"));
  std::vector<std::string> actions;
  for (const auto& e : detail["events"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "assign", "accept", "resolve", "rate", "close"}));
}

TEST_F(PipelineE2E, ApiActionsAreScopedAndIllegalTransitionsRefused) {
  ASSERT_EQ(postGroup(kResidentA, 701, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  int status = 0;
  auto other = api("POST", "/api/tickets/1001/accept", token("grid", "binhe-02"), "{}", &status);
  EXPECT_EQ(status, 403) << other.dump();
  api("POST", "/api/tickets/1001/resolve", token("grid", "binhe-01"), R"({"note":"done"})", &status);
  EXPECT_EQ(status, 409);
  EXPECT_EQ(ticket(1001).status, TicketStatus::kAssigned);
  api("GET", "/api/tickets/1001", token("community", "donghu"), "", &status);
  EXPECT_EQ(status, 403);
  api("GET", "/api/tickets?community=donghu", token("community", "binhe"), "", &status);
  EXPECT_EQ(status, 403);
  api("POST", "/api/tickets/9999/accept", token("admin", ""), "{}", &status);
  EXPECT_EQ(status, 404);
  api("POST", "/api/tickets/1001/accept", token("grid", "binhe-01"), "{not json", &status);
  EXPECT_EQ(status, 400);
  auto ok = api("POST", "/api/tickets/1001/accept", token("grid", "binhe-01"), "{}", &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(ok["status"], "accepted");
  auto list = api("GET", "/api/tickets?status=accepted", token("community", "binhe"));
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["id"], 1001);
  EXPECT_EQ(list["items"][0]["level"], "grid");
  EXPECT_EQ(api("GET", "/api/tickets", token("community", "donghu"))["total"], 0);
}

TEST_F(PipelineE2E, DuplicatesJoinTheOpenTicketAndEveryReporterHearsTheResult) {
  ASSERT_EQ(postGroup(kResidentA, 801, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  clock_.advance(20 * kMinute);
  ASSERT_EQ(postGroup(kResidentB, 802, "滨悦新城3号楼消防通道被堵了好几天了"), 204);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].reporters, 2);
  ASSERT_EQ(postGroup(kWorkerFulltime, 803, "接单 1001"), 204);
  ASSERT_EQ(postGroup(kWorkerFulltime, 804, "办结 1001 已清理"), 204);
  deliver();
  int told = 0;
  for (const auto& c : callsTo("send_group_msg", kBinhe01Group)) {
    const std::string t = text(c);
    if (t.find("已办结") != std::string::npos &&
        (t.find(std::to_string(kResidentA)) != std::string::npos || t.find(std::to_string(kResidentB)) != std::string::npos)) {
      ++told;
    }
  }
  EXPECT_EQ(told, 2);
}

TEST_F(PipelineE2E, HotlineCallsAreRoutedByAddressOrQueuedUnroutedWithAReason) {
  ASSERT_EQ(postHotline("call-1", "13900001111", "我家住滨悦新城三号楼 楼道里的消防通道被堵了"), 200);
  ASSERT_EQ(postHotline("call-2", "13900002222", "嗯 那个 我要反映一下 楼下的消防通道老是被堵"), 200);
  ASSERT_EQ(postHotline("call-2", "13900002222", "嗯 那个 我要反映一下 楼下的消防通道老是被堵"), 200);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 2u);
  const TicketRecord routed = tickets[1].reporter_id == "13900001111" ? tickets[1] : tickets[0];
  const TicketRecord unrouted = tickets[1].reporter_id == "13900001111" ? tickets[0] : tickets[1];
  EXPECT_EQ(routed.grid_id, "binhe-01");
  EXPECT_EQ(routed.status, TicketStatus::kAssigned);
  EXPECT_TRUE(unrouted.grid_id.empty());
  EXPECT_EQ(unrouted.status, TicketStatus::kNew);
  EXPECT_EQ(unrouted.level, Level::kStreet);
  EXPECT_FALSE(unrouted.unrouted_reason.empty());
  // The caller hears back by SMS through the street's gateway, with the ticket number.
  deliver();
  bool sms = false;
  {
    std::lock_guard<std::mutex> lock(sms_mu_);
    for (const auto& m : sms_sent_) {
      if (m["to"] == "13900002222" && m["text"].get<std::string>().find(std::to_string(unrouted.id)) != std::string::npos) {
        sms = true;
        EXPECT_FALSE(m["id"].get<std::string>().empty());
      }
    }
  }
  EXPECT_TRUE(sms);
  // A grid token does not see the caller's number in clear.
  auto view = api("GET", "/api/tickets/" + std::to_string(routed.id), token("grid", "binhe-01"));
  EXPECT_EQ(view["reporter"]["id"], "139****1111");
  // The caller's next call without an address goes to the same grid as their last ticket.
  ASSERT_EQ(postHotline("call-3", "13900001111", "消防通道又堵上了"), 200);
  bool by_history = false;
  for (const auto& t : allTickets()) {
    if (t.source_platform_msg_id == "call-3") by_history = t.grid_id == "binhe-01" || t.reporters > 1;
  }
  EXPECT_TRUE(by_history);
}

TEST_F(PipelineE2E, HotlineSpoolFileBecomesATicketAndBadLinesAreRejected) {
  {
    std::ofstream f(tmp_.file("spool/batch.jsonl"));
    f << fakes::hotlineCallJson("spool-1", "13900003333", "滨悦新城3号楼消防通道被堵") << "\n";
    f << "{not json\n";
  }
  ASSERT_TRUE(gateway_->runWorkersOnce().isOk());
  bool found = false;
  for (const auto& t : allTickets()) found = found || t.source_platform_msg_id == "spool-1";
  EXPECT_TRUE(found);
  EXPECT_TRUE(std::filesystem::exists(tmp_.file("spool/rejects/batch.rejects.jsonl")));
  EXPECT_TRUE(std::filesystem::exists(tmp_.file("spool/done/batch.jsonl")));
}

TEST_F(PipelineE2E, OverdueTicketEscalatesAfterTheServerWasStoppedAndStarted) {
  ASSERT_EQ(postGroup(kResidentA, 901, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  EXPECT_EQ(ticket(1001).level, Level::kGrid);
  const Millis accept_by = ticket(1001).accept_by;
  restartGateway();
  clock_.advance(accept_by - clock_.now() + kMinute);  // past accept_by while the server was down
  restartGateway();
  ASSERT_TRUE(gateway_->runWorkersOnce().isOk());
  const TicketRecord t = ticket(1001);
  EXPECT_EQ(t.level, Level::kCommunity);
  EXPECT_EQ(t.assignee_kind, "community");
  EXPECT_EQ(t.assignee_id, "binhe");
  EXPECT_EQ(t.escalations, 1);
  EXPECT_TRUE(t.overdue);
  // The community hears, and so does the worker who let it pass.
  bool community = false, previous = false;
  for (const auto& r : outbox()) {
    if (r.message.text.find("升级") == std::string::npos) continue;
    if (r.message.target == "sq-binhe" || r.message.channel == "wecom_app") community = true;
    if (r.message.target == std::to_string(kWorkerFulltime)) previous = true;
  }
  EXPECT_TRUE(community);
  EXPECT_TRUE(previous);
  // Firing again changes nothing: the timer is spent.
  ASSERT_TRUE(gateway_->runWorkersOnce().isOk());
  EXPECT_EQ(ticket(1001).escalations, 1);
}

TEST_F(PipelineE2E, EmergencyPagesWorkerLeaderAndCommunityAtOnce) {
  ASSERT_EQ(postGroup(kResidentA, 1001, "闻到很大的煤气味，好像哪里漏气了"), 204);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].urgency, Urgency::kEmergency);
  std::set<std::string> targets;
  std::string ack;
  for (const auto& r : outbox()) {
    targets.insert(r.message.target);
    if (r.message.target_kind == "group") ack = r.message.text;
  }
  EXPECT_TRUE(targets.count("2810010101")) << "grid leader paged";
  EXPECT_TRUE(targets.count("2810010102") || targets.count("2810010103")) << "grid worker paged";
  EXPECT_NE(ack.find("119"), std::string::npos) << ack;
  // The community's duty contact is paged too (a private message that is none of the workers).
  const std::set<std::string> workers = {"2810010101", "2810010102", "2810010103"};
  bool community = false;
  for (const auto& r : outbox()) {
    if (r.message.text.find("【紧急】") != std::string::npos && r.message.target_kind == "user" &&
        r.community_id == "binhe" && !workers.count(r.message.target)) {
      community = true;
    }
  }
  EXPECT_TRUE(community);
}

TEST_F(PipelineE2E, ChitChatAndThanksOpenNothing) {
  ASSERT_EQ(postGroup(kResidentA, 1101, "谢谢网格员"), 204);
  ASSERT_EQ(postGroup(kResidentB, 1102, "大家早上好"), 204);
  EXPECT_TRUE(allTickets().empty());
  EXPECT_TRUE(outbox().empty());
}

TEST_F(PipelineE2E, BadSignatureIsRefusedAndStoresNothing) {
  const std::string body = fakes::oneBotGroupEvent(kSelfId, kBinhe01Group, kResidentA, 1201, "消防通道堵了");
  httplib::Headers h = {{"X-Signature", "sha1=0000000000000000000000000000000000000000"}};
  auto r = http_->Post("/hooks/onebot", h, body, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  int64_t messages = -1;
  ASSERT_TRUE(gateway_->store().read([&](Tx& tx) { messages = *tx.messages().count(); return Status::ok(); }).isOk());
  EXPECT_EQ(messages, 0);
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

TEST_F(PipelineE2E, ResidentQuestionsAboutAnActiveNoticeGetOneAnswerPerWindow) {
  std::filesystem::copy_file(test::demoConfig() + "/notices.json", config_ + "/notices.json");
  restartGateway();  // seeds the demo notices (the medical-insurance campaign is active)
  deliver();         // the notice reaches the groups first
  ASSERT_EQ(postGroup(kResidentA, 1301, "请问今年医保交多少钱？"), 204);
  ASSERT_EQ(postGroup(kResidentB, 1302, "医保什么时候截止啊？"), 204);
  int answers = 0;
  std::string text;
  for (const auto& r : outbox()) {
    if (r.source_kind == "reply" && r.message.target == std::to_string(kBinhe01Group)) {
      ++answers;
      text = r.message.text;
    }
  }
  EXPECT_EQ(answers, 1) << "one answer per group per cooldown window";
  EXPECT_NE(text.find("医"), std::string::npos) << text;
  EXPECT_TRUE(allTickets().empty()) << "a question in a group opens no ticket";
  // A hotline caller asking the same has nobody to read along: it becomes a ticket.
  ASSERT_EQ(postHotline("q-call", "13900004444", "医保交多少钱"), 200);
  EXPECT_EQ(allTickets().size(), 1u);
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

// Found from outside: a rating of 10 counted as 1 and reopened the ticket; -3 and "5x" were
// taken too. Out-of-range ratings are refused and change nothing; a resident hears why in Chinese.
TEST_F(PipelineE2E, OutOfRangeRatingsAreRefusedAndChangeNothing) {
  ASSERT_EQ(postGroup(kResidentA, 801, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  const std::string grid = token("grid", "binhe-01");
  int status = 0;
  api("POST", "/api/tickets/1001/accept", grid, "{}", &status);
  ASSERT_EQ(status, 200);
  api("POST", "/api/tickets/1001/resolve", grid, R"({"note":"已清理"})", &status);
  ASSERT_EQ(status, 200);
  const std::string admin = token("admin", "");
  for (const char* body : {R"({"rating": 10})", R"({"rating": -3})", R"({"rating": "5x"})",
                           R"({"rating": 0})", R"({"rating": "10分"})", R"({"rating": 4.5})"}) {
    auto err = api("POST", "/api/tickets/1001/rate", admin, body, &status);
    EXPECT_EQ(status, 400) << body << " " << err.dump();
    const TicketRecord t = ticket(1001);
    EXPECT_EQ(t.status, TicketStatus::kResolved) << body;
    EXPECT_EQ(t.rating, 0) << body;
    EXPECT_EQ(t.reopen_count, 0) << body;
  }
  // In chat the resident hears the refusal in Chinese, and the ticket is still unrated.
  ASSERT_EQ(postGroup(kResidentA, 802, "评价 1001 10"), 204);
  EXPECT_EQ(ticket(1001).rating, 0);
  bool told = false;
  for (const auto& row : outbox()) {
    if (row.message.text.find("评分须为1到5分") != std::string::npos) told = true;
  }
  EXPECT_TRUE(told);
  auto ok = api("POST", "/api/tickets/1001/rate", admin, R"({"rating": "5分 很满意"})", &status);
  EXPECT_EQ(status, 200) << ok.dump();
  EXPECT_EQ(ticket(1001).rating, 5);
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

// An ID number in a need is neither a fire emergency (119 inside it) nor shown to the worker.
TEST_F(PipelineE2E, IdNumberIsMaskedForTheWorkerAndIsNotAnEmergency) {
  ASSERT_EQ(postGroup(kResidentA, 851, "滨悦新城3号楼电梯坏了，我身份证370283199001011195，电话13812345678"), 204);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_NE(tickets[0].urgency, Urgency::kEmergency);
  deliver();
  bool worker_told = false;
  for (const auto& c : onebot_.calls()) {
    const std::string t = text(c);
    EXPECT_EQ(t.find("370283199001011195"), std::string::npos) << t;
    EXPECT_EQ(t.find("13812345678"), std::string::npos) << t;
    if (t.find("3702**********1195") != std::string::npos) worker_told = true;
  }
  EXPECT_TRUE(worker_told);
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

// A resident's line that starts like a command is still understood as a need: a building number
// is not a ticket, and a ticket number the resident did not report is not theirs to act on.
TEST_F(PipelineE2E, CommandLookingNeedsStillBecomeTickets) {
  ASSERT_EQ(postGroup(kResidentA, 861, "没修好3号楼的电梯还是不动，老人下不了楼"), 204);
  ASSERT_EQ(allTickets().size(), 1u);
  EXPECT_EQ(allTickets()[0].intent.find("lift") != std::string::npos ||
                allTickets()[0].category == "facility",
            true)
      << allTickets()[0].intent;
  // "评价 1001 …" from someone who did not report ticket 1001 is not a command either.
  ASSERT_EQ(postGroup(kResidentB, 862, "评价 1001 5"), 204);
  EXPECT_EQ(ticket(1001).rating, 0);
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

// Every call reaches a person: a call that opens with a greeting and says nothing a rule
// understands is still a ticket, and the caller hears back by SMS.
TEST_F(PipelineE2E, GreetingLedCallStillBecomesATicketAndTheCallerHearsBack) {
  ASSERT_EQ(postHotline("call-greet-1", "13800001111", "喂，你好你好，嗯，那个，就是说我有个事想反映一下"), 200);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].reporter_channel, "hotline");
  deliver();
  std::lock_guard<std::mutex> l(sms_mu_);
  ASSERT_FALSE(sms_sent_.empty());
  EXPECT_EQ(sms_sent_[0]["to"], "13800001111");
}

// A complaint about a matter that is still not fixed is a need: it opens (or joins) a ticket.
TEST_F(PipelineE2E, ComplaintAboutAnUnfixedProblemOpensATicket) {
  ASSERT_EQ(postGroup(kResidentA, 871, "滨悦新城3号楼电梯坏了一个礼拜了，反映了三次都没人管，你们到底管不管"), 204);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u) << "a complaint about an unfixed lift must reach a worker";
  ASSERT_EQ(postGroup(kResidentB, 872, "滨悦新城3号楼电梯还是坏的，物业一直拖着不修，太不像话了"), 204);
  EXPECT_EQ(allTickets().size(), 1u);  // the second joins the first
  EXPECT_EQ(ticket(tickets[0].id).reporters, 2);
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

// A question about an announced water cut gets the notice's answer, not a water-company ticket.
TEST_F(PipelineE2E, WaterCutQuestionAfterTheNoticeGetsItsAnswerNotATicket) {
  std::filesystem::copy_file(test::demoConfig() + "/notices.json", config_ + "/notices.json");
  restartGateway();
  deliver();
  ASSERT_EQ(postGroup(kResidentA, 1401, "停水到几点？"), 204);
  int answers = 0;
  for (const auto& r : outbox()) {
    if (r.source_kind == "reply" && r.message.target == std::to_string(kBinhe01Group)) ++answers;
  }
  EXPECT_EQ(answers, 1);
  EXPECT_TRUE(allTickets().empty());
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

std::vector<TicketEvent> eventsOf(Gateway& g, int64_t id) {
  std::vector<TicketEvent> out;
  EXPECT_TRUE(g.store().read([&](Tx& tx) {
    out = *tx.tickets().events(id);
    return Status::ok();
  }).isOk());
  return out;
}

// A hotline caller asking about a water cut announced for their grid gets the notice's answer by
// SMS, and the call opens no ticket: it was fully answered.
TEST_F(PipelineE2E, HotlineQuestionAboutANoticeIsAnsweredBySms) {
  std::filesystem::copy_file(test::demoConfig() + "/notices.json", config_ + "/notices.json");
  restartGateway();
  deliver();
  {
    std::lock_guard<std::mutex> l(sms_mu_);
    sms_sent_.clear();
  }
  ASSERT_EQ(postHotline("call-water-1", "13800002222", "喂，你好，我是滨悦新城5号楼的，停水到几点能来水啊"), 200);
  EXPECT_TRUE(allTickets().empty());
  deliver();
  std::lock_guard<std::mutex> l(sms_mu_);
  ASSERT_EQ(sms_sent_.size(), 1u);
  EXPECT_EQ(sms_sent_[0]["to"], "13800002222");
  EXPECT_NE(sms_sent_[0]["text"].get<std::string>().find("停水"), std::string::npos) << sms_sent_[0].dump();
}

// "修好了" closes nothing by itself: it is written on the open ticket and its owner is told.
TEST_F(PipelineE2E, ResolvedReportIsRecordedOnTheOpenTicketAndOpensNothing) {
  ASSERT_EQ(postGroup(kResidentA, 1501, "滨悦新城3号楼电梯坏了，困在家里下不去"), 204);
  ASSERT_EQ(allTickets().size(), 1u);
  const int64_t id = allTickets()[0].id;
  const TicketStatus status = ticket(id).status;
  ASSERT_EQ(postGroup(kResidentA, 1502, "滨悦新城3号楼电梯已经修好了，谢谢"), 204);
  EXPECT_EQ(allTickets().size(), 1u);
  EXPECT_EQ(ticket(id).status, status);  // still the owner's to close
  bool recorded = false;
  for (const auto& e : eventsOf(*gateway_, id)) recorded = recorded || e.action == "resident_resolved";
  EXPECT_TRUE(recorded);
  bool told = false;
  for (const auto& r : outbox()) told = told || r.message.text.find("居民说问题已经解决") != std::string::npos;
  EXPECT_TRUE(told);
}

// A complaint about the open ticket urges its owner; one threatening 12345 moves it up at once.
TEST_F(PipelineE2E, ComplaintUrgesTheOpenTicketAndAThreatEscalatesIt) {
  ASSERT_EQ(postGroup(kResidentA, 1601, "滨悦新城3号楼楼道灯坏了"), 204);
  ASSERT_EQ(allTickets().size(), 1u);
  const int64_t id = allTickets()[0].id;
  clock_.advance(3 * kDay);  // far past the duplicate window: still the same open matter
  ASSERT_EQ(postGroup(kResidentB, 1602, "滨悦新城3号楼楼道灯坏了好几天了，反映了好几次都没人管"), 204);
  ASSERT_EQ(allTickets().size(), 1u);
  EXPECT_EQ(ticket(id).reporters, 2);
  int urges = 0;
  for (const auto& e : eventsOf(*gateway_, id)) urges += e.action == "urge";
  EXPECT_EQ(urges, 1);
  bool urged = false;
  for (const auto& r : outbox()) urged = urged || r.message.text.find("【居民催办】") != std::string::npos;
  EXPECT_TRUE(urged);
  const Level level = ticket(id).level;
  ASSERT_EQ(postGroup(kResidentB, 1603, "滨悦新城3号楼楼道灯还是坏的，再不修我就打12345投诉你们"), 204);
  EXPECT_EQ(allTickets().size(), 1u);
  EXPECT_NE(ticket(id).level, level) << "a threat to go to 12345 moves the ticket up";
}

// A road that runs through several grids is not guessed: the call waits at the community with the
// candidates named.
TEST_F(PipelineE2E, StreetSharedByGridsGoesUnroutedWithTheCandidates) {
  ASSERT_EQ(postHotline("call-road-1", "13800003333", "滨河路上的路灯坏了好几盏，晚上黑乎乎的"), 200);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_TRUE(tickets[0].grid_id.empty());
  EXPECT_EQ(tickets[0].community_id, "binhe");
  EXPECT_EQ(tickets[0].assignee_kind, "community");
  for (const char* grid : {"滨河社区第一网格", "滨河社区第二网格", "滨河社区第四网格"}) {
    EXPECT_NE(tickets[0].unrouted_reason.find(grid), std::string::npos) << tickets[0].unrouted_reason;
  }
}

// A compound of another grid named in a group goes to that compound's grid, the group's grid
// copied; a bare building number in a group is the group grid's compound, so reports merge.
TEST_F(PipelineE2E, CompoundsAndBareBuildingsAreRoutedByTheirGrid) {
  ASSERT_EQ(postGroup(kResidentA, 1701, "河畔花园5号楼门口的垃圾好几天没人清了"), 204);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].grid_id, "binhe-04");
  ASSERT_FALSE(tickets[0].copied_worker_id.empty());
  EXPECT_EQ(tickets[0].copied_worker_id.rfind("w-binhe-01-", 0), 0u) << tickets[0].copied_worker_id;

  ASSERT_EQ(postGroup(kResidentA, 1702, "3号楼电梯坏了"), 204);
  ASSERT_EQ(postGroup(kResidentB, 1703, "滨悦新城3号楼的电梯坏了"), 204);
  EXPECT_EQ(allTickets().size(), 2u) << "the bare building is 滨悦新城 3号楼: the reports merge";
}

}  // namespace
}  // namespace gg
