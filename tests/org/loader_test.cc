#include "org/loader.h"

#include <gtest/gtest.h>

#include <functional>

#include "tests/org/org_files.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

using nlohmann::json;
using testing::TempDir;

TEST(LoadOrg, DemoStreetLoadsWithExpectedCounts) {
  auto org = loadOrg(testing::demoDir());
  ASSERT_OK(org);
  const json s = orgSummary(**org);
  EXPECT_EQ(s["street"]["name"], "滨河街道");
  EXPECT_EQ(s["communities"], 6);
  EXPECT_EQ(s["grids"], 27);
  EXPECT_EQ(s["workers"]["total"], 92);
  EXPECT_EQ(s["workers"]["leader"], 27);
  EXPECT_EQ(s["workers"]["fulltime"], 37);
  EXPECT_EQ(s["workers"]["parttime"], 28);
  EXPECT_EQ(s["groups"]["onebot"], 27);
  EXPECT_EQ(s["groups"]["wecom"], 9);
  EXPECT_EQ(s["groups"]["total"], 36);
  // 滨悦新城 and 柳园小区 each span two grids and count once.
  EXPECT_EQ(s["compounds"], 33);
  EXPECT_EQ(s["buildings"], 338);
  EXPECT_EQ(s["departments"], 14);
}

TEST(LoadOrg, DemoStreetMeetsTheDemoPromises) {
  auto org = loadOrg(testing::demoDir());
  ASSERT_OK(org);
  for (const auto& c : (*org)->communities) {
    EXPECT_FALSE(c.contact.phone.empty()) << c.id;
    for (const auto& g : c.grids) {
      bool onebot = false;
      for (const auto& b : g.groups) onebot = onebot || b.channel == Channel::kOneBot;
      EXPECT_TRUE(onebot) << g.id << " has no OneBot group";
      EXPECT_EQ(g.community_id, c.id);
      for (const auto& w : g.workers) {
        EXPECT_EQ(w.grid_id, g.id);
        EXPECT_FALSE(w.onebot_user_id.empty()) << w.id;
        EXPECT_FALSE(w.wecom_userid.empty()) << w.id;
        // Leaders are always reachable; everyone else has duty hours.
        EXPECT_EQ(w.duty.empty(), w.role == WorkerRole::kLeader) << w.id;
      }
    }
  }
  std::set<std::string> kinds;
  for (const auto& d : (*org)->departments) kinds.insert(d.kind);
  for (const char* k :
       {"property", "water", "power", "gas", "heating", "urban_management", "police",
        "civil_affairs", "medical_insurance", "human_resources", "market_supervision", "fire"}) {
    EXPECT_TRUE(kinds.count(k)) << k;
  }
}

