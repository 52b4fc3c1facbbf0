// Hostile input on POST /hooks/onebot: signatures (missing, wrong, tampered, another scheme),
// replays of a stored event, invalid UTF-8, oversized and deeply nested bodies, and every field
// of a valid group event replaced by a value of the wrong type or range. Each case checks the
// status and that no table changed. Last, CQ-code injection: whatever a resident types or calls
// themselves, what the bot sends carries no CQ code but its own reply and @ of numeric ids.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "tests/fakes/signing.h"
#include "tests/hostile/hostile_rig.h"

namespace gg::test {
namespace {

using nlohmann::json;
constexpr int64_t kSelf = 10001, kGroup = 81000101, kResident = 3900777;
const char* kNeed = "滨悦新城3号楼的楼道灯坏了，请派人来修";

json validEvent(int64_t message_id) {
  return json::parse(fakes::oneBotGroupEvent(kSelf, kGroup, kResident, message_id, kNeed, "居民"));
}

std::string post(const std::string& body, const std::string& signature) {
  std::vector<std::pair<std::string, std::string>> h;
  if (!signature.empty()) h.emplace_back("X-Signature", signature);
  return httpRequest("POST", "/hooks/onebot", h, body);
}

std::string signedPost(const std::string& body) {
  return post(body, fakes::signOneBotBody(HostileRig::kOneBotSecret, body));
}

TEST(OneBotHostile, BadSignaturesAre401) {
  auto& rig = HostileRig::get();
  const std::string body = validEvent(rig.nextMessageId()).dump();
  const std::string good = fakes::signOneBotBody(HostileRig::kOneBotSecret, body);
  std::string tampered = body;
  tampered.replace(tampered.find("楼道灯"), 9, "电梯间");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"missing", ""},
      {"wrong secret", fakes::signOneBotBody("not-the-secret", body)},
      {"empty sha1", "sha1="},
      {"no scheme", good.substr(5)},
      {"sha256 scheme", "sha256=" + good.substr(5)},
      {"truncated", good.substr(0, good.size() - 2)},
      {"other body", fakes::signOneBotBody(HostileRig::kOneBotSecret, body + " ")},
      {"garbage", "sha1=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"},
      {"two values", good + ", " + good},
      {"trailing junk", good + "00"},
  };
  for (const auto& [name, sig] : cases) runCase("onebot signature " + name, 401, post(body, sig));
  runCase("onebot signature of another body", 401, post(tampered, good));
}

TEST(OneBotHostile, ReplaysOfAStoredEventChangeNothing) {
  auto& rig = HostileRig::get();
  const std::string body = validEvent(rig.nextMessageId()).dump();
  const RawResponse first = rawHttp(rig.port(), signedPost(body));
  ASSERT_EQ(first.status, 204) << first.body;
  for (int i = 0; i < 5; ++i) runCase("onebot replay " + std::to_string(i), 204, signedPost(body));
}

TEST(OneBotHostile, InvalidUtf8OversizedAndNestedBodies) {
  auto& rig = HostileRig::get();
  for (const char* field : {"message", "raw_message", "post_type"}) {
    json e = validEvent(rig.nextMessageId());
    e[field] = "PLACEHOLDER";
    std::string body = e.dump();
    body.replace(body.find("PLACEHOLDER"), 11, "\xff\xfe\xc3");
    runCase(std::string("onebot invalid utf-8 in ") + field, 400, signedPost(body));
  }
  for (const std::string bad : {std::string("\xed\xa0\x80"), std::string("\xc0\xaf"), std::string("\xf8\x88\x80\x80\x80")}) {
    json e = validEvent(rig.nextMessageId());
    std::string body = e.dump();
    body.replace(body.find("楼道灯"), 9, bad);
    runCase("onebot overlong/surrogate utf-8", 400, signedPost(body));
  }
  json big = validEvent(rig.nextMessageId());
  big["message"] = std::string(1100 * 1024, 'a');
  runCase("onebot body over 1 MiB", 413, signedPost(big.dump()));
  for (int depth : {200, 5000, 100000}) {
    std::string nested = std::string(depth, '[') + std::string(depth, ']');
    json e = validEvent(rig.nextMessageId());
    std::string body = e.dump();
    const std::string quoted = json(kNeed).dump();
    body.replace(body.find(quoted), quoted.size(), nested);
    runCase("onebot message nested " + std::to_string(depth), 400, signedPost(body));
    runCase("onebot body nested " + std::to_string(depth), 400,
            signedPost(std::string(depth, '{').append("\"a\":1").append(std::string(depth, '}'))));
  }
  for (const std::string& junk : {std::string(""), std::string("null"), std::string("[]"), std::string("\"x\""),
                                  std::string("{"), std::string("{\"post_type\":\"message\"}"), std::string("\x00\x01", 2)}) {
    runCase("onebot junk body " + json(junk).dump(), 400, signedPost(junk));
  }
}

