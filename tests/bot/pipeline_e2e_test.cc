// End to end through the real channels: signed OneBot events and hotline calls in over HTTP,
// tickets routed and driven through their lifecycle, messages out through the dispatcher to the
// fake OneBot client. A FakeClock drives deadlines. Every test runs on SQLite and on PostgreSQL.

#include "tests/bot/pipeline_fixture.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

TEST_P(PipelineE2EOnEngines, GroupMessageBecomesOneTicketForTheOnDutyWorkerAndEveryoneHears) {
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
  EXPECT_EQ(t.assignee_kind, AssigneeKind::kWorker);
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

TEST_P(PipelineE2EOnEngines, RedeliveryIsStoredOnceAndChangesNothing) {
  ASSERT_EQ(postGroup(kResidentA, 777, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  const size_t rows = outbox().size();
  ASSERT_EQ(postGroup(kResidentA, 777, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  ASSERT_EQ(postGroup(kResidentA, 777, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  EXPECT_EQ(allTickets().size(), 1u);
  EXPECT_EQ(outbox().size(), rows);
  int64_t messages = 0;
  ASSERT_OK(gateway_->store().read([&](Tx& tx) {
    messages = *tx.messages().count();
    return Status::ok();
  }));
  EXPECT_EQ(messages, 1);
}

TEST_P(PipelineE2EOnEngines, WorkerAcceptsAndResolvesFromChatResidentRatesAndStatsFollow) {
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
  EXPECT_EQ(actions,
            (std::vector<std::string>{"create", "assign", "accept", "resolve", "rate", "close"}));
}

TEST_P(PipelineE2EOnEngines, ApiActionsAreScopedAndIllegalTransitionsRefused) {
  ASSERT_EQ(postGroup(kResidentA, 701, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  int status = 0;
  auto other = api("POST", "/api/tickets/1001/accept", token("grid", "binhe-02"), "{}", &status);
  EXPECT_EQ(status, 403) << other.dump();
  api("POST", "/api/tickets/1001/resolve", token("grid", "binhe-01"), R"({"note":"done"})",
      &status);
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
  // An unknown key is a 400 naming it, not an action run without what the caller meant to give.
  auto unknown = api("POST", "/api/tickets/1001/accept", token("grid", "binhe-01"), R"({"argument":"x"})", &status);
  EXPECT_EQ(status, 400);
  EXPECT_NE(unknown.dump().find("argument"), std::string::npos) << unknown.dump();
  api("POST", "/api/tickets/1001/accept", token("grid", "binhe-01"), R"([1])", &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(ticket(1001).status, TicketStatus::kAssigned);
  auto ok = api("POST", "/api/tickets/1001/accept", token("grid", "binhe-01"), "{}", &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(ok["status"], "accepted");
  auto list = api("GET", "/api/tickets?status=accepted", token("community", "binhe"));
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["id"], 1001);
  EXPECT_EQ(list["items"][0]["level"], "grid");
  EXPECT_EQ(api("GET", "/api/tickets", token("community", "donghu"))["total"], 0);
}

TEST_P(PipelineE2EOnEngines, DuplicatesJoinTheOpenTicketAndEveryReporterHearsTheResult) {
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
        (t.find(std::to_string(kResidentA)) != std::string::npos ||
         t.find(std::to_string(kResidentB)) != std::string::npos)) {
      ++told;
    }
  }
  EXPECT_EQ(told, 2);
}

TEST_P(PipelineE2EOnEngines, HotlineCallsAreRoutedByAddressOrQueuedUnroutedWithAReason) {
  ASSERT_EQ(postHotline("call-1", "13900001111", "我家住滨悦新城三号楼 楼道里的消防通道被堵了"),
            200);
  ASSERT_EQ(postHotline("call-2", "13900002222", "嗯 那个 我要反映一下 楼下的消防通道老是被堵"),
            200);
  ASSERT_EQ(postHotline("call-2", "13900002222", "嗯 那个 我要反映一下 楼下的消防通道老是被堵"),
            200);
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
      if (m["to"] == "13900002222" &&
          m["text"].get<std::string>().find(std::to_string(unrouted.id)) != std::string::npos) {
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
    if (t.source_platform_msg_id == "call-3")
      by_history = t.grid_id == "binhe-01" || t.reporters > 1;
  }
  EXPECT_TRUE(by_history);
}

TEST_P(PipelineE2EOnEngines, HotlineSpoolFileBecomesATicketAndBadLinesAreRejected) {
  {
    std::ofstream f(tmp_.file("spool/batch.jsonl"));
    f << fakes::hotlineCallJson("spool-1", "13900003333", "滨悦新城3号楼消防通道被堵") << "\n";
    f << "{not json\n";
  }
  ASSERT_OK(gateway_->runWorkersOnce());
  bool found = false;
  for (const auto& t : allTickets()) found = found || t.source_platform_msg_id == "spool-1";
  EXPECT_TRUE(found);
  EXPECT_TRUE(std::filesystem::exists(tmp_.file("spool/rejects/batch.rejects.jsonl")));
  EXPECT_TRUE(std::filesystem::exists(tmp_.file("spool/done/batch.jsonl")));
}

TEST_P(PipelineE2EOnEngines, OverdueTicketEscalatesAfterTheServerWasStoppedAndStarted) {
  ASSERT_EQ(postGroup(kResidentA, 901, "滨悦新城3号楼的消防通道又被电动车堵死了"), 204);
  EXPECT_EQ(ticket(1001).level, Level::kGrid);
  const Millis accept_by = ticket(1001).accept_by;
  restartGateway();
  clock_.advance(accept_by - clock_.now() + kMinute);  // past accept_by while the server was down
  restartGateway();
  ASSERT_OK(gateway_->runWorkersOnce());
  const TicketRecord t = ticket(1001);
  EXPECT_EQ(t.level, Level::kCommunity);
  EXPECT_EQ(t.assignee_kind, AssigneeKind::kCommunity);
  EXPECT_EQ(t.assignee_id, "binhe");
  EXPECT_EQ(t.escalations, 1);
  EXPECT_TRUE(t.overdue);
  // The community hears, and so does the worker who let it pass.
  bool community = false, previous = false;
  for (const auto& r : outbox()) {
    if (r.message.text.find("升级") == std::string::npos) continue;
    if (r.message.target == "sq-binhe" || r.message.channel == Channel::kWeComApp) community = true;
    if (r.message.target == std::to_string(kWorkerFulltime)) previous = true;
  }
  EXPECT_TRUE(community);
  EXPECT_TRUE(previous);
  // Firing again changes nothing: the timer is spent.
  ASSERT_OK(gateway_->runWorkersOnce());
  EXPECT_EQ(ticket(1001).escalations, 1);
}

TEST_P(PipelineE2EOnEngines, EmergencyPagesWorkerLeaderAndCommunityAtOnce) {
  ASSERT_EQ(postGroup(kResidentA, 1001, "闻到很大的煤气味，好像哪里漏气了"), 204);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].urgency, Urgency::kEmergency);
  std::set<std::string> targets;
  std::string ack;
  for (const auto& r : outbox()) {
    targets.insert(r.message.target);
    if (r.message.target_kind == TargetKind::kGroup) ack = r.message.text;
  }
  EXPECT_TRUE(targets.count("2810010101")) << "grid leader paged";
  EXPECT_TRUE(targets.count("2810010102") || targets.count("2810010103")) << "grid worker paged";
  EXPECT_NE(ack.find("119"), std::string::npos) << ack;
  // The community's duty contact is paged too (a private message that is none of the workers).
  const std::set<std::string> workers = {"2810010101", "2810010102", "2810010103"};
  bool community = false;
  for (const auto& r : outbox()) {
    if (r.message.text.find("【紧急】") != std::string::npos && r.message.target_kind == TargetKind::kUser &&
        r.community_id == "binhe" && !workers.count(r.message.target)) {
      community = true;
    }
  }
  EXPECT_TRUE(community);
}

TEST_P(PipelineE2EOnEngines, ChitChatAndThanksOpenNothing) {
  ASSERT_EQ(postGroup(kResidentA, 1101, "谢谢网格员"), 204);
  ASSERT_EQ(postGroup(kResidentB, 1102, "大家早上好"), 204);
  EXPECT_TRUE(allTickets().empty());
  EXPECT_TRUE(outbox().empty());
}

TEST_P(PipelineE2EOnEngines, BadSignatureIsRefusedAndStoresNothing) {
  const std::string body =
      fakes::oneBotGroupEvent(kSelfId, kBinhe01Group, kResidentA, 1201, "消防通道堵了");
  httplib::Headers h = {{"X-Signature", "sha1=0000000000000000000000000000000000000000"}};
  auto r = http_->Post("/hooks/onebot", h, body, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  int64_t messages = -1;
  ASSERT_OK(gateway_->store().read([&](Tx& tx) {
    messages = *tx.messages().count();
    return Status::ok();
  }));
  EXPECT_EQ(messages, 0);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, PipelineE2EOnEngines,
                         ::testing::Values(test::Engine::kSqlite, test::Engine::kPostgres),
                         test::engineName);

}  // namespace
}  // namespace gg
