// End to end: what residents hear back without a ticket, and lines that must be read right —
// notice answers, ratings out of range, masked ID numbers, resolved reports, urges and threats,
// routing by compound and building.

#include "tests/bot/pipeline_fixture.h"
#include "tests/support/status_matchers.h"

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
    if (r.source_kind == SourceKind::kReply && r.message.target == std::to_string(kBinhe01Group)) {
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

// An ID number in a need is neither a fire emergency (119 inside it) nor shown to the worker.
TEST_F(PipelineE2E, IdNumberIsMaskedForTheWorkerAndIsNotAnEmergency) {
  ASSERT_EQ(postGroup(kResidentA, 851,
                      "滨悦新城3号楼电梯坏了，我身份证370283199001011195，电话13812345678"),
            204);
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

// Every call reaches a person: a call that opens with a greeting and says nothing a rule
// understands is still a ticket, and the caller hears back by SMS.
TEST_F(PipelineE2E, GreetingLedCallStillBecomesATicketAndTheCallerHearsBack) {
  ASSERT_EQ(postHotline("call-greet-1", "13800001111",
                        "喂，你好你好，嗯，那个，就是说我有个事想反映一下"),
            200);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].reporter_channel, Channel::kHotline);
  deliver();
  std::lock_guard<std::mutex> l(sms_mu_);
  ASSERT_FALSE(sms_sent_.empty());
  EXPECT_EQ(sms_sent_[0]["to"], "13800001111");
}

// A complaint about a matter that is still not fixed is a need: it opens (or joins) a ticket.
TEST_F(PipelineE2E, ComplaintAboutAnUnfixedProblemOpensATicket) {
  ASSERT_EQ(postGroup(kResidentA, 871,
                      "滨悦新城3号楼电梯坏了一个礼拜了，反映了三次都没人管，你们到底管不管"),
            204);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u) << "a complaint about an unfixed lift must reach a worker";
  ASSERT_EQ(postGroup(kResidentB, 872, "滨悦新城3号楼电梯还是坏的，物业一直拖着不修，太不像话了"),
            204);
  EXPECT_EQ(allTickets().size(), 1u);  // the second joins the first
  EXPECT_EQ(ticket(tickets[0].id).reporters, 2);
}

// A question about an announced water cut gets the notice's answer, not a water-company ticket.
TEST_F(PipelineE2E, WaterCutQuestionAfterTheNoticeGetsItsAnswerNotATicket) {
  std::filesystem::copy_file(test::demoConfig() + "/notices.json", config_ + "/notices.json");
  restartGateway();
  deliver();
  ASSERT_EQ(postGroup(kResidentA, 1401, "停水到几点？"), 204);
  int answers = 0;
  for (const auto& r : outbox()) {
    if (r.source_kind == SourceKind::kReply && r.message.target == std::to_string(kBinhe01Group)) ++answers;
  }
  EXPECT_EQ(answers, 1);
  EXPECT_TRUE(allTickets().empty());
}

std::vector<TicketEvent> eventsOf(Gateway& g, int64_t id) {
  std::vector<TicketEvent> out;
  EXPECT_OK(g.store().read([&](Tx& tx) {
    out = *tx.tickets().events(id);
    return Status::ok();
  }));
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
  ASSERT_EQ(postHotline("call-water-1", "13800002222",
                        "喂，你好，我是滨悦新城5号楼的，停水到几点能来水啊"),
            200);
  EXPECT_TRUE(allTickets().empty());
  deliver();
  std::lock_guard<std::mutex> l(sms_mu_);
  ASSERT_EQ(sms_sent_.size(), 1u);
  EXPECT_EQ(sms_sent_[0]["to"], "13800002222");
  EXPECT_NE(sms_sent_[0]["text"].get<std::string>().find("停水"), std::string::npos)
      << sms_sent_[0].dump();
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
  for (const auto& e : eventsOf(*gateway_, id))
    recorded = recorded || e.action == "resident_resolved";
  EXPECT_TRUE(recorded);
  bool told = false;
  for (const auto& r : outbox())
    told = told || r.message.text.find("居民说问题已经解决") != std::string::npos;
  EXPECT_TRUE(told);
}

// A complaint about the open ticket urges its owner; one threatening 12345 moves it up at once.
TEST_F(PipelineE2E, ComplaintUrgesTheOpenTicketAndAThreatEscalatesIt) {
  ASSERT_EQ(postGroup(kResidentA, 1601, "滨悦新城3号楼楼道灯坏了"), 204);
  ASSERT_EQ(allTickets().size(), 1u);
  const int64_t id = allTickets()[0].id;
  clock_.advance(3 * kDay);  // far past the duplicate window: still the same open matter
  ASSERT_EQ(postGroup(kResidentB, 1602, "滨悦新城3号楼楼道灯坏了好几天了，反映了好几次都没人管"),
            204);
  ASSERT_EQ(allTickets().size(), 1u);
  EXPECT_EQ(ticket(id).reporters, 2);
  int urges = 0;
  for (const auto& e : eventsOf(*gateway_, id)) urges += e.action == "urge";
  EXPECT_EQ(urges, 1);
  bool urged = false;
  for (const auto& r : outbox())
    urged = urged || r.message.text.find("【居民催办】") != std::string::npos;
  EXPECT_TRUE(urged);
  const Level level = ticket(id).level;
  ASSERT_EQ(postGroup(kResidentB, 1603, "滨悦新城3号楼楼道灯还是坏的，再不修我就打12345投诉你们"),
            204);
  EXPECT_EQ(allTickets().size(), 1u);
  EXPECT_NE(ticket(id).level, level) << "a threat to go to 12345 moves the ticket up";
}

// A road that runs through several grids is not guessed: the call waits at the community with the
// candidates named.
TEST_F(PipelineE2E, StreetSharedByGridsGoesUnroutedWithTheCandidates) {
  ASSERT_EQ(postHotline("call-road-1", "13800003333", "滨河路上的路灯坏了好几盏，晚上黑乎乎的"),
            200);
  auto tickets = allTickets();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_TRUE(tickets[0].grid_id.empty());
  EXPECT_EQ(tickets[0].community_id, "binhe");
  EXPECT_EQ(tickets[0].assignee_kind, AssigneeKind::kCommunity);
  for (const char* grid : {"滨河社区第一网格", "滨河社区第二网格", "滨河社区第四网格"}) {
    EXPECT_NE(tickets[0].unrouted_reason.find(grid), std::string::npos)
        << tickets[0].unrouted_reason;
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
