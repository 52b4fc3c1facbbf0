#include "adapters/channel_settings.h"
#include "tests/support/status_matchers.h"

#include <gtest/gtest.h>

#include <map>

namespace gg {
namespace {

using nlohmann::json;

const char* kAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

std::function<const char*(const char*)> envFrom(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

TEST(ChannelSettings, DefaultsFromEmptySection) {
  auto s = loadChannelSettings(json(), envFrom({}));
  ASSERT_OK(s);
  EXPECT_EQ(s->wecom.api_base, "https://qyapi.weixin.qq.com");
  EXPECT_EQ(s->wecom.replay_window_seconds, 300);
  EXPECT_EQ(s->wecom.robot_rate.messages, 20);
  EXPECT_EQ(s->max_body_bytes, 1024u * 1024u);
  EXPECT_EQ(s->max_pending_ingest, 64);
}

TEST(ChannelSettings, MaxPendingIngestIsReadAndChecked) {
  auto s = loadChannelSettings(json::parse(R"({"max_pending_ingest": 8})"), envFrom({}));
  ASSERT_OK(s);
  EXPECT_EQ(s->max_pending_ingest, 8);
  EXPECT_EQ(s->redactedJson()["max_pending_ingest"], 8);
  for (const char* bad : {R"({"max_pending_ingest": 0})", R"({"max_pending_ingest": -3})",
                          R"({"max_pending_ingest": 1000001})", R"({"max_pending_ingest": "64"})",
                          R"({"max_pending_ingest": 2.5})", R"({"max_pending_ingst": 8})"}) {
    auto r = loadChannelSettings(json::parse(bad), envFrom({}));
    ASSERT_FALSE(r.isOk()) << bad;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << bad;
    EXPECT_NE(r.status().message().find("channels"), std::string::npos) << r.status().message();
  }
}

TEST(ChannelSettings, ConfigThenEnvOverrides) {
  json cfg = json::parse(R"({
    "onebot": {"api": "http://10.0.0.1:5700/", "access_token": "cfg-token", "secret": "cfg-secret",
               "rate_limit": {"messages": 5, "per_seconds": 10}},
    "wecom": {"corp_id": "wwcfg", "corp_secret": "s", "agent_id": 7, "token": "t",
              "aes_key": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
              "robots": {"g1": "KEY1", "g2": "http://robot.local/hook?key=K2"}},
    "hotline": {"token": "h", "spool_dir": "/tmp/spool"}})");
  auto s = loadChannelSettings(cfg, envFrom({{"GRIDGATE_ONEBOT_API", "http://127.0.0.1:9"},
                                             {"GRIDGATE_ONEBOT_ACCESS_TOKEN", "env-token"},
                                             {"GRIDGATE_WECOM_AGENT_ID", "1000002"},
                                             {"GRIDGATE_WECOM_REPLAY_WINDOW", "0"},
                                             {"GRIDGATE_WECOM_API", "http://127.0.0.1:8"},
                                             {"GRIDGATE_HOTLINE_SPOOL", "/var/spool"}}));
  ASSERT_OK(s);
  EXPECT_EQ(s->onebot.api_base, "http://127.0.0.1:9");
  EXPECT_EQ(s->onebot.access_token, "env-token");
  EXPECT_EQ(s->onebot.secret, "cfg-secret");
  EXPECT_EQ(s->onebot.group_rate.messages, 5);
  EXPECT_EQ(s->onebot.group_rate.per_ms, 10 * kSecond);
  EXPECT_EQ(s->wecom.agent_id, 1000002);
  EXPECT_EQ(s->wecom.replay_window_seconds, 0);
  EXPECT_EQ(s->hotline.spool_dir, "/var/spool");
  EXPECT_EQ(s->robotUrl("g1"), "http://127.0.0.1:8/cgi-bin/webhook/send?key=KEY1");
  EXPECT_EQ(s->robotUrl("g2"), "http://robot.local/hook?key=K2");
  EXPECT_EQ(s->robotUrl("nope"), "");
}

TEST(ChannelSettings, RedactedJsonHidesSecrets) {
  json cfg = {{"onebot", {{"access_token", "AT-123"}, {"secret", "SEC-456"}}},
              {"wecom",
               {{"corp_id", "ww1"},
                {"corp_secret", "CS-789"},
                {"token", "TK-1"},
                {"aes_key", kAesKey},
                {"robots", {{"g", "ROBOTKEY"}}}}},
              {"hotline", {{"token", "HT-1"}}}};
  auto s = loadChannelSettings(cfg, envFrom({}));
  ASSERT_OK(s);
  std::string dump = s->redactedJson().dump();
  for (const char* secret : {"AT-123", "SEC-456", "CS-789", "TK-1", kAesKey, "ROBOTKEY", "HT-1"}) {
    EXPECT_EQ(dump.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(s->redactedJson()["onebot"]["secret"], "set");
  EXPECT_EQ(s->redactedJson()["wecom"]["corp_id"], "ww1");
}

TEST(ChannelSettings, ValidationErrors) {
  std::vector<json> bad = {
      json::parse(R"({"onebot": {"api": "ftp://x"}})"),
      json::parse(R"({"onebot": {"apii": "http://x"}})"),
      json::parse(R"({"wecom": {"token": "t", "corp_id": "c", "aes_key": "short"}})"),
      json::parse(R"({"wecom": {"token": "t"}})"),
      json::parse(R"({"wecom": {"agent_id": "seven"}})"),
      json::parse(R"({"wecom": {"robot_rate_limit": {"messages": 0}}})"),
      json::parse(R"({"hotline": {"poll_ms": 0}})"),
      json::parse(R"([1])"),
  };
  for (const auto& cfg : bad) {
    auto s = loadChannelSettings(cfg, envFrom({}));
    EXPECT_FALSE(s.isOk()) << cfg.dump();
  }
  EXPECT_FALSE(
      loadChannelSettings(json(), envFrom({{"GRIDGATE_WECOM_REPLAY_WINDOW", "5m"}})).isOk());
  EXPECT_FALSE(loadChannelSettings(json(), envFrom({{"GRIDGATE_WECOM_AES_KEY", "x"},
                                                    {"GRIDGATE_WECOM_TOKEN", "t"},
                                                    {"GRIDGATE_WECOM_CORP_ID", "c"}}))
                   .isOk());
}

}  // namespace
}  // namespace gg
