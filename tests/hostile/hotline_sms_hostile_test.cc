// Hostile input on POST /hooks/hotline and POST /hooks/sms: missing, wrong and malformed bearer
// tokens, replays of a stored call or text, invalid UTF-8, oversized and nested bodies, and every
// field of a valid call or text replaced by a value of the wrong type or range. Each case checks
// the status and that no table changed.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/fakes/signing.h"
#include "tests/hostile/hostile_rig.h"

namespace gg::test {
namespace {

using nlohmann::json;
using R = HostileRig;

std::string post(const std::string& path, const std::string& auth, const std::string& body) {
  std::vector<std::pair<std::string, std::string>> h;
  if (!auth.empty()) h.emplace_back("Authorization", auth);
  return httpRequest("POST", path, h, body);
}

json validCall(int n) {
  return json::parse(fakes::hotlineCallJson("hostile-call-" + std::to_string(n), "13900009999", "水利局宿舍2号楼电梯坏了"));
}

json validSms(int n) {
  return {{"id", "hostile-sms-" + std::to_string(n)}, {"from", "13900008888"}, {"text", "滨悦新城3号楼楼道灯坏了"}};
}

const std::vector<std::pair<std::string, json>>& wrongValues() {
  static const std::vector<std::pair<std::string, json>> v = {
      {"null", nullptr},          {"number", 42},         {"negative", -1},
      {"fraction", 0.5},          {"bool", false},        {"array", json::array({"a"})},
      {"object", json::object()}, {"empty", ""},          {"100 KB", std::string(100 * 1024, '1')},
      {"word", "not-a-value"}};
  return v;
}

TEST(HotlineSmsHostile, BadTokensAre401) {
  int n = 0;
  for (const auto& [path, token] : {std::pair<std::string, std::string>{"/hooks/hotline", R::kHotlineToken},
                                    std::pair<std::string, std::string>{"/hooks/sms", R::kSmsToken}}) {
    const std::string body = path == "/hooks/hotline" ? validCall(++n).dump() : validSms(++n).dump();
    for (const std::string& auth : std::vector<std::string>{"", "Bearer", "Bearer ", "Bearer wrong", "Basic " + token,
                                    "bearer " + token, "Bearer " + token + "x", "Bearer " + token.substr(1),
                                    token, "Bearer  " + token}) {
      runCase(path + " auth '" + auth.substr(0, 20) + "'", 401, post(path, auth, body));
    }
  }
}

TEST(HotlineSmsHostile, ReplaysAndJunk) {
  auto& rig = HostileRig::get();
  const std::string call = validCall(1000).dump(), sms = validSms(1000).dump();
  ASSERT_EQ(rawHttp(rig.port(), post("/hooks/hotline", std::string("Bearer ") + R::kHotlineToken, call)).status, 200);
  ASSERT_EQ(rawHttp(rig.port(), post("/hooks/sms", std::string("Bearer ") + R::kSmsToken, sms)).status, 200);
  for (int i = 0; i < 3; ++i) {
    runCase("hotline replay", 200, post("/hooks/hotline", std::string("Bearer ") + R::kHotlineToken, call));
    runCase("sms replay", 200, post("/hooks/sms", std::string("Bearer ") + R::kSmsToken, sms));
  }
  const std::vector<std::string> junk = {"", "null", "[]", "{", "\"x\"", std::string(5000, '[') + std::string(5000, ']'),
                                         "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}",
                                         "\xff\xfe{}", std::string("{\"call_id\":\"a\x00\"}", 17)};
  for (const auto& j : junk) {
    runCase("hotline junk of " + std::to_string(j.size()) + " bytes", 400,
            post("/hooks/hotline", std::string("Bearer ") + R::kHotlineToken, j));
    runCase("sms junk", 400, post("/hooks/sms", std::string("Bearer ") + R::kSmsToken, j));
  }
  runCase("hotline over 1 MiB", 413,
          post("/hooks/hotline", std::string("Bearer ") + R::kHotlineToken, std::string(1100 * 1024, ' ')));
}

TEST(HotlineSmsHostile, WrongTypesInEveryCallField) {
  int n = 2000;
  auto send = [&](const std::string& name, const json& call) {
    runCase("hotline " + name, 400, post("/hooks/hotline", std::string("Bearer ") + R::kHotlineToken, call.dump()));
  };
  for (const char* field : {"call_id", "caller", "started_at", "segments"}) {
    for (const auto& [vname, v] : wrongValues()) {
      json c = validCall(++n);
      if (std::string(field) == "call_id" && (vname == "word" || vname == "100 KB")) {
        if (vname == "word") continue;  // a word is a fine call id
      }
      c[field] = v;
      send(std::string(field) + " = " + vname, c);
    }
  }
  for (const char* field : {"speaker", "text", "start_ms", "end_ms", "final"}) {
    for (const auto& [vname, v] : wrongValues()) {
      if (std::string(field) == "text" && (vname == "word" || vname == "100 KB")) continue;
      const bool offset = std::string(field) == "start_ms" || std::string(field) == "end_ms";
      if (offset && vname == "number") continue;  // 42 ms into the call is a fine start
      json c = validCall(++n);
      c["segments"][1][field] = v;
      if (std::string(field) == "text" && vname == "empty") continue;  // no speech: tested below
      send(std::string("segments[1].") + field + " = " + vname, c);
    }
  }
  json only_agent = validCall(++n);
  only_agent["segments"].erase(1);
  send("no caller speech", only_agent);
  json backwards = validCall(++n);
  backwards["segments"][1]["end_ms"] = 10;
  send("end before start", backwards);
  json bad_utf8 = validCall(++n);
  std::string raw = bad_utf8.dump();
  raw.replace(raw.find("电梯"), 6, "\xc3\x28\xa0\xa1");
  runCase("hotline invalid utf-8", 400, post("/hooks/hotline", std::string("Bearer ") + R::kHotlineToken, raw));
}

TEST(HotlineSmsHostile, WrongTypesInEverySmsField) {
  int n = 3000;
  for (const char* field : {"id", "from", "text", "received_at"}) {
    for (const auto& [vname, v] : wrongValues()) {
      const std::string f = field;
      if ((f == "id" || f == "text") && vname == "word") continue;  // fine values
      if (f == "received_at" && vname == "empty") continue;          // optional: "" is absent
      int want = 400;
      if (f == "text" && vname == "100 KB") want = 400;
      json s = validSms(++n);
      s[field] = v;
      runCase("sms " + f + " = " + vname, want, post("/hooks/sms", std::string("Bearer ") + R::kSmsToken, s.dump()));
    }
  }
  json unknown = validSms(++n);
  unknown["priority"] = "high";
  runCase("sms unknown key", 400, post("/hooks/sms", std::string("Bearer ") + R::kSmsToken, unknown.dump()));
  json landline = validSms(++n);
  landline["from"] = "0531-86601234";
  runCase("sms from a landline", 400, post("/hooks/sms", std::string("Bearer ") + R::kSmsToken, landline.dump()));
}

}  // namespace
}  // namespace gg::test
