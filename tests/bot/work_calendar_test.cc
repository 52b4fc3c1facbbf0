// The working-day calendar (calendar.json: 法定节假日 and 调休) and the night and weekend rule
// for accept clocks (tickets.office_hours), on the demo street's 2026 dates.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/ticket_policy.h"
#include "bot/work_calendar.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using nlohmann::json;

Millis at(const char* iso) {
  Millis t = 0;
  EXPECT_TRUE(parseIsoTime(iso, &t)) << iso;
  return t;
}

std::string errorOf(const std::string& text) {
  auto r = WorkCalendar::parse(json::parse(text), "calendar.json");
  EXPECT_FALSE(r.isOk()) << text;
  return r.isOk() ? "" : r.status().message();
}

WorkCalendar demoCalendar() {
  auto c = WorkCalendar::forConfigDir(test::demoConfig());
  EXPECT_OK(c);
  return c.isOk() ? std::move(c).value() : WorkCalendar{};
}

TEST(WorkCalendar, WithoutAFileItIsMondayToFriday) {
  test::TempDir dir;
  auto c = WorkCalendar::forConfigDir(dir.path());
  ASSERT_OK(c);
  EXPECT_TRUE(c->isWorkingDay(at("2026-10-01T10:00:00+08:00"))) << "a Thursday, with no holidays known";
  EXPECT_FALSE(c->isWorkingDay(at("2026-10-10T10:00:00+08:00"))) << "a Saturday";
  // China time decides the day: 23:30 on Friday UTC is already Saturday in China.
  EXPECT_FALSE(c->isWorkingDay(at("2026-12-04T23:30:00Z")));
}

TEST(WorkCalendar, HolidaysAreOffAndWorkedWeekendDaysAreOn) {
  const WorkCalendar c = demoCalendar();
  EXPECT_FALSE(c.isWorkingDay(at("2026-10-05T09:00:00+08:00"))) << "国庆, a Monday";
  EXPECT_TRUE(c.isWorkingDay(at("2026-10-10T09:00:00+08:00"))) << "调休 Saturday";
  EXPECT_TRUE(c.isWorkingDay(at("2026-09-20T09:00:00+08:00"))) << "调休 Sunday";
  EXPECT_FALSE(c.isWorkingDay(at("2026-02-17T09:00:00+08:00"))) << "春节";
  EXPECT_TRUE(c.isWorkingDay(at("2026-02-24T09:00:00+08:00")));
}

TEST(WorkCalendar, ThreeWorkingDaysFromTheDayBeforeNationalDayEndAfterTheHoliday) {
  TicketPolicy p;
  p.calendar = demoCalendar();
  Deadline d;
  d.resolve_working_days = 3;
  // Raised Wednesday 2026-09-30: 10-01..07 are off, then Thu 10-08, Fri 10-09 and the worked
  // Saturday 10-10.
  EXPECT_EQ(formatChinaTime(p.resolveBy(at("2026-09-30T15:00:00+08:00"), d)), "2026-10-10T23:59:00+08:00");
  d.resolve_working_days = 4;
  EXPECT_EQ(formatChinaTime(p.resolveBy(at("2026-09-30T15:00:00+08:00"), d)), "2026-10-12T23:59:00+08:00")
      << "Sunday 10-11 is off again";
  // Without the calendar the same ticket would be due inside the holiday.
  TicketPolicy plain;
  d.resolve_working_days = 3;
  EXPECT_EQ(formatChinaTime(plain.resolveBy(at("2026-09-30T15:00:00+08:00"), d)), "2026-10-05T23:59:00+08:00");
}

