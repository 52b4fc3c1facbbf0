// The responsibility list (职责任务清单): parsing with file and JSON path in every error, the
// references checked against a pack's intents/categories and the departments, which entry a
// ticket gets, and the deadline an entry gives (working days on the calendar).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/responsibilities.h"
#include "bot/ticket_policy.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace gg {
namespace {

using nlohmann::json;

Result<ResponsibilityList> parse(const std::string& text) {
  return ResponsibilityList::parse(json::parse(text), "responsibilities.json");
}

std::string errorOf(const std::string& text) {
  auto r = parse(text);
  EXPECT_FALSE(r.isOk()) << text;
  return r.isOk() ? "" : r.status().message();
}

Millis at(const char* iso) {
  Millis t = 0;
  EXPECT_TRUE(parseIsoTime(iso, &t)) << iso;
  return t;
}

Org orgWithDepartments() {
  Org org;
  org.street.name = "滨河街道";
  org.departments.push_back({"property-binyue", "滨悦物业", "property", {}});
  org.departments.push_back({"water", "水务集团", "water", {}});
  return org;
}

constexpr const char* kList = R"({"matters": [
  {"intent": "lift_fault", "name": "电梯故障维修", "owner": "department", "department_kind": "property",
   "laws": ["《特种设备安全法》"], "policies": ["《电梯维护保养规则》"],
   "deadline": {"accept_minutes": 30, "resolve_hours": 24}},
  {"category": "facility", "owner": "street", "laws": ["《物业管理条例》"],
   "deadline": {"resolve_working_days": 3}},
  {"intent": "water_cut", "owner": "department", "department": "water", "policies": ["供水服务规范"]}]})";

TEST(Responsibilities, ParsesEntriesAndTheirBasis) {
  auto list = parse(kList);
  ASSERT_OK(list);
  ASSERT_EQ(list->entries().size(), 3u);
  const Responsibility& lift = list->entries()[0];
  EXPECT_EQ(lift.matter, "lift_fault");
  EXPECT_FALSE(lift.is_category);
  EXPECT_EQ(lift.department_kind, "property");
  EXPECT_EQ(lift.deadline.accept_minutes, 30);
  EXPECT_EQ(lift.deadline.resolve_minutes, 24 * 60) << "resolve_hours is kept as minutes";
  EXPECT_EQ(basisText(lift), "《特种设备安全法》、《电梯维护保养规则》");
  EXPECT_TRUE(list->entries()[1].is_category);
  EXPECT_EQ(list->entries()[1].deadline.resolve_working_days, 3);
}

TEST(Responsibilities, FindsTheIntentsEntryBeforeItsCategorys) {
  auto list = parse(kList);
  ASSERT_OK(list);
  EXPECT_EQ(list->find("lift_fault", "facility")->matter, "lift_fault");
  EXPECT_EQ(list->find("street_light", "facility")->matter, "facility");
  EXPECT_EQ(list->find("noise", "pollution"), nullptr);
}

TEST(Responsibilities, EveryParseErrorNamesTheFileAndPath) {
  EXPECT_EQ(errorOf(R"({"matters": [{"intent": "x", "owner": "grid", "laws": ["a"], "owner_unit": 1}]})"),
            "responsibilities.json: $.matters[0].owner_unit: unknown key (known: intent, category, name, owner, "
            "department, department_kind, duty, laws, policies, deadline)");
  EXPECT_NE(errorOf(R"({"matters": [{"intent": "x", "owner": "mayor", "laws": ["a"]}]})")
                .find("responsibilities.json: $.matters[0].owner: \"mayor\" is not an owner"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"matters": [{"intent": "x", "category": "y", "owner": "grid", "laws": ["a"]}]})")
                .find("responsibilities.json: $.matters[0]: give exactly one of \"intent\" and \"category\""),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"matters": [{"intent": "x", "owner": "grid"}]})")
                .find("responsibilities.json: $.matters[0]: needs its basis"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"matters": [{"intent": "x", "owner": "grid", "laws": ["a", ""]}]})")
                .find("responsibilities.json: $.matters[0].laws[1]: must be a non-empty string"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"matters": [{"intent": "x", "owner": "department", "laws": ["a"]}]})")
                .find("owner \"department\" needs exactly one of"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"matters": [{"intent": "x", "owner": "grid", "laws": ["a"],
                                     "deadline": {"resolve_hours": 2, "resolve_working_days": 3}}]})")
                .find("responsibilities.json: $.matters[0].deadline: give one of"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"matters": [{"intent": "x", "owner": "grid", "laws": ["a"],
                                     "deadline": {"resolve_working_days": 0}}]})")
                .find("responsibilities.json: $.matters[0].deadline.resolve_working_days: must be an integer"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"matters": [{"intent": "x", "owner": "grid", "laws": ["a"]},
                                    {"intent": "x", "owner": "street", "laws": ["b"]}]})")
                .find("responsibilities.json: $.matters[1]: a second entry for intent \"x\" (the first is $.matters[0])"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"items": []})").find("responsibilities.json: $.items: unknown key"), std::string::npos);
}

