// Departments that can act (issue 12, point 5), end to end: a department token lists and acts on
// its own tickets only, its contact's mobile takes, finishes or hands back work by SMS, the
// resident hears who really acted, and an overdue department ticket goes up to the street once
// and stays there until the street re-assigns it by hand.

#include "tests/bot/reach_fixture.h"
#include "tests/support/status_matchers.h"

namespace gg::test {
namespace {

constexpr const char* kCaller = "13812345678";
constexpr const char* kOtherCaller = "13812340000";
constexpr const char* kDept = "property-binyue";       // 滨悦物业服务有限公司
constexpr const char* kDeptMobile = "13905390101";     // its contact 徐凤英

class DepartmentE2E : public ReachE2E {
 protected:
  void SetUp() override {
    ReachE2E::SetUp();
    if (HasFatalFailure()) return;
    admin_ = token("admin");
    // Ticket 1001 goes to the property company by hand; 1002 stays with its grid.
    ASSERT_EQ(postHotline("call-1", kCaller, "滨悦新城3号楼电梯坏了，老人下不了楼"), 200);
    ASSERT_EQ(postHotline("call-2", kOtherCaller, "滨悦新城5号楼楼道灯坏了"), 200);
    int status = 0;
    api("POST", "/api/tickets/1001/transfer", admin_, nlohmann::json{{"target", kDept}}.dump(),
        &status);
    ASSERT_EQ(status, 200);
    ASSERT_EQ(ticket(1001).assignee_kind, AssigneeKind::kDepartment);
    ASSERT_NE(ticket(1002).assignee_id, kDept);
    dept_ = token("department", kDept);
    deliver();
  }

  bool callerHeard(const std::string& caller, const std::string& words) {
    for (const auto& t : sms_.textsTo(caller)) {
      if (t.find(words) != std::string::npos) return true;
    }
    return false;
  }

