// 网格员直报 (issue 13, point 3): which lines are patrol reports, and end to end, what becomes of
// them — an accepted patrol ticket held by the worker, or the department's with the worker
// copied; the worker hears the number back; stats count patrol reports apart.

#include "bot/patrol_report.h"
#include "bot/stats.h"
#include "tests/bot/pipeline_fixture.h"

namespace gg {
namespace {

TEST(PatrolReportBody, LeadWordsSeparatorsAndMentions) {
  EXPECT_EQ(patrolReportBody("巡查发现3号楼东侧消防通道被三轮车堵住了"), "3号楼东侧消防通道被三轮车堵住了");
  EXPECT_EQ(patrolReportBody("直报：11号楼外墙瓷砖脱落"), "11号楼外墙瓷砖脱落");
  EXPECT_EQ(patrolReportBody("  上报, 5号楼楼道堆放杂物"), "5号楼楼道堆放杂物");
  EXPECT_EQ(patrolReportBody("@网格助手 发现 路灯不亮"), "路灯不亮");
  EXPECT_FALSE(patrolReportBody("直报").has_value());
  EXPECT_FALSE(patrolReportBody("直报：").has_value());
  EXPECT_FALSE(patrolReportBody("今天巡查发现一切正常").has_value());  // not a lead word
  EXPECT_FALSE(patrolReportBody("收到，马上去看").has_value());
}

class PatrolE2E : public PipelineE2E {
 protected:
  int postPrivate(int64_t user, int64_t message_id, const std::string& text) {
    const std::string body = fakes::oneBotPrivateEvent(kSelfId, user, message_id, text);
    httplib::Headers h = {{"X-Signature", fakes::signOneBotBody("ob-secret", body)}};
    auto r = http_->Post("/hooks/onebot", h, body, "application/json");
    return r ? r->status : -1;
  }
};

TEST_F(PatrolE2E, AGroupPatrolReportIsAnAcceptedPatrolTicketOfTheWorker) {
  ASSERT_EQ(postGroup(kWorkerFulltime, 901, "巡查发现3号楼东侧消防通道被三轮车堵住了"), 204);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u);
  const TicketRecord& t = tickets[0];
  EXPECT_EQ(t.source, "patrol");
  EXPECT_EQ(t.status, TicketStatus::kAccepted);
  EXPECT_EQ(t.assignee_kind, AssigneeKind::kWorker);
  EXPECT_EQ(t.assignee_id, "w-binhe-01-2");
  EXPECT_EQ(t.grid_id, "binhe-01");
  deliver();
  bool told = false;
  for (const auto& c : callsTo("send_group_msg", kBinhe01Group)) {
    told |= text(c).find("直报已登记：工单" + std::to_string(t.id)) != std::string::npos;
  }
  EXPECT_TRUE(told) << "the worker hears the ticket number in the group";
  // A worker's ordinary line is still only theirs to say: no ticket.
  ASSERT_EQ(postGroup(kWorkerFulltime, 902, "收到，马上去看"), 204);
  EXPECT_EQ(allTickets().size(), 1u);
  // And the worker closes it like any other ticket.
  ASSERT_EQ(postGroup(kWorkerFulltime, 903, "办结 " + std::to_string(t.id) + " 三轮车已挪走"), 204);
  EXPECT_EQ(ticket(t.id).status, TicketStatus::kResolved);
}

TEST_F(PatrolE2E, APrivateReportADepartmentOwnsGoesToTheDepartmentWithTheWorkerCopied) {
  ASSERT_EQ(postPrivate(kWorkerFulltime, 911, "直报：滨悦新城3号楼电梯坏了"), 204);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u);
  const TicketRecord& t = tickets[0];
  EXPECT_EQ(t.source, "patrol");
  EXPECT_EQ(t.level, Level::kDepartment);
  EXPECT_EQ(t.assignee_kind, AssigneeKind::kDepartment);
  EXPECT_EQ(t.copied_worker_id, "w-binhe-01-2");
  EXPECT_EQ(t.status, TicketStatus::kAssigned);
  deliver();
  bool told = false;
  for (const auto& c : callsTo("send_private_msg", kWorkerFulltime)) {
    told |= text(c).find("已转") != std::string::npos && text(c).find(std::to_string(t.id)) != std::string::npos;
  }
  EXPECT_TRUE(told) << "the worker hears where it went, privately";
}

TEST_F(PatrolE2E, StatsCountPatrolReportsApartAndPerWorker) {
  ASSERT_EQ(postGroup(kWorkerFulltime, 921, "巡查发现3号楼东侧消防通道被三轮车堵住了"), 204);
  ASSERT_EQ(postGroup(kResidentA, 922, "5号楼楼道灯坏了"), 204);
  Figures f = computeFigures(allTickets());
  EXPECT_EQ(f.received, 2);
  EXPECT_EQ(f.patrol_reports, 1);
  const std::string admin = token("admin", "");
  auto r = http_->Get("/api/stats?by=worker", {{"Authorization", "Bearer " + admin}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = nlohmann::json::parse(r->body);
  EXPECT_NE(j.dump().find("\"patrol_reports\":1"), std::string::npos) << j.dump();
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

TEST_F(PatrolE2E, ThroughTheApiAGridTokenReportsForItsWorkerOncePerRequestId) {
  const std::string grid = token("grid", "binhe-01");
  httplib::Headers h = {{"Authorization", "Bearer " + grid}};
  const std::string body =
      R"({"worker_id": "w-binhe-01-2", "text": "巡查发现5号楼楼道堆放杂物", "request_id": "r-1"})";
  auto r = http_->Post("/api/tickets", h, body, "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  auto j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["source"], "patrol");
  EXPECT_EQ(j["status"], "accepted");
  EXPECT_EQ(j["assignee_id"], "w-binhe-01-2");
  auto again = http_->Post("/api/tickets", h, body, "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(nlohmann::json::parse(again->body)["id"], j["id"]);
  EXPECT_EQ(allTickets().size(), 1u);
  // Another grid's worker, an unknown worker, a missing text, an unknown key: refused, nothing stored.
  auto other = http_->Post("/api/tickets", h, R"({"worker_id": "w-binhe-02-1", "text": "发现路灯不亮"})",
                           "application/json");
  EXPECT_EQ(other->status, 403);
  EXPECT_EQ(http_->Post("/api/tickets", h, R"({"worker_id": "nobody", "text": "x"})", "application/json")->status,
            404);
  EXPECT_EQ(http_->Post("/api/tickets", h, R"({"worker_id": "w-binhe-01-2"})", "application/json")->status, 400);
  EXPECT_EQ(http_->Post("/api/tickets", h, R"({"worker_id": "w-binhe-01-2", "text": "x", "grid": "y"})",
                        "application/json")
                ->status,
            400);
  EXPECT_EQ(allTickets().size(), 1u);
  // No outbox row to a chat that does not exist.
  for (const auto& row : outbox()) EXPECT_NE(row.message.channel, Channel::kApi);
}

}  // namespace
}  // namespace gg
