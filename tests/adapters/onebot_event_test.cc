#include "adapters/onebot/onebot_event.h"

#include <gtest/gtest.h>

#include "tests/adapters/shared_vectors.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

const char* kGroupBody =
    R"({"time":1515204254,"self_id":10001000,"post_type":"message","message_type":"group",)"
    R"("sub_type":"normal","message_id":13,"group_id":123456,"user_id":12345678,)"
    R"("anonymous":null,"message":"[CQ:at,qq=10001000] 你好, 机器人 &#91;测试&#93; &amp; 再见",)"
    R"("raw_message":"x","font":0,"sender":{"user_id":12345678,"nickname":"小不点",)"
    R"("card":"群名片","role":"member"}})";

TEST(OneBotSignature, SelfMadeVector) {
  std::string sig = oneBotSignature("k", "body");
  EXPECT_EQ(sig.substr(0, 5), "sha1=");
  EXPECT_OK(verifyOneBotSignature("k", "body", sig));
  EXPECT_EQ(verifyOneBotSignature("k", "body!", sig).code(), Code::kUnauthenticated);
  EXPECT_EQ(verifyOneBotSignature("k", "body", "").code(), Code::kUnauthenticated);
  EXPECT_EQ(verifyOneBotSignature("k", "body", "sha1=00").code(), Code::kUnauthenticated);
  EXPECT_OK(verifyOneBotSignature("", "anything", ""));  // signing off
}

TEST(OneBotSignature, OfficialDerivedVectors) {
  auto v = testing::loadProtocolVectors("onebot_v11_events.json");
  if (!v) GTEST_SKIP() << "GRIDGATE_SHARED_DIR not available";
  for (const char* name : {"group_message_event_synthetic", "private_message_event_spec_body"}) {
    const auto& d = (*v)["derived"][name];
    std::string body = d["body"];
    std::string secret = d["secret"];
    std::string expected = d["expected_x_signature"];
    EXPECT_EQ(oneBotSignature(secret, body), expected) << name;
    EXPECT_OK(verifyOneBotSignature(secret, body, expected)) << name;
  }
}

TEST(OneBotEvent, GroupMessageWithBotMentionAndEscapes) {
  auto r = parseOneBotEvent(kGroupBody);
  ASSERT_OK(r);
  ASSERT_TRUE(r->has_value());
  const InboundEnvelope& e = **r;
  EXPECT_EQ(e.channel, Channel::kOneBot);
  EXPECT_EQ(e.account, "10001000");
  EXPECT_EQ(e.platform_msg_id, "13");
  EXPECT_EQ(e.chat_type, ChatType::kGroup);
  EXPECT_EQ(e.group_id, "123456");
  EXPECT_EQ(e.sender_id, "12345678");
  EXPECT_EQ(e.sender_name, "群名片");
  EXPECT_EQ(e.sender_role, "member");
  EXPECT_TRUE(e.mentions_bot);
  EXPECT_FALSE(e.from_self);
  EXPECT_EQ(e.text, "你好, 机器人 [测试] & 再见");
  EXPECT_EQ(e.sent_at, 1515204254000);
}

TEST(OneBotEvent, SpecPrivateMessage) {
  auto v = testing::loadProtocolVectors("onebot_v11_events.json");
  if (!v) GTEST_SKIP() << "GRIDGATE_SHARED_DIR not available";
  auto r = parseOneBotEvent(
      (*v)["derived"]["private_message_event_spec_body"]["body"].get<std::string>());
  ASSERT_OK(r);
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->chat_type, ChatType::kPrivate);
  EXPECT_EQ((*r)->text, "你好～");
  EXPECT_EQ((*r)->sender_name, "小不点");
  EXPECT_EQ((*r)->platform_msg_id, "12");
}

TEST(OneBotEvent, SegmentArrayWithReplyImageFaceAndOtherMention) {
  std::string body =
      R"({"self_id":1,"post_type":"message","message_type":"group","message_id":-5,)"
      R"("group_id":9,"user_id":2,"sender":{"nickname":"老王","role":"admin"},)"
      R"("message":[{"type":"reply","data":{"id":"77"}},)"
      R"({"type":"at","data":{"qq":"3"}},{"type":"text","data":{"text":" 楼道灯[坏了]"}},)"
      R"({"type":"image","data":{"file":"a.jpg"}},{"type":"face","data":{"id":"1"}}]})";
  auto r = parseOneBotEvent(body);
  ASSERT_OK(r);
  const InboundEnvelope& e = **r;
  EXPECT_EQ(e.reply_to, "77");
  EXPECT_FALSE(e.mentions_bot);
  EXPECT_EQ(e.text, "@3 楼道灯[坏了][图片][表情]");
  EXPECT_EQ(e.sender_name, "老王");
  EXPECT_EQ(e.sender_role, "admin");
  EXPECT_EQ(e.platform_msg_id, "-5");
}

