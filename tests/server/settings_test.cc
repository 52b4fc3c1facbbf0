// One rule for every config file and API body: an unknown key or a bad enum value is an error
// naming the file and JSON path, never silently ignored.
#include "server/settings.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "adapters/channel_settings.h"
#include "bot/notices/notice_draft.h"
#include "bot/notices/notice_settings.h"
#include "bot/ticket_policy.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

Status loadWith(const std::string& gridgate_json) {
  test::TempDir dir;
  std::ofstream(dir.file("gridgate.json")) << gridgate_json;
  auto s = loadSettings(dir.path());
  return s.isOk() ? Status::ok() : s.status();
}

void expectError(const std::string& json, const std::string& fragment) {
  Status s = loadWith(json);
  ASSERT_FALSE(s.isOk()) << json;
  EXPECT_NE(s.message().find(fragment), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("gridgate.json: $"), std::string::npos) << s.message();
}

TEST(Settings, UnknownKeysAndBadEnumsAreErrorsWithTheirPath) {
  expectError(R"({"log_levl": "info"})", "$.log_levl: unknown key");
  expectError(R"({"log_level": "verbose"})",
              "$.log_level: must be trace, debug, info, warn, error or off");
  expectError(R"({"server": {"listen": "127.0.0.1:8080", "wrokers": 4}})",
              "$.server.wrokers: unknown key");
  expectError(R"({"database": {"path": "x.db", "sync": "FULL"}})", "$.database.sync: unknown key");
  expectError(R"({"database": {"synchronous": "SOMETIMES"}})",
              "$.database.synchronous: must be NORMAL or FULL");
  expectError(R"({"server": {"head_timeout_s": 0}})", "$.server.head_timeout_s: must be 1-3600");
  expectError(R"({"log_format": "yaml"})", "$.log_format: must be text or json");
  expectError(R"({"health": {"outbox_backlog": 0}})", "$.health.outbox_backlog: must be >= 1");
  expectError(R"({"health": {"min_free_disk": 5}})", "$.health.min_free_disk: unknown key");
  expectError(R"({"share_dir": "/nonexistent/gridgate-share"})", "$.share_dir: /nonexistent/gridgate-share is not a directory");
  // fuzz/settings_fuzz: a host no socket can bind passed check, then serve stopped.
  expectError(R"({"server": {"listen": "254.0.0.1808:0"}})", "$.server.listen: listen host must be an IP address");
  expectError(R"({"server": {"listen": "bad host!:8080"}})", "$.server.listen: listen host must be");
  EXPECT_OK(loadWith(R"({"server": {"listen": "0.0.0.0:8080"}})"));
  EXPECT_OK(loadWith(R"({"server": {"listen": "::1:8080"}})"));
  EXPECT_OK(loadWith(R"({"server": {"listen": "localhost:0"}})"));
  // Comments-as-keys ("_note") are allowed, as in the org files.
  EXPECT_OK(loadWith(R"({"_note": "demo", "log_level": "warn"})"));
}

TEST(Settings, DatabaseUrlSelectsPostgresAndTheEnvironmentWinsOverTheFile) {
  test::TempDir dir;
  std::ofstream(dir.file("gridgate.json"))
      << R"({"database": {"path": "x.db", "url": "postgresql://gg:pw@db:5432/street"}})";
  ::unsetenv("GRIDGATE_DATABASE_URL");
  auto s = loadSettings(dir.path());
  ASSERT_OK(s);
  EXPECT_EQ(s->db_url, "postgresql://gg:pw@db:5432/street");
  ::setenv("GRIDGATE_DATABASE_URL", "postgresql://gg:other@db2/street", 1);
  s = loadSettings(dir.path());
  ASSERT_OK(s);
  EXPECT_EQ(s->db_url, "postgresql://gg:other@db2/street");
  ::setenv("GRIDGATE_DATABASE_URL", "var/not-a-url.db", 1);
  s = loadSettings(dir.path());
  ASSERT_FALSE(s.isOk());
  EXPECT_NE(s.status().message().find("GRIDGATE_DATABASE_URL: must be a postgresql://"), std::string::npos);
  ::unsetenv("GRIDGATE_DATABASE_URL");
  expectError(R"({"database": {"url": "/srv/street.db"}})", "$.database.url: must be a postgresql://");
}

