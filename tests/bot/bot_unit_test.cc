#include <gtest/gtest.h>

#include "bot/chat_commands.h"
#include "bot/router.h"
#include "bot/stats.h"
#include "bot/ticket_policy.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

Millis at(const char* iso) {
  Millis t = 0;
  EXPECT_TRUE(parseIsoTime(iso, &t)) << iso;
  return t;
}

TEST(ChatCommands, ParsesTheVerbsWorkersType) {
  auto c = parseChatCommand("接单 123");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, "accept");
  EXPECT_EQ(c->ticket_id, 123);
  c = parseChatCommand("办结 1024 已联系物业修复");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, "resolve");
  EXPECT_EQ(c->argument, "已联系物业修复");
  c = parseChatCommand("转派123 城管");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, "transfer");
  EXPECT_EQ(c->argument, "城管");
  c = parseChatCommand("  升级 #77 需要社区协调");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, "escalate");
  EXPECT_EQ(c->ticket_id, 77);
  c = parseChatCommand("退回 工单１２３号 不属于本网格");  // full-width digits, 工单/号
  ASSERT_TRUE(c);
  EXPECT_EQ(c->action, "reject");
  EXPECT_EQ(c->ticket_id, 123);
  EXPECT_EQ(c->argument, "不属于本网格");
  EXPECT_FALSE(parseChatCommand("接单"));
  EXPECT_FALSE(parseChatCommand("我想接单子的活"));
  EXPECT_FALSE(parseChatCommand("3号楼电梯坏了"));
  // A command word followed by a building is an address, not a ticket number.
  EXPECT_FALSE(parseChatCommand("没修好3号楼的电梯还是不动"));
  EXPECT_FALSE(parseChatCommand("受理2号楼楼下的垃圾问题吧"));
  EXPECT_FALSE(parseChatCommand("上报5栋门口的井盖丢了"));
  EXPECT_FALSE(parseChatCommand("升级12单元的线路"));
}

TEST(Duty, WindowsInChinaTimeIncludingOvernight) {
  Worker day;
  day.duty = {{{1, 2, 3, 4, 5}, 8 * 60 + 30, 17 * 60 + 30}};
  EXPECT_TRUE(onDutyAt(day, at("2026-11-24T10:00:00+08:00")));  // Tuesday
  EXPECT_FALSE(onDutyAt(day, at("2026-11-24T18:00:00+08:00")));
  EXPECT_FALSE(onDutyAt(day, at("2026-11-28T10:00:00+08:00")));  // Saturday
  EXPECT_TRUE(onDutyAt(day, at("2026-11-24T02:00:00Z")));        // 10:00 in China
  Worker night;
  night.duty = {{{5}, 20 * 60, 2 * 60}};  // Friday 20:00 → Saturday 02:00
  EXPECT_TRUE(onDutyAt(night, at("2026-11-27T21:00:00+08:00")));
  EXPECT_TRUE(onDutyAt(night, at("2026-11-28T01:00:00+08:00")));
  EXPECT_FALSE(onDutyAt(night, at("2026-11-28T03:00:00+08:00")));
  Worker always;
  EXPECT_TRUE(onDutyAt(always, at("2026-11-29T03:00:00+08:00")));
}

TEST(Router, PrefersFullTimeOnDutyThenLeastLoadThenLeader) {
  auto org = std::make_shared<Org>();
  Community c;
  c.id = "c1";
  Grid g;
  g.id = "g1";
  g.community_id = "c1";
  Worker leader{"lead", "组长", WorkerRole::kLeader, "", "", "", {}, {}, "g1"};
  Worker ft1{"ft1", "甲", WorkerRole::kFullTime, "", "", "", {}, {{{}, 8 * 60, 18 * 60}}, "g1"};
  Worker ft2{"ft2", "乙", WorkerRole::kFullTime, "", "", "", {}, {{{}, 8 * 60, 18 * 60}}, "g1"};
  Worker pt{"pt", "丙", WorkerRole::kPartTime, "", "", "", {}, {}, "g1"};
  g.workers = {leader, ft1, ft2, pt};
  c.grids.push_back(g);
  org->communities.push_back(c);
  OrgIndex index(org);
  Router router(index);
  const Grid& grid = *index.grid("g1");
  std::map<std::string, int> load = {{"ft1", 3}, {"ft2", 1}};
  struct MapLoad : WorkerLoad {
    std::map<std::string, int>& m;
    explicit MapLoad(std::map<std::string, int>& m) : m(m) {}
    int openTickets(const std::string& id) const override { return m[id]; }
  } loadFn(load);
  std::string why;
  EXPECT_EQ(router.onDuty(grid, at("2026-11-24T10:00:00+08:00"), loadFn, &why)->id, "ft2");
  load["ft2"] = 5;
  EXPECT_EQ(router.onDuty(grid, at("2026-11-24T10:00:00+08:00"), loadFn, &why)->id, "ft1");
  // Evening: full-timers off, the part-timer (always on) takes it before the leader.
  EXPECT_EQ(router.onDuty(grid, at("2026-11-24T20:00:00+08:00"), loadFn, &why)->id, "pt");
}

