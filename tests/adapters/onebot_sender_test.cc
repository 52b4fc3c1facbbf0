#include "adapters/onebot/onebot_sender.h"

#include <gtest/gtest.h>

#include "adapters/onebot/cq_code.h"
#include "adapters/onebot/onebot_action.h"
#include "tests/fakes/fake_onebot_client.h"

namespace gg {
namespace {

using fakes::FakeFault;
using fakes::FakeOneBotClient;
using Kind = SendOutcome::Kind;

constexpr HttpTimeouts kFast{500, 500};

OutboundMessage groupMsg(std::string text) {
  OutboundMessage m;
  m.channel = Channel::kOneBot;
  m.target_kind = TargetKind::kGroup;
  m.target = "123456";
  m.text = std::move(text);
  return m;
}

TEST(OneBotSender, DeliversGroupMessageWithMentionReplyAndEscapedText) {
  FakeOneBotClient fake("tok");
  fake.start();
  OneBotSender sender(fake.baseUrl(), "tok", kFast);
  OutboundMessage m = groupMsg("已收到 [CQ:at,qq=all] & 谢谢");
  m.mention_user_ids = {"42"};
  m.reply_to = "-99";
  SendOutcome out = sender.send(m, "k1");
  ASSERT_EQ(out.kind, Kind::kDelivered) << out.error;
  auto calls = fake.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].action, "send_group_msg");
  EXPECT_EQ(calls[0].body["group_id"], 123456);
  EXPECT_EQ(out.platform_msg_id, std::to_string(calls[0].message_id));
  std::string sent = calls[0].body["message"];
  EXPECT_EQ(sent, "[CQ:reply,id=-99][CQ:at,qq=42] 已收到 &#91;CQ:at,qq=all&#93; &amp; 谢谢");
  // Parsing what was sent yields exactly one at (ours), never an injected @all.
  int ats = 0;
  for (const auto& seg : parseCqString(sent)) {
    if (seg.type == "at") {
      ++ats;
      EXPECT_EQ(seg.data.at("qq"), "42");
    }
  }
  EXPECT_EQ(ats, 1);
}

TEST(OneBotSender, PrivateMessage) {
  FakeOneBotClient fake("tok");
  fake.start();
  OneBotSender sender(fake.baseUrl(), "tok", kFast);
  OutboundMessage m = groupMsg("hi");
  m.target_kind = TargetKind::kUser;
  m.target = "777";
  ASSERT_EQ(sender.send(m, "k").kind, Kind::kDelivered);
  EXPECT_EQ(fake.calls().at(0).action, "send_private_msg");
  EXPECT_EQ(fake.calls().at(0).body["user_id"], 777);
}

TEST(OneBotSender, WrongTokenIsPermanent) {
  FakeOneBotClient fake("tok");
  fake.start();
  EXPECT_EQ(OneBotSender(fake.baseUrl(), "bad", kFast).send(groupMsg("x"), "k").kind,
            Kind::kPermanent);
  EXPECT_EQ(OneBotSender(fake.baseUrl(), "", kFast).send(groupMsg("x"), "k").kind,
            Kind::kPermanent);
  EXPECT_EQ(fake.authFailures(), 2);
  EXPECT_TRUE(fake.calls().empty());
}

TEST(OneBotSender, FaultsClassifiedThenSuccess) {
  FakeOneBotClient fake("tok");
  fake.start();
  OneBotSender sender(fake.baseUrl(), "tok", kFast);
  fake.injectFault(FakeFault::kServerError, 1);
  fake.injectFault(FakeFault::kRateLimited, 1);
  fake.injectFault(FakeFault::kTimeout, 1, 1200);
  EXPECT_EQ(sender.send(groupMsg("x"), "k").kind, Kind::kRetry);  // 500
  EXPECT_EQ(sender.send(groupMsg("x"), "k").kind, Kind::kRetry);  // 429
  EXPECT_EQ(sender.send(groupMsg("x"), "k").kind, Kind::kRetry);  // read timeout
  EXPECT_EQ(sender.send(groupMsg("x"), "k").kind, Kind::kDelivered);
  fake.injectFault(FakeFault::kSlow, 1, 100);  // slower, but inside the timeout
  EXPECT_EQ(sender.send(groupMsg("x"), "k").kind, Kind::kDelivered);
  EXPECT_EQ(fake.calls().size(), 2u);
}

TEST(OneBotSender, ConnectionRefusedIsRetry) {
  FakeOneBotClient fake("tok");
  fake.start();
  std::string url = fake.baseUrl();
  fake.stop();
  SendOutcome out = OneBotSender(url, "tok", kFast).send(groupMsg("x"), "k");
  EXPECT_EQ(out.kind, Kind::kRetry);
  EXPECT_FALSE(out.error.empty());
}

