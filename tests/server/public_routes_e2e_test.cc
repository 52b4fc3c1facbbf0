// The resident page end to end (issue 13, point 1): the page of a demo grid, a report through the
// public API that becomes the grid worker's ticket, followed by its tracking code and rated
// after the worker's 办结 in the group; a notice question answered; bad input refused with
// nothing stored; floods held back with 429 + Retry-After; nothing private in the public views.

#include <cstdio>
#include <fstream>

#include "tests/server/public_fixture.h"

namespace gg::test {
namespace {

constexpr const char* kResident = "13811112222";

TEST_F(PublicE2E, ThePageNamesTheGridItsCommunityTheWorkerOnDutyAndItsNotices) {
  announceWaterCut();
  auto page = send("GET", "/r/binhe-01");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.content_type.find("text/html"), std::string::npos);
  const std::string& h = page.raw;
  EXPECT_NE(h.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(h.find("name=\"viewport\""), std::string::npos);
  EXPECT_NE(h.find("<main"), std::string::npos);
  EXPECT_NE(h.find("<label for=\"r-text\">"), std::string::npos);
  EXPECT_NE(h.find("aria-live=\"polite\""), std::string::npos);
  EXPECT_NE(h.find("滨河社区第一网格"), std::string::npos);
  EXPECT_NE(h.find("所属社区：滨河社区"), std::string::npos);
  EXPECT_NE(h.find("滨悦新城临时停水通知"), std::string::npos);
  EXPECT_NE(h.find("明天8:00至14:00停水"), std::string::npos);
  // The worker by name, the phone masked: no worker's number in clear anywhere on the page.
  const Grid* grid = gateway_->context().org->grid("binhe-01");
  bool named = false;
  for (const Worker& w : grid->workers) {
    named = named || h.find("值班网格员：" + w.name) != std::string::npos;
    EXPECT_EQ(h.find(w.phone), std::string::npos) << w.phone;
  }
  EXPECT_TRUE(named);
  EXPECT_NE(h.find("****"), std::string::npos);
  EXPECT_EQ(h.find("http://"), std::string::npos) << "no CDN, nothing fetched from elsewhere";
  // Another grid's page does not show binhe-01's notice.
  auto other = send("GET", "/r/donghu-01");
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(other.raw.find("滨悦新城临时停水通知"), std::string::npos);
  EXPECT_EQ(send("GET", "/r/nowhere").status, 404);
}

TEST_F(PublicE2E, AReportBecomesTheGridWorkersTicketFollowedByItsCodeAndRatedAfterResolve) {
  auto a = report({{"grid_id", "binhe-01"}, {"text", "3号楼的消防通道又被电动车堵死了"},
                   {"place", "滨悦新城"}, {"phone", kResident}});
  ASSERT_EQ(a.status, 201) << a.raw;
  EXPECT_EQ(a.body["decision"], "ticket");
  const int64_t id = a.body.value("ticket_id", int64_t{0});
  const std::string code = a.body.value("tracking_code", "");
  ASSERT_GT(id, 0);
  ASSERT_EQ(code.size(), 16u);
  EXPECT_EQ(code.find(std::to_string(id)), std::string::npos);
  EXPECT_NE(a.body.value("reply", "").find(std::to_string(id)), std::string::npos) << a.raw;
  const TicketRecord t = ticket(id);
  EXPECT_EQ(t.grid_id, "binhe-01");
  EXPECT_EQ(t.assignee_kind, AssigneeKind::kWorker);
  const std::string worker = workerOf(id);
  ASSERT_FALSE(worker.empty());
  // The mobile is an SMS subscriber of the grid and hears the acknowledgement like a caller.
  std::vector<SubscriberRecord> subs;
  ASSERT_OK(gateway_->store().read([&](Tx& tx) {
    subs = *tx.subscribers().forGrids({"binhe-01"});
    return Status::ok();
  }));
  EXPECT_TRUE(std::any_of(subs.begin(), subs.end(), [](const SubscriberRecord& s) { return s.phone == kResident; }));
  deliver();
  EXPECT_FALSE(sms_.textsTo(kResident).empty());

  auto view = track(code);
  ASSERT_EQ(view.status, 200) << view.raw;
  EXPECT_EQ(view.body["status"], "assigned");
  EXPECT_EQ(view.body["level"], "grid");
  EXPECT_NE(view.body.value("unit", "").find("网格员"), std::string::npos);
  EXPECT_EQ(rate(code, {{"rating", 5}}).status, 409) << "not resolved yet";

  ASSERT_EQ(postGroup(std::stoll(worker), 9001, "接单 " + std::to_string(id)), 204);
  ASSERT_EQ(postGroup(std::stoll(worker), 9002, "办结 " + std::to_string(id) + " 已联系车主移走电动车，通道畅通"), 204);
  deliver();
  view = track(code);
  EXPECT_EQ(view.body["status"], "resolved");
  EXPECT_TRUE(view.body["can_rate"].get<bool>());
  bool told_resolved = false;
  for (const auto& text : sms_.textsTo(kResident)) told_resolved = told_resolved || text.find("已办结") != std::string::npos;
  EXPECT_TRUE(told_resolved);
  // The public view: no resident, no number, no staff note.
  EXPECT_FALSE(hasPhone(view.raw)) << view.raw;
  EXPECT_EQ(view.raw.find("居民"), std::string::npos) << view.raw;
  EXPECT_EQ(view.raw.find("车主"), std::string::npos) << "the resolution note is staff's: " << view.raw;
  EXPECT_EQ(view.raw.find("消防通道"), std::string::npos) << "the report text is not shown back";

  EXPECT_EQ(rate(code, {{"rating", 0}}).status, 400);
  EXPECT_EQ(rate(code, {{"rating", 6}}).status, 400);
  EXPECT_EQ(rate(code, {{"rating", "5"}}).status, 400);
  EXPECT_EQ(rate(code, {{"rating", 5}, {"stars", 5}}).status, 400);
  EXPECT_EQ(ticket(id).status, TicketStatus::kResolved) << "refused ratings change nothing";
  auto rated = rate(code, {{"rating", 5}, {"comment", "谢谢网格员"}});
  ASSERT_EQ(rated.status, 200) << rated.raw;
  EXPECT_EQ(rated.body["status"], "closed");
  EXPECT_EQ(ticket(id).rating, 5);
  EXPECT_EQ(track(code).body["status"], "closed");
  EXPECT_EQ(webRows(), 0) << "nothing is ever queued for the page";
}

TEST_F(PublicE2E, ALowRatingReopensTheTicketAsInChat) {
  auto a = report({{"grid_id", "binhe-01"}, {"text", "滨悦新城3号楼的消防通道又被电动车堵死了"}});
  ASSERT_EQ(a.status, 201) << a.raw;
  const int64_t id = a.body.value("ticket_id", int64_t{0});
  const std::string code = a.body.value("tracking_code", "");
  const std::string worker = workerOf(id);
  ASSERT_FALSE(worker.empty());
  ASSERT_EQ(postGroup(std::stoll(worker), 9101, "接单 " + std::to_string(id)), 204);
  ASSERT_EQ(postGroup(std::stoll(worker), 9102, "办结 " + std::to_string(id) + " 已处理"), 204);
  auto rated = rate(code, {{"rating", 1}});
  ASSERT_EQ(rated.status, 200) << rated.raw;
  EXPECT_TRUE(rated.body["reopened"].get<bool>());
  EXPECT_NE(rated.body.value("reply", "").find("重新派办"), std::string::npos);
  EXPECT_TRUE(ticket(id).status == TicketStatus::kAssigned || ticket(id).status == TicketStatus::kNew);
  deliver();
  EXPECT_EQ(webRows(), 0);
}

TEST_F(PublicE2E, ANoticeQuestionGetsTheNoticesAnswerAndNoTicket) {
  announceWaterCut();
  const int64_t before = ticketCount();
  auto a = report({{"grid_id", "binhe-01"}, {"text", "明天停水到几点？"}});
  ASSERT_EQ(a.status, 201) << a.raw;
  EXPECT_EQ(a.body["decision"], "reply");
  EXPECT_NE(a.body.value("reply", "").find("14:00恢复供水"), std::string::npos) << a.raw;
  EXPECT_FALSE(a.body.contains("ticket_id"));
  EXPECT_FALSE(a.body.contains("tracking_code"));
  EXPECT_EQ(ticketCount(), before);
  deliver();
  EXPECT_EQ(webRows(), 0);
}

TEST_F(PublicE2E, BadInputGetsAClear4xxAndStoresNothing) {
  const int64_t messages = messageCount();
  EXPECT_EQ(report({{"grid_id", "nowhere"}, {"text", "路灯坏了"}}).status, 404);
  EXPECT_EQ(report({{"grid_id", "binhe-01"}, {"text", ""}}).status, 400);
  EXPECT_EQ(report({{"grid_id", "binhe-01"}, {"text", "   "}}).status, 400);
  EXPECT_EQ(report({{"grid_id", "binhe-01"}}).status, 400);
  EXPECT_EQ(report({{"text", "路灯坏了"}}).status, 400);
  EXPECT_EQ(report({{"grid_id", 7}, {"text", "路灯坏了"}}).status, 400);
  EXPECT_EQ(report({{"grid_id", "binhe-01"}, {"text", std::string(100 * 1024, 'a')}}).status, 413);
  EXPECT_EQ(report({{"grid_id", "binhe-01"}, {"text", std::string(600 * 3, 'x')}}).status, 400) << "over 500 characters";
  EXPECT_EQ(report({{"grid_id", "binhe-01"}, {"text", "路灯坏了"}, {"name", "张三"}}).status, 400);
  EXPECT_EQ(report({{"grid_id", "binhe-01"}, {"text", "路灯坏了"}, {"phone", "0531-86601234"}}).status, 400);
  EXPECT_EQ(report({{"grid_id", "binhe-01"}, {"text", "路灯坏了"}, {"phone", "12345"}}).status, 400);
  EXPECT_EQ(send("POST", "/api/public/reports", "not json").status, 400);
  EXPECT_EQ(send("POST", "/api/public/reports", "[1,2]").status, 400);
  EXPECT_EQ(track("abc").status, 400);
  EXPECT_EQ(track("ABCDEFGHJKMNPQRS").status, 404);
  EXPECT_EQ(track("ABCDEFGHJKMNPQRS%3Cscript%3E").status, 400);
  EXPECT_EQ(rate("ABCDEFGHJKMNPQRS", {{"rating", 5}}).status, 404);
  EXPECT_EQ(messageCount(), messages) << "nothing stored";
  EXPECT_EQ(ticketCount(), 0);
  auto err = report({{"grid_id", "binhe-01"}, {"text", ""}});
  EXPECT_TRUE(err.body.contains("error") && err.body.contains("detail")) << err.raw;
}

TEST_F(PublicE2E, MarkupInWhatResidentsWriteNeverComesBackAsMarkup) {
  auto a = report({{"grid_id", "binhe-01"}, {"text", "<script>alert(1)</script>楼道灯坏了<img/onerror=alert(2)>"},
                   {"place", "<b>滨悦新城</b>"}});
  ASSERT_EQ(a.status, 201) << a.raw;
  EXPECT_NE(a.content_type.find("application/json"), std::string::npos);
  EXPECT_EQ(a.raw.find("<script"), std::string::npos) << a.raw;
  EXPECT_EQ(a.raw.find("<img"), std::string::npos) << a.raw;
  auto view = track(a.body.value("tracking_code", ""));
  ASSERT_EQ(view.status, 200);
  EXPECT_EQ(view.raw.find("<script"), std::string::npos);
  // Text staff wrote into a notice is escaped on the page.
  announceWaterCut("<script>alert(3)</script>停水通知");
  auto page = send("GET", "/r/binhe-01");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.raw.find("<script>alert(3)"), std::string::npos);
  EXPECT_NE(page.raw.find("&lt;script&gt;alert(3)&lt;/script&gt;停水通知"), std::string::npos);
}

class PublicFloodE2E : public PublicE2E {
 protected:
  nlohmann::json publicSettings() override {
    return {{"ip_limit", 5}, {"phone_limit", 2}, {"lookup_limit", 8}, {"window_s", 600}};
  }
};

TEST_F(PublicFloodE2E, GuessingTrackingCodesIsHeldBackToo) {
  int held = 0;
  for (int i = 0; i < 12; ++i) {
    auto a = track("ABCDEFGHJKMNPQR" + std::string(1, "23456789ABCD"[i]));
    if (a.status == 429) {
      ++held;
      EXPECT_FALSE(a.retry_after.empty());
    } else {
      EXPECT_EQ(a.status, 404);
    }
  }
  EXPECT_EQ(held, 4);
}

TEST_F(PublicFloodE2E, AFloodFromOneAddressIs429WithRetryAfterAndStoresNothing) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(report({{"grid_id", "binhe-01"}, {"text", "滨悦新城3号楼楼道灯坏了"}}).status, 201) << i;
  }
  const int64_t messages = messageCount();
  auto held = report({{"grid_id", "binhe-01"}, {"text", "滨悦新城3号楼楼道灯坏了"}});
  EXPECT_EQ(held.status, 429) << held.raw;
  ASSERT_FALSE(held.retry_after.empty());
  EXPECT_GT(std::stoi(held.retry_after), 0);
  EXPECT_LE(std::stoi(held.retry_after), 600);
  EXPECT_EQ(messageCount(), messages);
}