  std::string admin_, dept_;
};

TEST_F(DepartmentE2E, ATokenNeedsARealDepartment) {
  auto bad = createToken(gateway_->store(), *gateway_->context().org, "department", "binhe-01",
                         "x", clock_.now());
  EXPECT_STATUS(bad, Code::kInvalidArgument);
  auto none = createToken(gateway_->store(), *gateway_->context().org, "department", "", "x",
                          clock_.now());
  EXPECT_STATUS(none, Code::kInvalidArgument);
}

TEST_F(DepartmentE2E, ItsTokenListsAndSeesOnlyItsOwnTickets) {
  int status = 0;
  auto list = api("GET", "/api/tickets", dept_, "", &status);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["id"], 1001);
  // Residents' numbers are masked for a department, as below community level.
  EXPECT_EQ(list["items"][0]["reporter"]["id"].get<std::string>().find(kCaller), std::string::npos);
  api("GET", "/api/tickets/1001", dept_, "", &status);
  EXPECT_EQ(status, 200);
  api("GET", "/api/tickets/1002", dept_, "", &status);
  EXPECT_EQ(status, 403);
  api("GET", "/api/tickets?grid=binhe-01", dept_, "", &status);
  EXPECT_EQ(status, 403);
  api("GET", "/api/stats", dept_, "", &status);
  EXPECT_EQ(status, 403);
  api("GET", "/api/org?community=binhe", dept_, "", &status);
  EXPECT_EQ(status, 403);
  api("GET", "/api/org/grids/binhe-01", dept_, "", &status);
  EXPECT_EQ(status, 403);
}

TEST_F(DepartmentE2E, ItAcceptsAndResolvesItsOwnAndTheResidentHearsWhoActed) {
  int status = 0;
  api("POST", "/api/tickets/1002/accept", dept_, "{}", &status);
  EXPECT_EQ(status, 403);
  EXPECT_EQ(ticket(1002).status, TicketStatus::kAssigned);
  // Moving tickets around is not a department's to do.
  api("POST", "/api/tickets/1001/transfer", dept_, R"({"target": "binhe"})", &status);
  EXPECT_EQ(status, 403);
  api("POST", "/api/tickets/1001/escalate", dept_, "{}", &status);
  EXPECT_EQ(status, 403);
  EXPECT_EQ(ticket(1001).assignee_id, kDept);

  api("POST", "/api/tickets/1001/accept", dept_, "{}", &status);
  ASSERT_EQ(status, 200);
  api("POST", "/api/tickets/1001/resolve", dept_, R"({"note": "已更换电梯控制板"})", &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(ticket(1001).status, TicketStatus::kResolved);
  deliver();
  EXPECT_TRUE(callerHeard(kCaller, "滨悦物业服务有限公司接单"));
  EXPECT_TRUE(callerHeard(kCaller, "办理：滨悦物业服务有限公司"));
}

TEST_F(DepartmentE2E, WhenTheStreetActsOnADepartmentTicketTheResidentHearsTheStreet) {
  int status = 0;
  api("POST", "/api/tickets/1001/accept", admin_, "{}", &status);
  ASSERT_EQ(status, 200);
  deliver();
  EXPECT_TRUE(callerHeard(kCaller, "指挥中心接单"));
  EXPECT_FALSE(callerHeard(kCaller, "滨悦物业服务有限公司接单"));
}

TEST_F(DepartmentE2E, ARejectWithAReasonGoesBackToTheGridsWorker) {
  int status = 0;
  api("POST", "/api/tickets/1001/reject", dept_, "{}", &status);
  EXPECT_EQ(status, 400);  // a reason is needed
  api("POST", "/api/tickets/1001/reject", dept_, R"({"reason": "不属于物业维保范围"})", &status);
  ASSERT_EQ(status, 200);
  const TicketRecord t = ticket(1001);
  EXPECT_EQ(t.level, Level::kGrid);
  EXPECT_EQ(t.assignee_kind, AssigneeKind::kWorker);
  EXPECT_EQ(t.status, TicketStatus::kAssigned);
  // Once handed back it is no longer the department's to act on.
  api("POST", "/api/tickets/1001/accept", dept_, "{}", &status);
  EXPECT_EQ(status, 403);
}

TEST_F(DepartmentE2E, ItsContactsMobileTakesAndFinishesWorkBySms) {
  ASSERT_EQ(postSms("d-1", kDeptMobile, "接单 1001"), 200);
  EXPECT_EQ(ticket(1001).status, TicketStatus::kAccepted);
  ASSERT_EQ(postSms("d-1", kDeptMobile, "接单 1001"), 200);  // the same id twice: once
  ASSERT_EQ(postSms("d-2", kDeptMobile, "办结 1001 已更换电梯控制板"), 200);
  EXPECT_EQ(ticket(1001).status, TicketStatus::kResolved);
  EXPECT_EQ(ticket(1001).resolution, "已更换电梯控制板");
  // Not its ticket: refused in Chinese, nothing changes.
  ASSERT_EQ(postSms("d-3", kDeptMobile, "接单 1002"), 200);
  EXPECT_EQ(ticket(1002).status, TicketStatus::kAssigned);
  deliver();
  int accepted = 0, resolved = 0, refused = 0;
  for (const auto& t : sms_.textsTo(kDeptMobile)) {
    accepted += t.find("工单1001已接单") != std::string::npos;
    resolved += t.find("工单1001已办结") != std::string::npos;
    refused += t.find("操作未执行") != std::string::npos && t.find("1002") != std::string::npos;
  }
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(resolved, 1);
  EXPECT_EQ(refused, 1);
  EXPECT_TRUE(callerHeard(kCaller, "办理：滨悦物业服务有限公司"));
}

TEST_F(DepartmentE2E, AnOverdueDepartmentTicketGoesUpToTheStreetOnceAndStays) {
  runFor(6 * kHour, 10 * kMinute);
  TicketRecord t = ticket(1001);
  EXPECT_EQ(t.level, Level::kStreet);
  EXPECT_EQ(t.assignee_kind, AssigneeKind::kStreet);
  EXPECT_TRUE(t.overdue);
  EXPECT_EQ(t.escalations, 1);  // once: department -> street, never back down by timer
  const int escalations = t.escalations;
  // Days later it is still the street's: no bounce back to the department that missed it.
  runFor(3 * kDay, kHour);
  t = ticket(1001);
  EXPECT_EQ(t.level, Level::kStreet);
  EXPECT_EQ(t.escalations, escalations);
  // The street re-assigns it by hand; that is the street's call to make.
  int status = 0;
  api("POST", "/api/tickets/1001/transfer", admin_, nlohmann::json{{"target", kDept}}.dump(),
      &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(ticket(1001).level, Level::kDepartment);
}

}  // namespace
}  // namespace gg::test