TEST(Responsibilities, FileErrorsNameTheFileAndAMissingFileIsAnEmptyList) {
  test::TempDir dir;
  auto none = ResponsibilityList::forConfigDir(dir.path());
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  dir.write("responsibilities.json", "{\"matters\": [\n  {\"intent\": }\n]}");
  auto bad = ResponsibilityList::forConfigDir(dir.path());
  ASSERT_FALSE(bad.isOk());
  EXPECT_EQ(bad.status().message().rfind("responsibilities.json:2:", 0), 0u) << bad.status().message();
}

TEST(Responsibilities, ValidateCatchesAnUnknownIntentCategoryAndDepartment) {
  auto list = parse(R"({"matters": [
    {"intent": "lift_falt", "owner": "grid", "laws": ["a"]},
    {"category": "weather", "owner": "grid", "laws": ["a"]},
    {"intent": "water_cut", "owner": "department", "department": "water-co", "laws": ["a"]},
    {"intent": "heating", "owner": "department", "department_kind": "heating", "laws": ["a"]}]})");
  ASSERT_OK(list);
  const std::set<std::string> intents = {"lift_fault", "water_cut", "heating"};
  const std::set<std::string> categories = {"facility", "utility"};
  Status s = list->validate(intents, categories, orgWithDepartments());
  ASSERT_FALSE(s.isOk());
  const std::string m = s.message();
  EXPECT_NE(m.find("responsibilities.json: $.matters[0].intent: unknown intent \"lift_falt\""), std::string::npos) << m;
  EXPECT_NE(m.find("responsibilities.json: $.matters[1].category: unknown category \"weather\""), std::string::npos) << m;
  EXPECT_NE(m.find("responsibilities.json: $.matters[2].department: unknown department \"water-co\""), std::string::npos) << m;
  EXPECT_NE(m.find("responsibilities.json: $.matters[3].department_kind: no department of kind \"heating\""), std::string::npos) << m;

  auto good = parse(kList);
  ASSERT_OK(good);
  EXPECT_OK(good->validate({"lift_fault", "water_cut"}, {"facility"}, orgWithDepartments()));
}

TEST(Responsibilities, ShowsTheOwnerByNameOnATicket) {
  auto list = parse(kList);
  ASSERT_OK(list);
  OrgIndex org(std::make_shared<const Org>(orgWithDepartments()));
  TicketRecord t;
  t.department_id = "property-binyue";
  json j = responsibilityJson(list->entries()[0], org, &t);
  EXPECT_EQ(j["owner_name"], "滨悦物业");
  EXPECT_EQ(j["laws"][0], "《特种设备安全法》");
  EXPECT_EQ(j["deadline"]["resolve_minutes"], 24 * 60);
  EXPECT_TRUE(responsibilityJson(list->entries()[0], org)["owner_name"].is_null()) << "a kind without a ticket";
  EXPECT_EQ(responsibilityJson(list->entries()[1], org)["owner_name"], "滨河街道");
  EXPECT_EQ(responsibilityJson(list->entries()[2], org)["owner_name"], "水务集团");
}

TEST(Responsibilities, AnEntrysDeadlineReplacesTheUrgencysButNeverAnEmergencys) {
  auto list = parse(kList);
  ASSERT_OK(list);
  TicketPolicy p;
  p.responsibilities = std::make_shared<const ResponsibilityList>(std::move(list).value());
  const Deadline lift = p.deadlineFor("lift_fault", "facility", Urgency::kUrgent);
  EXPECT_EQ(lift.accept_minutes, 30);
  EXPECT_EQ(lift.resolve_minutes, 24 * 60);
  EXPECT_EQ(lift.resolve_working_days, 0);
  const Deadline light = p.deadlineFor("street_light", "facility", Urgency::kNormal);
  EXPECT_EQ(light.accept_minutes, 120) << "the entry gives no accept time: the urgency's stays";
  EXPECT_EQ(light.resolve_working_days, 3);
  const Deadline trapped = p.deadlineFor("lift_fault", "facility", Urgency::kEmergency);
  EXPECT_EQ(trapped.accept_minutes, 10);
  EXPECT_EQ(trapped.resolve_minutes, 120);
  EXPECT_EQ(trapped.resolve_working_days, 0);
  // tickets.intent_deadlines is the street's own override and comes first.
  p.by_intent["lift_fault"] = {5, 60};
  EXPECT_EQ(p.deadlineFor("lift_fault", "facility", Urgency::kUrgent).resolve_minutes, 60);
}

TEST(Responsibilities, AWorkingDayDeadlineEndsAtTheEndOfTheNthWorkingDay) {
  TicketPolicy p;  // no calendar.json: Monday to Friday
  Deadline d;
  d.resolve_working_days = 3;
  // Thursday 2026-12-03: Friday, Monday, Tuesday.
  EXPECT_EQ(formatChinaTime(p.resolveBy(at("2026-12-03T10:00:00+08:00"), d)), "2026-12-08T23:59:00+08:00");
  // Saturday: the weekend never counts.
  EXPECT_EQ(formatChinaTime(p.resolveBy(at("2026-12-05T10:00:00+08:00"), d)), "2026-12-09T23:59:00+08:00");
}

}  // namespace
}  // namespace gg