TEST(LoadOrg, ParsesDutyWindows) {
  auto org = loadOrg(testing::demoDir());
  ASSERT_OK(org);
  OrgIndex index(*org);
  const Worker* full = index.worker("w-binhe-01-2");
  ASSERT_NE(full, nullptr);
  ASSERT_EQ(full->duty.size(), 1u);
  EXPECT_EQ(full->duty[0].weekdays, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(full->duty[0].start_minute, 8 * 60 + 30);
  EXPECT_EQ(full->duty[0].end_minute, 17 * 60 + 30);
  const Worker* part = index.worker("w-binhe-01-4");  // from the community roster
  ASSERT_NE(part, nullptr);
  EXPECT_EQ(part->role, WorkerRole::kPartTime);
  ASSERT_EQ(part->duty.size(), 2u);
  EXPECT_EQ(part->duty[1].weekdays, (std::vector<int>{6, 7}));
  EXPECT_EQ(part->duty[1].start_minute, 9 * 60);
}

// Copies the demo into a temp dir so each test can break one thing.
class BrokenConfig : public ::testing::Test {
 protected:
  void SetUp() override { testing::copyDemo(dir_.path()); }

  void edit(const std::string& rel, const std::function<void(json&)>& change) {
    json j = testing::readJson(dir_.file(rel));
    change(j);
    testing::writeJson(dir_.file(rel), j);
  }

  // Loads and returns the error message; fails the test if loading succeeded.
  std::string errors() {
    auto org = loadOrg(dir_.path());
    EXPECT_FALSE(org.isOk()) << "broken config loaded";
    if (org.isOk()) return "";
    EXPECT_EQ(org.status().code(), Code::kInvalidArgument);
    return org.status().message();
  }

  TempDir dir_;
};

#define EXPECT_HAS(haystack, needle)                                                            \
  EXPECT_NE((haystack).find(needle), std::string::npos) << "missing: " << (needle) << "\nin:\n" \
                                                        << (haystack)

TEST_F(BrokenConfig, UnchangedCopyLoads) {
  auto org = loadOrg(dir_.path());
  EXPECT_OK(org);
}

TEST_F(BrokenConfig, MalformedJsonNamesFileLineAndColumn) {
  testing::writeText(dir_.file("communities/hexi.json"),
                     "// comment line\n{\n  \"id\": \"hexi\"\n  \"name\": \"河西社区\"\n}\n");
  // Line 4 holds the token after the missing comma (nlohmann reports the column where it ends).
  EXPECT_HAS(errors(), "communities/hexi.json:4:8: parse error");
}

TEST_F(BrokenConfig, InvalidPhone) {
  edit("communities/binhe.json", [](json& j) { j["grids"][2]["workers"][1]["phone"] = "1381234"; });
  EXPECT_HAS(errors(),
             "communities/binhe.json: $.grids[2].workers[1].phone: \"1381234\" is not a phone "
             "number");
}

TEST_F(BrokenConfig, InvalidContactPhone) {
  edit("departments.json", [](json& j) { j["departments"][3]["contacts"][0]["phone"] = "96777"; });
  EXPECT_HAS(errors(),
             "departments.json: $.departments[3].contacts[0].phone: \"96777\" is not a phone");
}

TEST_F(BrokenConfig, WorkerInUnknownGrid) {
  edit("communities/donghu.json", [](json& j) { j["workers"][0]["grid"] = "donghu-09"; });
  EXPECT_HAS(errors(), "communities/donghu.json: $.workers[0].grid: unknown grid \"donghu-09\"");
}

TEST_F(BrokenConfig, RosterWorkerMayJoinAGridOfAnotherFile) {
  // Files are merged before references are resolved.
  edit("communities/donghu.json", [](json& j) { j["workers"][0]["grid"] = "binhe-01"; });
  auto org = loadOrg(dir_.path());
  ASSERT_OK(org);
  OrgIndex index(*org);
  const std::string id =
      (*testing::readJson(dir_.file("communities/donghu.json")).find("workers"))[0]["id"];
  ASSERT_NE(index.worker(id), nullptr);
  EXPECT_EQ(index.worker(id)->grid_id, "binhe-01");
}

TEST_F(BrokenConfig, DuplicateGridIdAcrossFiles) {
  edit("communities/hexi.json", [](json& j) { j["grids"][0]["id"] = "binhe-01"; });
  EXPECT_HAS(errors(),
             "communities/hexi.json: $.grids[0].id: duplicate grid id \"binhe-01\" (first defined "
             "at communities/binhe.json: $.grids[0].id)");
}

TEST_F(BrokenConfig, DuplicateWorkerId) {
  edit("communities/xinhua.json",
       [](json& j) { j["grids"][1]["workers"][0]["id"] = j["grids"][0]["workers"][0]["id"]; });
  EXPECT_HAS(errors(),
             "communities/xinhua.json: $.grids[1].workers[0].id: duplicate worker id "
             "\"w-xinhua-01-1\"");
}

TEST_F(BrokenConfig, DuplicateCommunityAndDepartmentIds) {
  edit("communities/jinqiao.json", [](json& j) { j["id"] = "binhe"; });
  edit("departments.json", [](json& j) { j["departments"][5]["id"] = "water"; });
  const std::string e = errors();
  EXPECT_HAS(e, "communities/jinqiao.json: $.id: duplicate community id \"binhe\"");
  EXPECT_HAS(e, "departments.json: $.departments[5].id: duplicate department id \"water\"");
}

TEST_F(BrokenConfig, DuplicatePlatformUserId) {
  edit("communities/hexi.json", [](json& j) {
    j["grids"][0]["workers"][0]["onebot_user_id"] = "2810010101";  // binhe-01's leader
  });
  EXPECT_HAS(errors(),
             "communities/hexi.json: $.grids[0].workers[0].onebot_user_id: duplicate "
             "onebot_user_id \"2810010101\"");
}

TEST_F(BrokenConfig, GroupBoundToTwoGrids) {
  edit("communities/liuyuan.json",
       [](json& j) { j["grids"][1]["groups"][0]["group_id"] = "81000101"; });
  EXPECT_HAS(errors(),
             "communities/liuyuan.json: $.grids[1].groups[0]: onebot group \"81000101\" is bound "
             "to two grids: \"binhe-01\" (communities/binhe.json: $.grids[0].groups[0]) and "
             "\"liuyuan-02\"");
}

TEST_F(BrokenConfig, OneBotGroupIdMayBeAnInteger) {
  edit("communities/liuyuan.json",
       [](json& j) { j["grids"][1]["groups"][0]["group_id"] = 81009999; });
  auto org = loadOrg(dir_.path());
  ASSERT_OK(org);
  EXPECT_EQ(OrgIndex(*org).gridForGroup(Channel::kOneBot, "81009999")->id, "liuyuan-02");
}

TEST_F(BrokenConfig, MissingRequiredFields) {
  edit("communities/binhe.json", [](json& j) {
    j["grids"][0]["workers"][0].erase("name");
    j["grids"][1].erase("id");
    j.erase("contact");
  });
  edit("street.json", [](json& j) { j.erase("name"); });
  const std::string e = errors();
  EXPECT_HAS(e, "communities/binhe.json: $.grids[0].workers[0]: missing required field \"name\"");
  EXPECT_HAS(e, "communities/binhe.json: $.grids[1]: missing required field \"id\"");
  EXPECT_HAS(e, "communities/binhe.json: $: missing required field \"contact\"");
  EXPECT_HAS(e, "street.json: $: missing required field \"name\"");
}

TEST_F(BrokenConfig, WrongTypes) {
  edit("communities/binhe.json", [](json& j) {
    j["grids"][0]["name"] = 5;
    j["grids"][1]["workers"] = json::object();
    j["grids"][2]["groups"][0] = "81000103";
  });
  const std::string e = errors();
  EXPECT_HAS(e, "communities/binhe.json: $.grids[0].name: expected a string, got a number");
  EXPECT_HAS(e, "communities/binhe.json: $.grids[1].workers: expected an array, got an object");
  EXPECT_HAS(e, "communities/binhe.json: $.grids[2].groups[0]: expected an object, got a string");
}

TEST_F(BrokenConfig, GridWithoutLeader) {
  edit("communities/donghu.json",
       [](json& j) { j["grids"][3]["workers"][0]["role"] = "fulltime"; });
  EXPECT_HAS(errors(), "communities/donghu.json: $.grids[3]: grid \"donghu-04\" has no leader");
}

TEST_F(BrokenConfig, GridWithTwoLeaders) {
  edit("communities/donghu.json", [](json& j) { j["grids"][3]["workers"][1]["role"] = "leader"; });
  EXPECT_HAS(errors(), "communities/donghu.json: $.grids[3]: grid \"donghu-04\" has 2 leaders");
}

TEST_F(BrokenConfig, InvalidDutyTimes) {
  edit("communities/binhe.json", [](json& j) {
    j["grids"][0]["workers"][1]["duty"][0]["from"] = "25:00";
    j["grids"][0]["workers"][2]["duty"][0]["to"] = "8:30";
    j["grids"][1]["workers"][1]["duty"][0]["days"] = "0-5";
    j["grids"][3]["workers"][1]["duty"][0] = {{"from", "09:00"}, {"to", "09:00"}};
  });
  const std::string e = errors();
  EXPECT_HAS(e,
             "communities/binhe.json: $.grids[0].workers[1].duty[0].from: \"25:00\" is not a "
             "time of day");
  EXPECT_HAS(e,
             "communities/binhe.json: $.grids[0].workers[2].duty[0].to: \"8:30\" is not a "
             "time of day");
  EXPECT_HAS(e,
             "communities/binhe.json: $.grids[1].workers[1].duty[0].days: \"0-5\" is not a "
             "list of weekdays");
  EXPECT_HAS(e,
             "communities/binhe.json: $.grids[3].workers[1].duty[0]: duty window from 09:00 "
             "to 09:00 is empty");
}

TEST_F(BrokenConfig, OvernightDutyIsAllowed) {
  edit("communities/binhe.json", [](json& j) {
    j["grids"][0]["workers"][1]["duty"][0] = {
        {"days", "1,3,5-6"}, {"from", "22:00"}, {"to", "06:00"}};
  });
  auto org = loadOrg(dir_.path());
  ASSERT_OK(org);
  const Worker* w = OrgIndex(*org).worker("w-binhe-01-2");
  EXPECT_EQ(w->duty[0].weekdays, (std::vector<int>{1, 3, 5, 6}));
  EXPECT_EQ(w->duty[0].start_minute, 22 * 60);
  EXPECT_EQ(w->duty[0].end_minute, 6 * 60);
}

TEST_F(BrokenConfig, UnknownKeysAndValues) {
  edit("communities/binhe.json", [](json& j) {
    auto& w = j["grids"][0]["workers"][0];
    w["phnoe"] = w["phone"];
    w.erase("phone");
    w["_note"] = "underscore keys are free-form notes";
    j["grids"][0]["workers"][1]["role"] = "boss";
    j["grids"][0]["groups"][0]["channel"] = "qq";
    j["grids"][0]["id"] = "Binhe 01";
  });
  edit("departments.json", [](json& j) { j["departments"][0]["kind"] = "plumbing"; });
  const std::string e = errors();
  EXPECT_HAS(e, "communities/binhe.json: $.grids[0].workers[0]: unknown key \"phnoe\"");
  EXPECT_HAS(e, "communities/binhe.json: $.grids[0].workers[0]: missing required field \"phone\"");
  EXPECT_EQ(e.find("_note"), std::string::npos);
  EXPECT_HAS(e, "communities/binhe.json: $.grids[0].workers[1].role: \"boss\" is not a role");
  EXPECT_HAS(e, "communities/binhe.json: $.grids[0].groups[0].channel: \"qq\" is not a channel");
  EXPECT_HAS(e, "communities/binhe.json: $.grids[0].id: \"Binhe 01\" is not a valid id");
  EXPECT_HAS(e, "departments.json: $.departments[0].kind: unknown department kind \"plumbing\"");
}

TEST_F(BrokenConfig, WebhookRules) {
  edit("communities/binhe.json", [](json& j) {
    j["grids"][0]["groups"][0]["robot_webhook"] = "https://example.invalid/hook";
    j["grids"][1]["groups"][1]["robot_webhook"] = "http://qyapi.weixin.qq.com/x";
  });
  const std::string e = errors();
  EXPECT_HAS(e,
             "communities/binhe.json: $.grids[0].groups[0].robot_webhook: a group robot webhook "
             "only exists for wecom groups");
  EXPECT_HAS(e,
             "communities/binhe.json: $.grids[1].groups[1].robot_webhook: "
             "\"http://qyapi.weixin.qq.com/x\" is not an https:// URL");
}

// Reach orders name real staff channels once, and a "mobile" is for SMS, so a landline there
// stops the load (gridgate would otherwise text a duty-room desk phone).
TEST_F(BrokenConfig, ReachOrdersAndMobiles) {
  edit("street.json", [](json& j) {
    j["contact"]["mobile"] = "0531-86601234";
    j["contact_channels"] = {{"community", {"sms", "fax"}}, {"worker", {"sms", "sms"}}};
  });
  edit("communities/binhe.json",
       [](json& j) { j["grids"][0]["workers"][0]["channels"] = {"pager"}; });
  const std::string e = errors();
  EXPECT_HAS(e, "street.json: $.contact.mobile: \"0531-86601234\" is not a mobile number");
  EXPECT_HAS(e, "street.json: $.contact_channels.community[1]: \"fax\" is not a staff channel");
  EXPECT_HAS(e, "street.json: $.contact_channels.worker[1]: \"sms\" is listed twice");
  EXPECT_HAS(e,
             "communities/binhe.json: $.grids[0].workers[0].channels[0]: \"pager\" is not a staff "
             "channel");
}

TEST_F(BrokenConfig, CollectsEveryErrorAcrossFiles) {
  edit("communities/binhe.json", [](json& j) { j["grids"][2]["workers"][1]["phone"] = "1381234"; });
  edit("communities/hexi.json", [](json& j) { j["workers"][0]["grid"] = "nowhere"; });
  testing::writeText(dir_.file("communities/xinhua.json"), "{ \"id\": ");
  edit("street.json", [](json& j) { j["contact"]["phone"] = "12345"; });
  const std::string e = errors();
  EXPECT_HAS(e, "communities/binhe.json: $.grids[2].workers[1].phone");
  EXPECT_HAS(e, "communities/hexi.json: $.workers[0].grid: unknown grid \"nowhere\"");
  EXPECT_HAS(e, "communities/xinhua.json:1:");
  EXPECT_HAS(e, "street.json: $.contact.phone: \"12345\" is not a phone number");
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 3) << e;  // exactly four lines
}