TEST_F(PublicFloodE2E, OneMobileNumberIsLimitedOnItsOwn) {
  const nlohmann::json body = {{"grid_id", "binhe-01"}, {"text", "滨悦新城3号楼楼道灯坏了"}, {"phone", kResident}};
  EXPECT_EQ(report(body).status, 201);
  EXPECT_EQ(report(body).status, 201);
  auto held = report(body);
  EXPECT_EQ(held.status, 429);
  EXPECT_FALSE(held.retry_after.empty());
  EXPECT_EQ(report({{"grid_id", "binhe-01"}, {"text", "滨悦新城3号楼楼道灯坏了"}}).status, 201) << "without the number";
}

}  // namespace
}  // namespace gg::test

namespace gg::test {
namespace {

TEST_F(PublicE2E, TheServedCodeIsTheGridsPageAtTheRequestsHost) {
  auto svg = send("GET", "/r/binhe-01/qr.svg");
  ASSERT_EQ(svg.status, 200);
  EXPECT_EQ(svg.content_type, "image/svg+xml");
  EXPECT_NE(svg.raw.find("<svg"), std::string::npos);
  EXPECT_EQ(send("GET", "/r/nowhere/qr.svg").status, 404);
  if (std::system("command -v zbarimg >/dev/null 2>&1") != 0) GTEST_SKIP() << "zbarimg (zbar-tools) is not installed";
  const std::string path = tmp_.file("served.svg");
  {
    std::ofstream f(path, std::ios::binary);
    f << svg.raw;
  }
  FILE* p = ::popen(("zbarimg -q --raw '" + path + "' 2>/dev/null").c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[256] = {0};
  const size_t n = std::fread(buf, 1, sizeof buf - 1, p);
  ::pclose(p);
  std::string text(buf, n);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  EXPECT_EQ(text, "http://127.0.0.1:" + std::to_string(gateway_->port()) + "/r/binhe-01");
}

}  // namespace
}  // namespace gg::test