TEST(WorkCalendar, EveryProblemNamesTheFileAndPath) {
  EXPECT_EQ(errorOf(R"({"holidays": ["2026-10-01", "2026-10-02", "2026-10-3", "2026-13-01"]})"),
            "calendar.json: $.holidays[2]: \"2026-10-3\" is not a date YYYY-MM-DD\n"
            "calendar.json: $.holidays[3]: \"2026-13-01\" is not a date YYYY-MM-DD");
  EXPECT_EQ(errorOf(R"({"holidays": ["2026-02-30"]})"),
            "calendar.json: $.holidays[0]: \"2026-02-30\" is not a day of the calendar");
  EXPECT_EQ(errorOf(R"({"holidays": [20261001]})"),
            "calendar.json: $.holidays[0]: must be a date string \"YYYY-MM-DD\"");
  EXPECT_EQ(errorOf(R"({"holidays": ["2026-10-01"], "workdays": ["2026-10-10", "2026-10-01"]})"),
            "calendar.json: $.workdays[1]: the day is already listed at $.holidays[0]");
  EXPECT_EQ(errorOf(R"({"workdays": ["2026-10-12"]})"),
            "calendar.json: $.workdays[0]: 2026-10-12 is a weekday; workdays lists the Saturdays and "
            "Sundays that are worked (调休)");
  EXPECT_EQ(errorOf(R"({"holiday": []})").rfind("calendar.json: $.holiday: unknown key", 0), 0u);
  EXPECT_EQ(errorOf(R"({"holidays": "2026-10-01"})"),
            "calendar.json: $.holidays: must be an array of dates \"YYYY-MM-DD\"");
  test::TempDir dir;
  dir.write("calendar.json", "{\"holidays\": [\n\"2026-10-01\",\n]}");
  auto bad = WorkCalendar::forConfigDir(dir.path());
  ASSERT_FALSE(bad.isOk());
  EXPECT_EQ(bad.status().message().rfind("calendar.json:", 0), 0u) << bad.status().message();
}

TicketPolicy officeHours(const std::string& settings) {
  auto p = parseTicketPolicy(json::parse(settings));
  EXPECT_OK(p);
  TicketPolicy out = p.isOk() ? std::move(p).value() : TicketPolicy{};
  out.calendar = demoCalendar();
  return out;
}

std::string start(const TicketPolicy& p, const char* iso, Urgency u = Urgency::kNormal) {
  return formatChinaTime(p.clockStart(at(iso), u));
}

TEST(OfficeHours, ANightOrWeekendClockStartsTheNextWorkingMorning) {
  const TicketPolicy p = officeHours(R"({"office_hours": {"from": "08:30", "to": "17:30"}})");
  EXPECT_EQ(start(p, "2026-12-03T10:00:00+08:00"), "2026-12-03T10:00:00+08:00") << "office hours: at once";
  EXPECT_EQ(start(p, "2026-12-03T06:10:00+08:00"), "2026-12-03T08:30:00+08:00") << "early: this morning";
  EXPECT_EQ(start(p, "2026-12-03T17:30:00+08:00"), "2026-12-04T08:30:00+08:00") << "evening: tomorrow";
  EXPECT_EQ(start(p, "2026-12-04T20:00:00+08:00"), "2026-12-07T08:30:00+08:00") << "Friday night: Monday";
  EXPECT_EQ(start(p, "2026-12-05T11:00:00+08:00"), "2026-12-07T08:30:00+08:00") << "Saturday: Monday";
  EXPECT_EQ(start(p, "2026-09-30T19:00:00+08:00"), "2026-10-08T08:30:00+08:00") << "国庆 eve: after it";
  EXPECT_EQ(start(p, "2026-10-10T11:00:00+08:00"), "2026-10-10T11:00:00+08:00") << "调休 Saturday is worked";
  EXPECT_EQ(start(p, "2026-12-04T20:00:00+08:00", Urgency::kUrgent), "2026-12-04T20:00:00+08:00");
  EXPECT_EQ(start(p, "2026-12-05T03:00:00+08:00", Urgency::kEmergency), "2026-12-05T03:00:00+08:00");

  // The whole ticket: accept-by and a working-day resolve-by are counted from the start.
  Deadline d;
  d.resolve_working_days = 1;
  const Millis s = p.clockStart(at("2026-12-04T20:00:00+08:00"), Urgency::kNormal);
  EXPECT_EQ(formatChinaTime(s + d.accept_minutes * kMinute), "2026-12-07T10:30:00+08:00");
  EXPECT_EQ(formatChinaTime(p.resolveBy(s, d)), "2026-12-08T23:59:00+08:00");
}