TEST(OneBotSender, BadTargetsArePermanentWithoutNetwork) {
  OneBotSender sender("http://127.0.0.1:1", "tok", kFast);
  OutboundMessage m = groupMsg("x");
  m.target = "12a";
  EXPECT_EQ(sender.send(m, "k").kind, Kind::kPermanent);
  m = groupMsg("x");
  m.mention_user_ids = {"1],[CQ:at,qq=all"};
  EXPECT_EQ(sender.send(m, "k").kind, Kind::kPermanent);
  m = groupMsg(std::string(4000, 'a'));
  EXPECT_EQ(sender.send(m, "k").kind, Kind::kPermanent);
}

// No send path may throw: ids that reached a row somehow (an older build, a hand-edited row)
// are dead-lettered with a reason instead of aborting the dispatcher.
TEST(OneBotSender, OutOfRangeIdsNeverThrow) {
  OneBotSender sender("http://127.0.0.1:1", "tok", kFast);
  for (const char* target : {"12345678901234567890", "9223372036854775808", "-1", "0", "", "1e3"}) {
    OutboundMessage m = groupMsg("x");
    m.target = target;
    SendOutcome out;
    EXPECT_NO_THROW(out = sender.send(m, "k")) << target;
    EXPECT_EQ(out.kind, Kind::kPermanent) << target;
  }
  OutboundMessage m = groupMsg("x");
  m.reply_to = "123456789012345678901234";
  EXPECT_EQ(sender.send(m, "k").kind, Kind::kPermanent);
  m = groupMsg("x");
  m.mention_user_ids = {"99999999999999999999"};
  EXPECT_EQ(sender.send(m, "k").kind, Kind::kPermanent);
}

TEST(OneBotSender, FindsAMessageTheGroupsHistoryShowsAndOnlyThat) {
  FakeOneBotClient fake("tok");
  fake.start();
  OneBotSender sender(fake.baseUrl(), "tok", kFast);
  const OutboundMessage m = groupMsg("工单1001已受理 [CQ:at,qq=all]");
  EXPECT_EQ(sender.findSent(m, 0).kind, SentLookup::Kind::kAbsent);
  ASSERT_EQ(sender.send(m, "k").kind, Kind::kDelivered);
  const SentLookup seen = sender.findSent(m, 0);
  ASSERT_EQ(seen.kind, SentLookup::Kind::kFound);
  EXPECT_EQ(seen.platform_msg_id, std::to_string(fake.calls()[0].message_id));
  // Another text, another group, or a time before the attempt: not that message.
  EXPECT_EQ(sender.findSent(groupMsg("工单1002已受理"), 0).kind, SentLookup::Kind::kAbsent);
  OutboundMessage elsewhere = m;
  elsewhere.target = "654321";
  EXPECT_EQ(sender.findSent(elsewhere, 0).kind, SentLookup::Kind::kAbsent);
  EXPECT_EQ(sender.findSent(m, (fake.calls()[0].at_ms / 1000 + 2) * 1000).kind, SentLookup::Kind::kAbsent);
  // A private chat has no history to read; a wrong token cannot read it.
  OutboundMessage private_msg = m;
  private_msg.target_kind = TargetKind::kUser;
  EXPECT_EQ(sender.findSent(private_msg, 0).kind, SentLookup::Kind::kUnknown);
  OneBotSender stranger(fake.baseUrl(), "wrong", kFast);
  EXPECT_EQ(stranger.findSent(m, 0).kind, SentLookup::Kind::kUnknown);
  EXPECT_EQ(fake.calls().size(), 1u) << "a history read is not a send";
}

TEST(OneBotHistory, OnlyTheBotsOwnPostCountsAndAFailedReadCannotTell) {
  const std::string cq = "已收到";
  auto answer = [&](nlohmann::json user_id) {
    return nlohmann::json{{"status", "ok"}, {"retcode", 0},
                          {"data", {{"messages", {{{"message_id", 77}, {"time", 1764900000}, {"self_id", 3000000001LL},
                                                   {"user_id", user_id}, {"raw_message", cq}}}}}}};
  };
  EXPECT_EQ(findInHistory(answer(3000000001LL), cq, 1764900000000).platform_msg_id, "77");
  // A resident who typed the same words is not the bot.
  EXPECT_EQ(findInHistory(answer(13000000001LL), cq, 1764900000000).kind, SentLookup::Kind::kAbsent);
  // An implementation without the action, or an answer that is not one.
  EXPECT_EQ(findInHistory({{"status", "failed"}, {"retcode", 1404}}, cq, 0).kind, SentLookup::Kind::kUnknown);
  EXPECT_EQ(findInHistory({{"status", "ok"}, {"retcode", 0}, {"data", {{"messages", "x"}}}}, cq, 0).kind,
            SentLookup::Kind::kUnknown);
  EXPECT_EQ(findInHistory(nlohmann::json(), cq, 0).kind, SentLookup::Kind::kUnknown);
}

}  // namespace
}  // namespace gg
