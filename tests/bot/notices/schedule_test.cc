#include <gtest/gtest.h>

#include "bot/notices/notice_settings.h"
#include "bot/notices/notice_target.h"
#include "bot/notices/notice_text.h"
#include "bot/notices/schedule.h"
#include "tests/bot/notices/notice_fixture.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

using test::at;

TEST(Schedule, RemindersCountBackFromTheDeadlineInChinaTime) {
  const Millis deadline = at("2026-12-25T23:59:59+08:00");
  EXPECT_EQ(reminderTime(deadline, 7 * kDay, 9 * 60), at("2026-12-18T09:00:00+08:00"));
  EXPECT_EQ(reminderTime(deadline, kDay, 9 * 60), at("2026-12-24T09:00:00+08:00"));
  EXPECT_EQ(reminderTime(deadline, 2 * kHour, -1), at("2026-12-25T21:59:59+08:00"));
  // 00:30 China time is still the previous day in UTC: the China day must be used.
  EXPECT_EQ(reminderTime(at("2026-12-25T00:30:00+08:00"), kDay, 9 * 60),
            at("2026-12-24T09:00:00+08:00"));
}

TEST(Schedule, QuietHoursWrapMidnight) {
  const int s = 22 * 60, e = 7 * 60;
  EXPECT_FALSE(inQuietHours(at("2026-11-23T21:59:59+08:00"), s, e));
  EXPECT_TRUE(inQuietHours(at("2026-11-23T22:00:00+08:00"), s, e));
  EXPECT_TRUE(inQuietHours(at("2026-11-24T06:59:00+08:00"), s, e));
  EXPECT_FALSE(inQuietHours(at("2026-11-24T07:00:00+08:00"), s, e));
  EXPECT_EQ(shiftOutOfQuiet(at("2026-11-23T23:00:00+08:00"), s, e),
            at("2026-11-24T07:00:00+08:00"));
  EXPECT_EQ(shiftOutOfQuiet(at("2026-11-24T03:00:00+08:00"), s, e),
            at("2026-11-24T07:00:00+08:00"));
  EXPECT_EQ(shiftOutOfQuiet(at("2026-11-24T12:00:00+08:00"), s, e),
            at("2026-11-24T12:00:00+08:00"));
  // A same-day window (13:00-14:00 siesta).
  EXPECT_EQ(shiftOutOfQuiet(at("2026-11-24T13:30:00+08:00"), 13 * 60, 14 * 60),
            at("2026-11-24T14:00:00+08:00"));
}

TEST(Schedule, ParsesDurationsClockTimesAndRelativeDates) {
  Millis d = 0;
  EXPECT_TRUE(parseDuration("7d", &d));
  EXPECT_EQ(d, 7 * kDay);
  EXPECT_TRUE(parseDuration("90m", &d));
  EXPECT_EQ(d, 90 * kMinute);
  for (const char* bad : {"", "d", "0d", "7", "7w", "-1d", "1.5d"})
    EXPECT_FALSE(parseDuration(bad, &d)) << bad;
  int m = 0;
  EXPECT_TRUE(parseClockTime("09:00", &m));
  EXPECT_EQ(m, 540);
  for (const char* bad : {"9:00", "25:00", "09:60", "0900"})
    EXPECT_FALSE(parseClockTime(bad, &m)) << bad;
  const Millis now = at("2026-11-23T23:30:00+08:00");
  Millis t = 0;
  ASSERT_TRUE(parseWhen("+1d 08:00", now, &t));
  EXPECT_EQ(t, at("2026-11-24T08:00:00+08:00"));
  ASSERT_TRUE(parseWhen("+2h", now, &t));
  EXPECT_EQ(t, now + 2 * kHour);
  ASSERT_TRUE(parseWhen("2026-12-25", now, &t));
  EXPECT_EQ(t, at("2026-12-25T00:00:00+08:00"));
  EXPECT_FALSE(parseWhen("tomorrow", now, &t));
  // Counts that used to overflow into negative times (a 500 and an undeletable notice) or throw.
  for (const char* bad : {"+9999999d", "+999999999999999999999d 08:00", "+106751992d 08:00",
                          "+3651d 08:00", "-99999d 00:00", "+9999999h", "+5256001m"}) {
    t = 42;
    EXPECT_FALSE(parseWhen(bad, now, &t)) << bad;
    EXPECT_EQ(t, 42) << bad;
  }
  ASSERT_TRUE(parseWhen("+3650d 08:00", now, &t));
  EXPECT_GT(t, now);
  EXPECT_EQ(formatChineseDate(at("2026-12-25T23:59:59+08:00")), "2026年12月25日");
}

