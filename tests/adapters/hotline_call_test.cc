#include "adapters/hotline/hotline_call.h"
#include "tests/support/status_matchers.h"

#include <gtest/gtest.h>

namespace gg {
namespace {

const char* kCall =
    R"({"call_id":"c-1","caller":"13812345678","started_at":"2026-05-01T09:00:00+08:00",
 "segments":[
  {"speaker":"caller","text":"三号楼","start_ms":3000,"end_ms":4000,"final":true},
  {"speaker":"agent","text":"您好","start_ms":0,"end_ms":900,"final":true},
  {"speaker":"caller","text":"电梯","start_ms":1000,"end_ms":1500,"final":false},
  {"speaker":"caller","text":"我家电梯坏了","start_ms":1000,"end_ms":2500,"final":true}]})";

TEST(HotlineCall, OnlyFinalCallerSpeechInOrder) {
  auto r = parseHotlineCallText(kCall);
  ASSERT_OK(r);
  EXPECT_EQ(r->channel, Channel::kHotline);
  EXPECT_EQ(r->account, "hotline");
  EXPECT_EQ(r->chat_type, ChatType::kCall);
  EXPECT_EQ(r->platform_msg_id, "c-1");
  EXPECT_EQ(r->sender_id, "13812345678");
  EXPECT_TRUE(r->asr);
  EXPECT_EQ(r->text, "我家电梯坏了 三号楼");
  Millis expected = 0;
  ASSERT_TRUE(parseIsoTime("2026-05-01T09:00:00+08:00", &expected));
  EXPECT_EQ(r->sent_at, expected);
}

TEST(HotlineCall, CountryPrefixDropped) {
  auto j = nlohmann::json::parse(kCall);
  j["caller"] = "+8613812345678";
  auto r = parseHotlineCall(j);
  ASSERT_OK(r);
  EXPECT_EQ(r->sender_id, "13812345678");
}

TEST(HotlineCall, BadCallsAreInvalidArgument) {
  auto base = nlohmann::json::parse(kCall);
  std::vector<std::function<void(nlohmann::json&)>> breakers = {
      [](auto& j) { j.erase("call_id"); },
      [](auto& j) { j["call_id"] = 5; },
      [](auto& j) { j["caller"] = "hello"; },
      [](auto& j) { j["started_at"] = "yesterday"; },
      [](auto& j) { j["segments"] = "x"; },
      [](auto& j) { j["segments"][0]["speaker"] = "robot"; },
      [](auto& j) { j["segments"][0].erase("final"); },
      [](auto& j) { j["segments"][0]["end_ms"] = 1; },
      [](auto& j) { j["segments"] = nlohmann::json::array(); },
      [](auto& j) {
        for (auto& s : j["segments"]) s["final"] = false;
      },
  };
  for (size_t i = 0; i < breakers.size(); ++i) {
    auto j = base;
    breakers[i](j);
    auto r = parseHotlineCall(j);
    EXPECT_FALSE(r.isOk()) << i;
    if (!r.isOk()) {
      EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << i;
    }
  }
  EXPECT_FALSE(parseHotlineCallText("{").isOk());
  EXPECT_FALSE(parseHotlineCallText("\"\xff\"").isOk());
  EXPECT_EQ(parseHotlineCallText(std::string(kMaxHotlineCallBytes + 1, ' ')).status().code(),
            Code::kTooLarge);
}

}  // namespace
}  // namespace gg