TEST(Settings, SectionReadersRejectUnknownKeysToo) {
  auto ch = loadChannelSettings(nlohmann::json{{"smss", nlohmann::json::object()}}, nullptr);
  ASSERT_FALSE(ch.isOk());
  EXPECT_NE(ch.status().message().find("smss"), std::string::npos) << ch.status().message();
  auto tp = parseTicketPolicy(nlohmann::json{{"low_ratting", 2}});
  ASSERT_FALSE(tp.isOk());
  EXPECT_NE(tp.status().message().find("low_ratting: unknown key"), std::string::npos);
  auto ns = parseNoticeSettings(nlohmann::json{{"quiet_hour", false}});
  ASSERT_FALSE(ns.isOk());
  EXPECT_NE(ns.status().message().find("notices.quiet_hour: unknown key"), std::string::npos);
  auto op = parseNoticeSettings(nlohmann::json{{"opinion", {{"min_negatives", 3}}}});
  ASSERT_FALSE(op.isOk());
  EXPECT_NE(op.status().message().find("notices.opinion.min_negatives: unknown key"),
            std::string::npos);
}

TEST(Settings, ApiBodiesFollowTheSameRule) {
  const nlohmann::json ok = {
      {"title", "医保缴费"}, {"body", "缴费标准为375元"}, {"target", {{"all", true}}}};
  ASSERT_OK(parseNoticeDraft(ok, 1795000000000));
  nlohmann::json bad = ok;
  bad["channels"] = {"sms"};
  auto r = parseNoticeDraft(bad, 1795000000000);
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("notice.channels: unknown key"), std::string::npos)
      << r.status().message();
  bad = ok;
  bad["reminders"] = {{{"before", "1d"}, {"when", "09:00"}}};
  EXPECT_FALSE(parseNoticeDraft(bad, 1795000000000).isOk());
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

TEST(Settings, ThePublicSectionHasSaneDefaultsAndChecksItsLimits) {
  test::TempDir dir;
  std::ofstream(dir.file("gridgate.json")) << R"({"public": {"ip_limit": 3, "base_url": "https://x.cn/"}})";
  auto s = loadSettings(dir.path());
  ASSERT_OK(s);
  EXPECT_EQ(s->public_page.ip_limit, 3);
  EXPECT_EQ(s->public_page.phone_limit, PublicSettings{}.phone_limit);
  EXPECT_EQ(s->public_page.base_url, "https://x.cn");
  EXPECT_GT(PublicSettings{}.max_text_chars, 0);
  expectError(R"({"public": {"ip_limt": 3}})", "$.public.ip_limt: unknown key");
  expectError(R"({"public": {"ip_limit": 0}})", "$.public.ip_limit: must be 1-100000");
  expectError(R"({"public": {"base_url": "ftp://x"}})", "$.public.base_url: must start with http");
  expectError(R"({"public": {"max_body_bytes": 10}})", "$.public.max_body_bytes: must be 256-1048576");
}

// An explicit share dir (setting or `gridgate --share-dir`) is where the default rule pack and
// web assets come from; rule_packs and web_dir in the file still win.
TEST(Settings, DefaultsComeFromTheShareDir) {
  test::TempDir share;
  std::filesystem::create_directories(share.file("rules/zh"));
  test::TempDir dir;
  std::ofstream(dir.file("gridgate.json")) << R"({"share_dir": ")" << share.path() << R"("})";
  auto s = loadSettings(dir.path());
  ASSERT_OK(s);
  ASSERT_EQ(s->rule_packs.size(), 1u);
  EXPECT_EQ(s->rule_packs[0], share.file("rules/zh"));
  EXPECT_EQ(s->web_dir, share.file("web"));
  std::ofstream(dir.file("gridgate.json")) << R"({"rule_packs": ["/opt/pack"]})";
  setShareDirOverride(share.path());
  auto flag = loadSettings(dir.path());
  setShareDirOverride("");
  ASSERT_OK(flag);
  EXPECT_EQ(flag->rule_packs, std::vector<std::string>{"/opt/pack"});
  EXPECT_EQ(flag->web_dir, share.file("web"));
  // generate / import / simulate without --rules: the flag's share dir, as serve and check.
  setShareDirOverride(share.path());
  const std::string with_flag = defaultRulePackDir();
  setShareDirOverride("");
  EXPECT_EQ(with_flag, (std::filesystem::path(share.path()) / "rules" / "zh").string());
}

TEST(Settings, WithoutAShareDirTheCommandsDefaultToAPackThatExists) {
  // Installed: the share dir's pack; a build never installed (this one): the repository's.
  const std::string dir = defaultRulePackDir();
  EXPECT_TRUE(std::filesystem::is_directory(dir)) << dir;
  EXPECT_TRUE(dir.size() > 9 && dir.compare(dir.size() - 9, 9, "/rules/zh") == 0) << dir;
}

}  // namespace
}  // namespace gg