TEST(NoticeSettingsParse, DefaultsAndErrors) {
  auto s = parseNoticeSettings(nlohmann::json::object());
  ASSERT_OK(s);
  EXPECT_EQ(s->quiet_start_minute, 22 * 60);
  EXPECT_EQ(s->answer_cooldown, 30 * kMinute);
  EXPECT_EQ(s->opinion.min_negative, 5);
  auto custom = parseNoticeSettings({{"quiet_hours", {{"from", "21:30"}, {"to", "08:00"}}},
                                     {"answer_cooldown_minutes", 10},
                                     {"opinion", {{"min_residents", 4}}}});
  ASSERT_OK(custom);
  EXPECT_EQ(custom->quiet_start_minute, 21 * 60 + 30);
  EXPECT_EQ(custom->answer_cooldown, 10 * kMinute);
  EXPECT_EQ(custom->opinion.min_residents, 4);
  auto bad = parseNoticeSettings({{"quiet_hours", {{"from", "9pm"}}}});
  ASSERT_FALSE(bad.isOk());
  EXPECT_NE(bad.status().message().find("notices.quiet_hours.from"), std::string::npos);
}

TEST(NoticeDraftParse, RejectsWhatCannotBeSent) {
  const Millis now = at("2026-11-23T10:00:00+08:00");
  nlohmann::json ok = {{"title", "t"}, {"body", "b"}, {"target", {{"all", true}}}};
  ASSERT_OK(parseNoticeDraft(ok, now));
  EXPECT_EQ(parseNoticeDraft(ok, now)->send_at, now);
  auto j = ok;
  j.erase("title");
  EXPECT_FALSE(parseNoticeDraft(j, now).isOk());
  j = ok;
  j["target"] = nlohmann::json::object();
  EXPECT_FALSE(parseNoticeDraft(j, now).isOk());
  j = ok;
  j["reminders"] = {{{"before", "7d"}, {"at", "09:00"}}};  // no deadline
  EXPECT_FALSE(parseNoticeDraft(j, now).isOk());
  j = ok;
  j["deadline"] = "2026-11-01";  // before send_at
  EXPECT_FALSE(parseNoticeDraft(j, now).isOk());
  j = ok;
  j["body"] = std::string(kMaxBodyBytes + 1, 'x');
  EXPECT_FALSE(parseNoticeDraft(j, now).isOk());
  j = ok;
  j["body"] = "\xff\xfe";
  EXPECT_FALSE(parseNoticeDraft(j, now).isOk());
}

TEST(NoticeText, QuestionsAboutANotice) {
  const std::vector<std::string> kw = {"医保", "缴费", "截止", "在哪里交", "智能手机"};
  EXPECT_TRUE(isQuestionAbout("医保交多少钱", kw));
  EXPECT_TRUE(isQuestionAbout("什么时候截止", kw));
  EXPECT_TRUE(isQuestionAbout("在哪里交", kw));
  EXPECT_TRUE(isQuestionAbout("我妈没有智能手机怎么交", kw));
  EXPECT_FALSE(isQuestionAbout("医保交好了", kw));
  EXPECT_FALSE(isQuestionAbout("电梯坏了怎么办", kw));
  EXPECT_EQ(renderTemplate("{a}和{b}及{c", {{"a", "1"}, {"b", "2"}}), "1和2及{c");
}

TEST(NoticeTargetResolve, UnionOfPlacesNarrowedByTags) {
  test::TempDir tmp;
  auto org = test::syntheticOrg(2, 3);
  NoticeTarget t;
  t.communities = {"c0"};
  auto groups = resolveTarget(*org, t);
  ASSERT_OK(groups);
  EXPECT_EQ(groups->size(), 3u);
  t.groups = {"901001"};
  groups = resolveTarget(*org, t);
  ASSERT_OK(groups);
  EXPECT_EQ(groups->size(), 4u);
  EXPECT_EQ(communitiesOf(*groups).size(), 2u);
  t.groups = {"nope"};
  EXPECT_FALSE(resolveTarget(*org, t).isOk());
  NoticeTarget tagged;
  tagged.tags = {"none-has-this"};
  EXPECT_FALSE(resolveTarget(*org, tagged).isOk());
}

}  // namespace
}  // namespace gg