// Every field gridgate reads, replaced by each value of the wrong type or range.
TEST(OneBotHostile, WrongTypesInEveryFieldAre400) {
  auto& rig = HostileRig::get();
  const std::vector<std::string> fields = {"self_id", "post_type", "message_type", "message_id", "user_id",
                                           "group_id", "message", "sender", "sender.user_id", "sender.card",
                                           "sender.nickname", "time"};
  const std::vector<std::pair<std::string, json>> values = {
      {"null", nullptr},
      {"negative", -1},
      {"zero", 0},
      {"fraction", 1.5},
      {"huge float", 1e300},
      {"2^64", json::parse("18446744073709551616")},
      {"word", "abc"},
      {"20 digits", "12345678901234567890"},
      {"empty array", json::array()},
      {"array", json::array({1, 2})},
      {"object", json::object({{"a", 1}})},
      {"bool", true},
      {"100 KB string", std::string(100 * 1024, '9')},
  };
  for (const auto& f : fields) {
    for (const auto& [vname, v] : values) {
      json e = validEvent(rig.nextMessageId());
      json* slot = &e;
      std::string key = f;
      if (f.rfind("sender.", 0) == 0) {
        slot = &e["sender"];
        key = f.substr(7);
      }
      // A string where a string belongs is not a wrong type: skip "word" for text fields.
      const bool texty = key == "card" || key == "nickname" || key == "post_type" || key == "message_type" ||
                         key == "message";
      if (texty && (vname == "word" || vname == "20 digits")) continue;
      // Optional parts (the sender object, its names, the time) may be null = absent.
      const bool optional = f == "sender" || f.rfind("sender.", 0) == 0 || f == "time";
      if (optional && vname == "null") continue;
      if (f == "sender" && vname == "object") continue;  // {"a": 1} is a sender with nothing in it
      if (f == "time" && vname == "zero") continue;       // 1970 is a time
      // go-cqhttp hashes message ids into int32: negative ones (and 0) are real ids.
      if (f == "message_id" && (vname == "negative" || vname == "zero")) continue;
      (*slot)[key] = v;
      // A text too long is 413; a post type nobody knows is acknowledged and ignored.
      int want = 400;
      if (vname == "100 KB string" && key == "message") want = 413;
      if (vname == "100 KB string" && key == "post_type") want = 204;
      runCase("onebot " + f + " = " + vname, want, signedPost(e.dump()));
    }
  }
}

TEST(OneBotHostile, WrongSegmentsInArrayMessagesAre400) {
  auto& rig = HostileRig::get();
  const std::vector<json> segments = {
      json::array({{{"type", "text"}, {"data", {{"text", 123}}}}}),
      json::array({{{"type", "text"}, {"data", nullptr}}}),
      json::array({{{"type", 7}, {"data", {{"text", "x"}}}}}),
      json::array({{{"type", "at"}, {"data", {{"qq", json::array()}}}}}),
      json::array({"just a string"}),
      json::array({nullptr}),
      json::array({{{"data", {{"text", "no type"}}}}}),
      json::array({{{"type", "reply"}, {"data", {{"id", json::object()}}}}}),
  };
  for (size_t i = 0; i < segments.size(); ++i) {
    json e = validEvent(rig.nextMessageId());
    e["message"] = segments[i];
    runCase("onebot segment " + std::to_string(i) + " " + segments[i].dump(), 400, signedPost(e.dump()));
  }
}

// Whatever a resident types or names themselves, the bot's messages carry only its own CQ codes.
TEST(OneBotHostile, CqInjectionNeverBecomesACode) {
  auto& rig = HostileRig::get();
  const std::vector<std::string> attacks = {
      "[CQ:at,qq=all] 楼道灯坏了", "&#91;CQ:at,qq=all&#93; 电梯坏了", "[CQ:share,url=http://evil] 下水道堵了",
      "【[CQ:at,qq=10001]】门禁坏了", "[CQ:record,file=file:///etc/passwd]漏水了", "[CQ:at,qq=all"};
  const size_t calls_before = rig.onebot().calls().size();
  for (size_t i = 0; i < attacks.size(); ++i) {
    json e = json::parse(fakes::oneBotGroupEvent(kSelf, kGroup, 3900800 + i, rig.nextMessageId(),
                                                 attacks[i], "[CQ:at,qq=all]", "&#91;CQ:at,qq=all&#93;"));
    const RawResponse r = rawHttp(rig.port(), signedPost(e.dump()));
    ++hostileCases();
    EXPECT_EQ(r.status, 204) << attacks[i] << ": " << r.body;
  }
  for (int i = 0; i < 20; ++i) {
    auto n = rig.gateway().dispatcher().runOnce();
    ASSERT_TRUE(n.isOk());
    if (*n == 0) break;
  }
  const auto calls = rig.onebot().calls();
  ASSERT_GT(calls.size(), calls_before) << "the bot answered the residents";
  const std::regex own(R"(\[CQ:(reply,id=-?\d+|at,qq=\d+)\])");
  for (size_t i = calls_before; i < calls.size(); ++i) {
    const std::string msg = calls[i].body.value("message", "");
    const std::string rest = std::regex_replace(msg, own, "");
    EXPECT_EQ(rest.find("[CQ:"), std::string::npos) << msg;
    EXPECT_FALSE(calls[i].body.value("auto_escape", false) == true && msg.find("[CQ:") != std::string::npos);
  }
}

}  // namespace
}  // namespace gg::test