TEST(OfficeHours, UrgentCanWaitTooAndWeekendsCanCountAsDays) {
  const TicketPolicy urgent = officeHours(R"({"office_hours": {"from": "09:00", "to": "18:00", "urgent": true}})");
  EXPECT_EQ(start(urgent, "2026-12-04T20:00:00+08:00", Urgency::kUrgent), "2026-12-07T09:00:00+08:00");
  EXPECT_EQ(start(urgent, "2026-12-05T03:00:00+08:00", Urgency::kEmergency), "2026-12-05T03:00:00+08:00");
  const TicketPolicy nights = officeHours(R"({"office_hours": {"from": "08:00", "to": "20:00", "non_working_days": false}})");
  EXPECT_EQ(start(nights, "2026-12-05T11:00:00+08:00"), "2026-12-05T11:00:00+08:00") << "only nights wait";
  EXPECT_EQ(start(nights, "2026-12-05T21:00:00+08:00"), "2026-12-06T08:00:00+08:00");
  TicketPolicy none;
  EXPECT_EQ(start(none, "2026-12-05T03:00:00+08:00"), "2026-12-05T03:00:00+08:00") << "no setting: at once";
}

TEST(OfficeHours, BadSettingsAreErrorsNamingTheKey) {
  auto err = [](const char* text) {
    auto p = parseTicketPolicy(json::parse(text));
    EXPECT_FALSE(p.isOk()) << text;
    return p.isOk() ? "" : p.status().message();
  };
  EXPECT_EQ(err(R"({"office_hours": {"from": "08:30", "to": "24:00"}})"),
            "gridgate.json: $.tickets.office_hours.to: must be a time \"HH:MM\"");
  EXPECT_EQ(err(R"({"office_hours": {"from": "8:30", "to": "17:30"}})"),
            "gridgate.json: $.tickets.office_hours.from: must be a time \"HH:MM\"");
  EXPECT_EQ(err(R"({"office_hours": {"from": "18:00", "to": "08:30"}})"),
            "gridgate.json: $.tickets.office_hours: from must be earlier than to");
  EXPECT_EQ(err(R"({"office_hours": {"to": "17:30"}})"),
            "gridgate.json: $.tickets.office_hours: missing required field \"from\" (HH:MM)");
  EXPECT_EQ(err(R"({"office_hours": {"from": "08:30", "to": "17:30", "weekends": true}})")
                .rfind("gridgate.json: $.tickets.office_hours.weekends: unknown key", 0),
            0u);
  EXPECT_EQ(err(R"({"office_hours": {"from": "08:30", "to": "17:30", "urgent": "yes"}})"),
            "gridgate.json: $.tickets.office_hours.urgent: must be true or false");
}

TEST(OfficeHours, TicketSettingsMayGiveWorkingDaysInsteadOfMinutes) {
  auto p = parseTicketPolicy(json::parse(R"({"intent_deadlines": {"dibao": {"resolve_working_days": 5}}})"));
  ASSERT_OK(p);
  EXPECT_EQ(p->deadlineFor("dibao", Urgency::kNormal).resolve_working_days, 5);
  EXPECT_EQ(p->deadlineFor("dibao", Urgency::kNormal).accept_minutes, 120);
  auto both = parseTicketPolicy(
      json::parse(R"({"deadlines": {"normal": {"resolve_minutes": 60, "resolve_working_days": 1}}})"));
  ASSERT_FALSE(both.isOk());
  EXPECT_EQ(both.status().message(),
            "gridgate.json: $.tickets.deadlines.normal: give resolve_minutes or resolve_working_days, not both");
}

}  // namespace
}  // namespace gg