TEST_F(BrokenConfig, MissingFiles) {
  std::filesystem::remove(dir_.file("street.json"));
  EXPECT_HAS(errors(), "street.json: $: file is missing");
  for (const auto& e : std::filesystem::directory_iterator(dir_.file("communities"))) {
    std::filesystem::remove(e.path());
  }
  EXPECT_HAS(errors(), "communities/: $: no community files");
}

TEST_F(BrokenConfig, DepartmentsFileIsOptional) {
  std::filesystem::remove(dir_.file("departments.json"));
  auto org = loadOrg(dir_.path());
  ASSERT_OK(org);
  EXPECT_TRUE((*org)->departments.empty());
}

TEST_F(BrokenConfig, WorkerNestedInGridMustNotNameAnotherGrid) {
  edit("communities/binhe.json", [](json& j) { j["grids"][0]["workers"][1]["grid"] = "binhe-02"; });
  EXPECT_HAS(errors(),
             "communities/binhe.json: $.grids[0].workers[1].grid: \"binhe-02\" "
             "contradicts the enclosing grid \"binhe-01\"");
}

TEST_F(BrokenConfig, TopLevelNotAnObject) {
  testing::writeText(dir_.file("communities/hexi.json"), "[1, 2]");
  EXPECT_HAS(errors(), "communities/hexi.json: $: expected an object, got an array");
}

}  // namespace
}  // namespace gg