TEST(TicketPolicy, ParsesDeadlinesAndRejectsNonsense) {
  auto p = parseTicketPolicy(nlohmann::json::parse(
      R"({"deadlines": {"normal": {"accept_minutes": 60, "resolve_minutes": 600}},
          "intent_deadlines": {"lift_trapped": {"accept_minutes": 5, "resolve_minutes": 60}}})"));
  ASSERT_OK(p);
  EXPECT_EQ(p->deadlineFor("noise", Urgency::kNormal).accept_minutes, 60);
  EXPECT_EQ(p->deadlineFor("lift_trapped", Urgency::kEmergency).accept_minutes, 5);
  EXPECT_EQ(p->deadlineFor("gas_leak", Urgency::kEmergency).accept_minutes, 10);
  EXPECT_FALSE(parseTicketPolicy(nlohmann::json::parse(R"({"deadlines": {"soon": {}}})")).isOk());
  EXPECT_FALSE(parseTicketPolicy(nlohmann::json::parse(R"({"typo": 1})")).isOk());
  auto bad = parseTicketPolicy(nlohmann::json::parse(
      R"({"deadlines": {"normal": {"accept_minutes": 600, "resolve_minutes": 60}}})"));
  EXPECT_FALSE(bad.isOk());
}

TEST(TicketPolicy, SameDayCapsResolveByAtMidnight) {
  TicketPolicy p;
  p.same_day = true;
  const Millis morning = at("2026-11-24T09:00:00+08:00");
  EXPECT_EQ(p.resolveBy(morning, {120, 1440}), at("2026-11-24T23:59:00+08:00"));
  const Millis late = at("2026-11-24T23:30:00+08:00");
  EXPECT_EQ(p.resolveBy(late, {120, 1440}), late + 1440 * kMinute);
}

TEST(Stats, FiguresFromTickets) {
  std::vector<TicketRecord> ts(4);
  for (auto& t : ts) {
    t.created_at = 0;
    t.level = Level::kGrid;
  }
  ts[0].status = TicketStatus::kClosed;
  ts[0].resolved_at = 2 * kHour;
  ts[0].rating = 5;
  ts[1].status = TicketStatus::kResolved;
  ts[1].resolved_at = 10 * kHour;
  ts[1].overdue = true;
  ts[1].rating = 2;
  ts[2].status = TicketStatus::kClosed;
  ts[2].resolved_at = 6 * kHour;
  ts[2].escalations = 1;
  ts[2].level = Level::kCommunity;
  ts[3].status = TicketStatus::kAccepted;
  const Figures f = computeFigures(ts);
  EXPECT_EQ(f.received, 4);
  EXPECT_EQ(f.resolved, 3);
  EXPECT_EQ(f.closed, 2);
  EXPECT_EQ(f.on_time, 2);
  EXPECT_EQ(f.at_grid, 2);
  EXPECT_EQ(f.escalated, 1);
  EXPECT_DOUBLE_EQ(f.avg_hours, 6.0);
  EXPECT_DOUBLE_EQ(f.p90_hours, 10.0);
  auto j = f.toJson();
  EXPECT_DOUBLE_EQ(j["closure_rate"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(j["satisfaction_rate"].get<double>(), 0.5);
}

}  // namespace
}  // namespace gg