TEST(OneBotEvent, NonMessageEventsAreIgnored) {
  for (const char* body :
       {R"({"post_type":"meta_event","meta_event_type":"heartbeat","self_id":1,"interval":15000})",
        R"({"post_type":"notice","notice_type":"group_increase","self_id":1})",
        R"({"post_type":"request","request_type":"friend","self_id":1})"}) {
    auto r = parseOneBotEvent(body);
    ASSERT_OK(r) << body;
    EXPECT_FALSE(r->has_value()) << body;
  }
}

TEST(OneBotEvent, OwnMessageIsFlagged) {
  auto r = parseOneBotEvent(R"({"self_id":1,"post_type":"message","message_type":"private",)"
                            R"("message_id":1,"user_id":1,"message":"hi"})");
  ASSERT_OK(r);
  EXPECT_TRUE((*r)->from_self);
}

TEST(OneBotEvent, HostileInputIsInvalidArgument) {
  std::string bad_utf8 =
      std::string(
          R"({"self_id":1,"post_type":"message","message_type":"private","message_id":1,"user_id":2,"message":")") +
      "\xff\xfe" + "\"}";
  for (
      const std::string& body : std::vector<std::string>{
          "", "{", "[]", "not json", bad_utf8,
          R"({"post_type":"message","message_type":"group","message_id":1,"user_id":2,"group_id":3,"message":"x"})",
          R"({"self_id":1,"post_type":"message","message_type":"group","message_id":1,"user_id":2,"message":"x"})",
          R"({"self_id":1,"post_type":"message","message_type":"private","user_id":2,"message":"x"})",
          R"({"self_id":1,"post_type":"message","message_type":"private","message_id":1,"user_id":2})",
          R"({"self_id":1,"post_type":"message","message_type":"private","message_id":1,"user_id":2,"message":5})",
          R"({"self_id":1,"post_type":"message","message_type":"channel","message_id":1,"user_id":2,"message":"x"})"}) {
    auto r = parseOneBotEvent(body);
    EXPECT_FALSE(r.isOk()) << body;
    if (!r.isOk()) {
      EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << body;
    }
  }
}

// The remote crash found from outside: a 20-digit string id passed the adapter and aborted the
// sender later. Every id that cannot be addressed is refused at the door.
TEST(OneBotEvent, UnaddressableIdsAreRefused) {
  auto event = [](const std::string& self, const std::string& msg, const std::string& user,
                  const std::string& group) {
    return R"({"self_id":)" + self +
           R"(,"post_type":"message","message_type":"group","message_id":)" + msg +
           R"(,"user_id":)" + user + R"(,"group_id":)" + group + R"(,"message":"x"})";
  };
  const std::vector<std::string> bad = {
      R"("12345678901234567890")",  // 20 digits as a string: the original crash
      "12345678901234567890",       // >= 2^63 as a number: used to wrap
      "9223372036854775808",        // INT64_MAX + 1
      "1e5",
      "1.5",
      R"("12a")",
      R"("")",
      R"(" 12")",
      R"("+12")",
      R"("007")",
      "true",
      "null",
      "[1]",
      "{}",
  };
  for (const std::string& b : bad) {
    for (int field = 0; field < 4; ++field) {
      std::string v[4] = {"1", "7", "2", "3"};
      v[field] = b;
      auto r = parseOneBotEvent(event(v[0], v[1], v[2], v[3]));
      EXPECT_FALSE(r.isOk()) << "field " << field << " = " << b;
      if (!r.isOk()) {
        EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
      }
    }
  }
  // Negative or zero user/group/account ids can never be addressed; a negative message id can.
  for (const char* b : {"-5", R"("-5")", "0"}) {
    EXPECT_FALSE(parseOneBotEvent(event("1", "7", b, "3")).isOk()) << b;
    EXPECT_FALSE(parseOneBotEvent(event("1", "7", "2", b)).isOk()) << b;
    EXPECT_FALSE(parseOneBotEvent(event(b, "7", "2", "3")).isOk()) << b;
  }
  auto neg = parseOneBotEvent(event("1", "-2147483000", "2", "3"));
  ASSERT_OK(neg);
  EXPECT_EQ((*neg)->platform_msg_id, "-2147483000");
  // Largest valid ids, as numbers or strings, come out in one canonical decimal form.
  auto big = parseOneBotEvent(event(R"("9223372036854775807")", "7", "9223372036854775807", "3"));
  ASSERT_OK(big);
  EXPECT_EQ((*big)->account, "9223372036854775807");
  EXPECT_EQ((*big)->sender_id, "9223372036854775807");
}

TEST(OneBotEvent, ForgedReplyIdIsDroppedNotEchoed) {
  auto r = parseOneBotEvent(
      R"({"self_id":1,"post_type":"message","message_type":"group","message_id":5,"user_id":2,)"
      R"("group_id":3,"message":[{"type":"reply","data":{"id":"1],[CQ:at,qq=all"}},)"
      R"({"type":"text","data":{"text":"hi"}}]})");
  ASSERT_OK(r);
  EXPECT_EQ((*r)->reply_to, "");
}

}  // namespace
}  // namespace gg
