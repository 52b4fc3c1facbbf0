// SMS both ways, end to end (issue 12): POST /hooks/sms with the gateway's token; a rating, a
// 未解决, a TD and a plain need each do what they say; bad input changes nothing.

#include "tests/bot/reach_fixture.h"
#include "tests/support/status_matchers.h"

namespace gg::test {
namespace {

constexpr const char* kCaller = "13812345678";

class SmsE2E : public ReachE2E {
 protected:
  // A hotline call opens ticket 1001, the assignee accepts and resolves it through the API, and
  // the caller is asked by SMS to rate it.
  void callResolveAndAskForRating() {
    ASSERT_EQ(postHotline("call-1", kCaller, "滨悦新城3号楼电梯坏了，老人下不了楼"), 200);
    const std::string admin = token("admin");
    int status = 0;
    api("POST", "/api/tickets/1001/accept", admin, "{}", &status);
    ASSERT_EQ(status, 200);
    api("POST", "/api/tickets/1001/resolve", admin, R"({"note": "已联系物业修好电梯"})", &status);
    ASSERT_EQ(status, 200);
    deliver();
    bool asked = false;
    for (const auto& t : sms_.textsTo(kCaller)) asked |= t.find("评价 1001") != std::string::npos;
    ASSERT_TRUE(asked) << "the caller was asked to rate by SMS";
  }
};

TEST_F(SmsE2E, BadTokenIs401AndBadBodyIs400AndNothingIsStored) {
  const std::string good =
      nlohmann::json{{"id", "g-1"}, {"from", kCaller}, {"text", "电梯坏了"}}.dump();
  EXPECT_EQ(postSms(good, ""), 401);
  EXPECT_EQ(postSms(good, "wrong"), 401);
  EXPECT_EQ(postSms("{not json"), 400);
  EXPECT_EQ(postSms(R"({"id": "g-2", "from": "0531-86601234", "text": "电梯坏了"})"),
            400);  // a landline
  EXPECT_EQ(postSms(R"({"id": "g-3", "from": "13812345678", "text": ""})"), 400);
  EXPECT_EQ(postSms(R"({"from": "13812345678", "text": "电梯坏了"})"), 400);
  EXPECT_EQ(postSms(R"({"id": "g-4", "from": "13812345678", "text": "电梯坏了", "extra": "x"})"),
            400);
  EXPECT_EQ(
      postSms(
          R"({"id": "g-5", "from": "13812345678", "text": "电梯坏了", "received_at": "yesterday"})"),
      400);
  EXPECT_EQ(messageCount(), 0);
  deliver();
  EXPECT_TRUE(sms_.sent().empty());
}

TEST_F(SmsE2E, APlainNeedIsUnderstoodRoutedAndAnsweredBySmsAndTheSameIdTwiceIsOnce) {
  const std::string body = nlohmann::json{{"id", "gw-100"},
                                          {"from", kCaller},
                                          {"text", "滨悦新城3号楼电梯坏了"},
                                          {"received_at", "2026-11-24T09:59:00+08:00"}}
                               .dump();
  ASSERT_EQ(postSms(body), 200);
  ASSERT_EQ(postSms(body), 200);
  EXPECT_EQ(messageCount(), 1);
  const TicketRecord t = ticket(1001);
  EXPECT_EQ(t.reporter_channel, Channel::kSms);
  EXPECT_EQ(t.grid_id, "binhe-01");
  deliver();
  const auto texts = sms_.textsTo(kCaller);
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_NE(texts[0].find("1001"), std::string::npos) << texts[0];
}

TEST_F(SmsE2E, ABareFiveAfterTheRatingRequestRatesTheCallersTicket) {
  callResolveAndAskForRating();
  ASSERT_EQ(postSms("gw-5", kCaller, "5"), 200);
  const TicketRecord t = ticket(1001);
  EXPECT_EQ(t.rating, 5);
  EXPECT_EQ(t.status, TicketStatus::kClosed);
  deliver();
  bool thanked = false;
  for (const auto& s : sms_.textsTo(kCaller)) thanked |= s.find("感谢") != std::string::npos;
  EXPECT_TRUE(thanked);
}

TEST_F(SmsE2E, TheChatGrammarRatesToo) {
  callResolveAndAskForRating();
  ASSERT_EQ(postSms("gw-6", kCaller, "评价 1001 4"), 200);
  EXPECT_EQ(ticket(1001).rating, 4);
}

TEST_F(SmsE2E, NotSolvedReopensTheTicket) {
  callResolveAndAskForRating();
  ASSERT_EQ(postSms("gw-7", kCaller, "未解决 1001 电梯还是停在三楼不动"), 200);
  const TicketRecord t = ticket(1001);
  EXPECT_EQ(t.reopen_count, 1);
  EXPECT_NE(t.status, TicketStatus::kResolved);
  EXPECT_NE(t.status, TicketStatus::kClosed);
}

TEST_F(SmsE2E, AnotherNumberCannotRateSomeoneElsesTicket) {
  callResolveAndAskForRating();
  ASSERT_EQ(postSms("gw-8", "13912345678", "评价 1001 1"), 200);
  EXPECT_EQ(ticket(1001).rating, 0);
  EXPECT_EQ(ticket(1001).status, TicketStatus::kResolved);
}

TEST_F(SmsE2E, TdOptsTheNumberOutOnceAndIsConfirmedOnce) {
  ASSERT_EQ(postSms("gw-9", kCaller, "TD"), 200);
  ASSERT_EQ(postSms("gw-10", kCaller, "退订"), 200);
  bool out = false;
  ASSERT_OK(gateway_->store().read([&](Tx& tx) {
    out = *tx.subscribers().isOptedOut(kCaller);
    return Status::ok();
  }));
  EXPECT_TRUE(out);
  deliver();
  const auto texts = sms_.textsTo(kCaller);
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_NE(texts[0].find("退订"), std::string::npos) << texts[0];
  EXPECT_EQ(messageCount(), 2);  // both stored; no ticket
  bool any_ticket = true;
  ASSERT_OK(gateway_->store().read([&](Tx& tx) {
    any_ticket = tx.tickets().get(1001)->has_value();
    return Status::ok();
  }));
  EXPECT_FALSE(any_ticket);
}

}  // namespace
}  // namespace gg::test
