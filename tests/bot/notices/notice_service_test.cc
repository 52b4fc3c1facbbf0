#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>

#include "tests/bot/notices/notice_fixture.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

using test::at;

nlohmann::json insuranceNotice() {
  return {{"title", "医保缴费"},
          {"body",
           "2027年度城乡居民医疗保险缴费开始了,缴费标准为{amount},截止日期{deadline}。网格员{"
           "worker_name}"},
          {"target", {{"grids", {"binhe-01"}}}},
          {"deadline", "2026-12-25T23:59:59+08:00"},
          {"reminders", {{{"before", "7d"}, {"at", "09:00"}}, {{"before", "1d"}, {"at", "09:00"}}}},
          {"keywords", {"医保", "缴费", "截止"}},
          {"vars", {{"amount", "400元"}}}};
}

class NoticeServiceTest : public test::NoticeFixture {};

// Plays the dispatcher: marks every notice row still waiting sent (or dead), as delivering them
// would.
void finishNoticeRows(Store& store, bool sent, Millis at, int only_first = -1) {
  int n = 0;
  ASSERT_OK(store.write([&](Tx& tx) -> Status {
    for (const auto& r : test::outboxRows(store, "notice")) {
      if (r.status != OutboxStatus::kPending) continue;
      if (only_first >= 0 && n++ >= only_first) break;
      GG_RETURN_IF_ERROR(sent ? tx.outbox().markSent(r.id, "m", at)
                              : tx.outbox().markDead(r.id, "gone", at));
    }
    return Status::ok();
  }));
}

TEST_F(NoticeServiceTest, RemindersFireAtTheRightChinaTime) {
  // The machine's zone must not matter.
  setenv("TZ", "America/New_York", 1);
  tzset();
  auto created = service_->create(binhe_, draft(insuranceNotice()));
  ASSERT_OK(created);
  EXPECT_EQ(created->status, NoticeStatus::kScheduled);
  ASSERT_OK(service_->tick());
  auto rows = test::outboxRows(*store_, "notice");
  ASSERT_EQ(rows.size(), 1u);  // binhe-01 has one group
  EXPECT_EQ(rows[0].message.channel, Channel::kOneBot);
  EXPECT_EQ(rows[0].message.target_kind, TargetKind::kGroup);
  EXPECT_EQ(rows[0].message.target, "81000101");
  EXPECT_NE(rows[0].message.text.find("缴费标准为400元,截止日期2026年12月25日"), std::string::npos)
      << rows[0].message.text;
  EXPECT_NE(rows[0].message.text.find("方海燕"), std::string::npos);  // the grid leader
  EXPECT_EQ(rows[0].dedup_key,
            "notice:" + std::to_string(created->id) + ":initial:onebot:81000101");

  clock_.set(at("2026-12-18T08:59:00+08:00"));
  ASSERT_OK(service_->tick());
  EXPECT_EQ(test::outboxRows(*store_, "notice").size(), 1u);
  clock_.set(at("2026-12-18T09:00:00+08:00"));
  ASSERT_OK(service_->tick());
  rows = test::outboxRows(*store_, "notice");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].next_attempt_at, at("2026-12-18T09:00:00+08:00"));  // newest first
  EXPECT_NE(rows[0].message.text.find("【提醒】距截止还有7天"), std::string::npos)
      << rows[0].message.text;
  clock_.set(at("2026-12-24T09:00:30+08:00"));
  ASSERT_OK(service_->tick());
  rows = test::outboxRows(*store_, "notice");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NE(rows[0].message.text.find("还有1天"), std::string::npos);
  // Nothing more, ever.
  clock_.set(at("2026-12-30T09:00:00+08:00"));
  ASSERT_OK(service_->tick());
  EXPECT_EQ(test::outboxRows(*store_, "notice").size(), 3u);
  auto view = service_->view(binhe_, created->id);
  ASSERT_OK(view);
  EXPECT_EQ((*view)["status"], "sending") << "queued is not sent";
  finishNoticeRows(*store_, true, clock_.now());
  ASSERT_OK(service_->tick());
  view = service_->view(binhe_, created->id);
  ASSERT_OK(view);
  EXPECT_EQ((*view)["status"], "done");
  unsetenv("TZ");
  tzset();
}

TEST_F(NoticeServiceTest, QuietHoursHold) {
  clock_.set(at("2026-11-23T21:00:00+08:00"));
  auto j = insuranceNotice();
  j["send_at"] = "2026-11-23T23:30:00+08:00";
  auto created = service_->create(binhe_, draft(j));
  ASSERT_OK(created);
  for (const auto& d : deliveries(created->id)) {
    if (d.send_kind == "initial") {
      EXPECT_EQ(d.due_at, at("2026-11-24T07:00:00+08:00"));
    }
  }
  clock_.set(at("2026-11-23T23:30:00+08:00"));
  ASSERT_OK(service_->tick());
  clock_.set(at("2026-11-24T06:59:59+08:00"));
  ASSERT_OK(service_->tick());
  EXPECT_TRUE(test::outboxRows(*store_, "notice").empty());
  clock_.set(at("2026-11-24T07:00:00+08:00"));
  ASSERT_OK(service_->tick());
  EXPECT_EQ(test::outboxRows(*store_, "notice").size(), 1u);
}

TEST_F(NoticeServiceTest, UrgentNoticesAreNotHeldByQuietHours) {
  clock_.set(at("2026-11-23T23:00:00+08:00"));
  auto j = insuranceNotice();
  j["urgent"] = true;
  auto created = service_->create(binhe_, draft(j));
  ASSERT_OK(created);
  ASSERT_OK(service_->tick());
  auto rows = test::outboxRows(*store_, "notice");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].next_attempt_at, at("2026-11-23T23:00:00+08:00"));
}

TEST_F(NoticeServiceTest, ASendMissedWhileDownGoesOutOnceAndOutsideQuietHours) {
  auto j = insuranceNotice();
  j["send_at"] = "2026-11-23T21:00:00+08:00";
  auto created = service_->create(binhe_, draft(j));
  ASSERT_OK(created);
  clock_.set(at("2026-11-23T23:10:00+08:00"));  // the server was down at 21:00
  ASSERT_OK(service_->tick());
  ASSERT_OK(service_->tick());
  auto rows = test::outboxRows(*store_, "notice");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].next_attempt_at, at("2026-11-24T07:00:00+08:00"));

  // With send_late_if_before_deadline off, a missed send is skipped, not sent.
  NoticeSettings strict;
  strict.send_late_if_before_deadline = false;
  reset(strict);
  clock_.set(at("2026-11-24T10:00:00+08:00"));
  j["send_at"] = "2026-11-24T11:00:00+08:00";
  auto second = service_->create(binhe_, draft(j));
  ASSERT_OK(second);
  clock_.set(at("2026-11-24T13:00:00+08:00"));
  ASSERT_OK(service_->tick());
  EXPECT_EQ(test::outboxRows(*store_, "notice").size(), 1u);
  for (const auto& d : deliveries(second->id)) {
    if (d.send_kind == "initial") {
      EXPECT_EQ(d.status, DeliveryStatus::kSkipped);
    }
  }
}

TEST_F(NoticeServiceTest, CancelStopsPendingDeliveries) {
  auto created = service_->create(binhe_, draft(insuranceNotice()));
  ASSERT_OK(created);
  ASSERT_OK(service_->tick());
  ASSERT_EQ(test::outboxRows(*store_, "notice").size(), 1u);
  EXPECT_EQ(service_->cancel(donghu_, created->id).code(), Code::kPermissionDenied);
  ASSERT_OK(service_->cancel(binhe_, created->id));
  EXPECT_EQ(service_->cancel(binhe_, created->id).code(), Code::kConflict);
  clock_.set(at("2026-12-24T09:00:00+08:00"));
  ASSERT_OK(service_->tick());
  auto rows = test::outboxRows(*store_, "notice");
  ASSERT_EQ(rows.size(), 1u);              // no reminder went out
  EXPECT_EQ(rows[0].status, OutboxStatus::kCancelled);  // the queued, unsent initial was withdrawn
  auto view = service_->view(admin_, created->id);
  ASSERT_OK(view);
  EXPECT_EQ((*view)["counts"]["cancelled"], 3);
  bool saw_cancel = false;
  for (const auto& a : (*view)["audit"]) saw_cancel |= a["action"] == "cancel";
  EXPECT_TRUE(saw_cancel);
}

TEST_F(NoticeServiceTest, MentionAllOrSeveralCommunitiesNeedASecondPersonsApproval) {
  auto j = insuranceNotice();
  j["mention_all"] = true;
  auto created = service_->create(binhe_, draft(j));
  ASSERT_OK(created);
  EXPECT_EQ(created->status, NoticeStatus::kPendingApproval);
  ASSERT_OK(service_->tick());
  EXPECT_TRUE(test::outboxRows(*store_, "notice").empty());
  EXPECT_TRUE(deliveries(created->id).empty());
  EXPECT_EQ(service_->approve(binhe_, created->id).code(), Code::kPermissionDenied);   // creator
  EXPECT_EQ(service_->approve(grid_, created->id).code(), Code::kPermissionDenied);    // too low
  EXPECT_EQ(service_->approve(donghu_, created->id).code(), Code::kPermissionDenied);  // scope
  ASSERT_OK(service_->approve(binhe2_, created->id));
  EXPECT_EQ(service_->approve(street_, created->id).code(), Code::kConflict);
  ASSERT_OK(service_->tick());
  auto rows = test::outboxRows(*store_, "notice");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].message.mention_all);

  auto multi = insuranceNotice();
  multi["target"] = {{"communities", {"binhe", "donghu"}}};
  auto m = service_->create(street_, draft(multi));
  ASSERT_OK(m);
  EXPECT_EQ(m->status, NoticeStatus::kPendingApproval);
  EXPECT_EQ(service_->approve(binhe2_, m->id).code(), Code::kPermissionDenied);
  ASSERT_OK(service_->approve(street2_, m->id));
  auto view = service_->view(admin_, m->id);
  ASSERT_OK(view);
  EXPECT_EQ((*view)["approved_by"], street2_.actor());
  EXPECT_EQ((*view)["created_by"], street_.actor());

  // A single-community notice without @all goes straight out.
  auto plain = service_->create(binhe_, draft(insuranceNotice()));
  ASSERT_OK(plain);
  EXPECT_EQ(plain->status, NoticeStatus::kScheduled);
}

TEST_F(NoticeServiceTest, ACommunityTokenCannotTargetAnotherCommunity) {
  auto j = insuranceNotice();
  j["target"] = {{"communities", {"donghu"}}};
  EXPECT_EQ(service_->create(binhe_, draft(j)).status().code(), Code::kPermissionDenied);
  j["target"] = {{"all", true}};
  EXPECT_EQ(service_->create(binhe_, draft(j)).status().code(), Code::kPermissionDenied);
  j["target"] = {{"grids", {"binhe-02"}}};
  EXPECT_EQ(service_->create(grid_, draft(j)).status().code(), Code::kPermissionDenied);
  j["target"] = {{"grids", {"nope"}}};
  EXPECT_EQ(service_->create(admin_, draft(j)).status().code(), Code::kInvalidArgument);
}

TEST_F(NoticeServiceTest, EditWhilePendingRebuildsDeliveriesAndIsRefusedOnceSending) {
  auto created = service_->create(binhe_, draft(insuranceNotice()));
  ASSERT_OK(created);
  ASSERT_EQ(deliveries(created->id).size(), 3u);
  ASSERT_OK(service_->edit(
      binhe_, created->id,
      {{"send_at", "2026-11-24T10:00:00+08:00"}, {"reminders", nlohmann::json::array()}}));
  auto ds = deliveries(created->id);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].due_at, at("2026-11-24T10:00:00+08:00"));
  // Adding @all withdraws it into approval.
  ASSERT_OK(service_->edit(binhe_, created->id, {{"mention_all", true}}));
  EXPECT_TRUE(deliveries(created->id).empty());
  ASSERT_OK(service_->approve(binhe2_, created->id));
  clock_.set(at("2026-11-24T10:00:00+08:00"));
  ASSERT_OK(service_->tick());
  EXPECT_EQ(service_->edit(binhe_, created->id, {{"title", "x"}}).code(), Code::kConflict);
}

// Delivers everything due from `from` to `to` in steps, as the background thread would.
void runUntil(NoticeService& s, FakeClock& clock, Millis to, Millis step) {
  while (clock.now() < to) {
    clock.advance(step);
    ASSERT_OK(s.tick());
  }
}

TEST(NoticeFanOut, ThousandGroupsTimesThreeSendsMakeExactly3000OutboxRows) {
  test::TempDir tmp;
  auto org = test::syntheticOrg(10, 100);
  auto store = openSqliteStore({tmp.file("fan.db")});
  ASSERT_OK(store);
  FakeClock clock(at("2026-11-23T10:00:00+08:00"));
  NoticeService service(**store, *org, clock, NoticeSettings{});
  auto d = parseNoticeDraft(insuranceNotice(), clock.now());
  ASSERT_OK(d);
  d->target = NoticeTarget{};
  d->target.all = true;
  auto p = test::principal(Role::kStreet, "", 1, "a");
  const auto t0 = std::chrono::steady_clock::now();
  auto created = service.create(p, *d);
  ASSERT_OK(created);
  ASSERT_EQ(created->status, NoticeStatus::kPendingApproval);  // ten communities
  ASSERT_OK(service.approve(test::principal(Role::kStreet, "", 2, "b"), created->id));
  ASSERT_OK(service.tick());
  runUntil(service, clock, at("2026-12-26T10:00:00+08:00"), 6 * kHour);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  auto rows = test::outboxRows(**store, "notice");
  ASSERT_EQ(rows.size(), 3000u);
  std::set<std::string> keys;
  std::map<std::string, int> per_group;
  for (const auto& r : rows) {
    keys.insert(r.dedup_key);
    ++per_group[r.message.target];
  }
  EXPECT_EQ(keys.size(), 3000u);
  ASSERT_EQ(per_group.size(), 1000u);
  for (const auto& [g, n] : per_group) EXPECT_EQ(n, 3) << g;
  std::cout << "[ measure ] 1000 groups x 3 sends: create+approve+all ticks " << ms << " ms\n";
}

TEST(NoticeFanOut, ARestartInTheMiddleFinishesWithEveryGroupExactlyOnce) {
  test::TempDir tmp;
  auto org = test::syntheticOrg(1, 1000);
  FakeClock clock(at("2026-11-23T10:00:00+08:00"));
  NoticeSettings small;
  small.tick_batch = 100;
  small.tick_max_batches = 3;
  auto p = test::principal(Role::kAdmin, "", 1, "a");
  int64_t id = 0;
  {
    auto store = openSqliteStore({tmp.file("restart.db")});
    ASSERT_OK(store);
    NoticeService service(**store, *org, clock, small);
    auto d =
        parseNoticeDraft({{"title", "t"}, {"body", "b"}, {"target", {{"all", true}}}}, clock.now());
    ASSERT_OK(d);
    auto created = service.create(p, *d);
    ASSERT_OK(created);
    id = created->id;
    ASSERT_OK(service.tick());  // 300 of 1000, then the process "dies"
    ASSERT_EQ(test::outboxRows(**store, "notice").size(), 300u);
  }
  auto store = openSqliteStore({tmp.file("restart.db")});
  ASSERT_OK(store);
  NoticeService service(**store, *org, clock, small);
  for (int i = 0; i < 10; ++i) ASSERT_OK(service.tick());
  auto rows = test::outboxRows(**store, "notice");
  ASSERT_EQ(rows.size(), 1000u);
  std::set<std::string> groups;
  for (const auto& r : rows) groups.insert(r.message.target);
  EXPECT_EQ(groups.size(), 1000u);
  finishNoticeRows(**store, true, clock.now());
  ASSERT_OK(service.tick());
  auto view = service.view(p, id);
  ASSERT_OK(view);
  EXPECT_EQ((*view)["status"], "done");
  EXPECT_EQ((*view)["counts"]["sent"], 1000);
}

TEST_F(NoticeServiceTest, ANoticeWhoseDeliveriesFailedIsPartialOrFailedNeverDone) {
  auto all = test::principal(Role::kAdmin, "", 1, "a");
  auto d = parseNoticeDraft(
      {{"title", "停水"}, {"body", "明天停水"}, {"target", {{"communities", {"binhe"}}}}},
      clock_.now());
  ASSERT_OK(d);
  auto created = service_->create(all, *d);
  ASSERT_OK(created);
  ASSERT_OK(service_->tick());
  ASSERT_GE(test::outboxRows(*store_, "notice").size(), 2u);
  finishNoticeRows(*store_, true, clock_.now(), 1);  // one group got it
  finishNoticeRows(*store_, false, clock_.now());    // the others' rows died
  ASSERT_OK(service_->tick());
  auto view = service_->view(all, created->id);
  ASSERT_OK(view);
  EXPECT_EQ((*view)["status"], "partial");

  auto d2 = parseNoticeDraft(
      {{"title", "停电"}, {"body", "明天停电"}, {"target", {{"grids", {"binhe-01"}}}}},
      clock_.now());
  ASSERT_OK(d2);
  auto second = service_->create(all, *d2);
  ASSERT_OK(second);
  ASSERT_OK(service_->tick());
  finishNoticeRows(*store_, false, clock_.now());
  ASSERT_OK(service_->tick());
  auto v2 = service_->view(all, second->id);
  ASSERT_OK(v2);
  EXPECT_EQ((*v2)["status"], "failed");
}

TEST_F(NoticeServiceTest, DeliveryStateFollowsTheOutboxRow) {
  auto created = service_->create(binhe_, draft(insuranceNotice()));
  ASSERT_OK(created);
  ASSERT_OK(service_->tick());
  auto rows = test::outboxRows(*store_, "notice");
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_OK(store_->write([&](Tx& tx) {
    return tx.outbox().markDead(rows[0].id, "group not found (retcode 100)", clock_.now());
  }));
  auto view = service_->view(binhe_, created->id);
  ASSERT_OK(view);
  ASSERT_EQ((*view)["failed"].size(), 1u);
  EXPECT_EQ((*view)["failed"][0]["group_id"], "81000101");
  EXPECT_EQ((*view)["failed"][0]["error"], "group not found (retcode 100)");
  EXPECT_EQ(service_->view(donghu_, created->id).status().code(), Code::kNotFound);
}

InboundEnvelope question(const std::string& text, const std::string& id) {
  InboundEnvelope e;
  e.channel = Channel::kOneBot;
  e.account = "10001";
  e.platform_msg_id = id;
  e.chat_type = ChatType::kGroup;
  e.group_id = "81000101";
  e.sender_id = "555";
  e.text = text;
  return e;
}

TEST_F(NoticeServiceTest, AnswersOncePerWindowAndNeverAfterDeadlineOrCancel) {
  auto ask = [&](const InboundEnvelope& e) {
    std::optional<OutboundMessage> out;
    EXPECT_OK(store_->write([&](Tx& tx) {
      auto r = service_->answerFor(tx, e, "binhe-01", clock_.now());
      if (!r.isOk()) return r.status();
      out = *r;
      return Status::ok();
    }));
    return out;
  };
  // Not before the notice has gone out.
  auto created = service_->create(binhe_, draft(insuranceNotice()));
  ASSERT_OK(created);
  EXPECT_FALSE(ask(question("医保交多少钱", "m0")));
  ASSERT_OK(service_->tick());

  EXPECT_FALSE(ask(question("今天天气怎么样?", "m1")));  // a question, not about the notice
  EXPECT_FALSE(ask(question("医保已经交了", "m2")));     // about it, not a question
  auto self = question("医保交多少钱", "m3");
  self.from_self = true;
  EXPECT_FALSE(ask(self));
  auto answer = ask(question("医保交多少钱", "m4"));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->channel, Channel::kOneBot);
  EXPECT_EQ(answer->target, "81000101");
  EXPECT_EQ(answer->reply_to, "m4");
  EXPECT_NE(answer->text.find("400元"), std::string::npos) << answer->text;
  EXPECT_NE(answer->text.find("方海燕"), std::string::npos);
  EXPECT_FALSE(ask(question("什么时候截止?", "m5")));  // cooldown
  // The cooldown is in the database: a new service (a restart) keeps it.
  reset(settings_);
  clock_.advance(29 * kMinute);
  EXPECT_FALSE(ask(question("什么时候截止?", "m6")));
  clock_.advance(1 * kMinute);
  EXPECT_TRUE(ask(question("什么时候截止?", "m7")));
  // After the deadline: silence.
  clock_.set(at("2026-12-26T10:00:00+08:00"));
  EXPECT_FALSE(ask(question("医保在哪里交?", "m8")));
  // After a cancel: silence.
  clock_.set(at("2026-11-30T10:00:00+08:00"));
  ASSERT_OK(service_->cancel(binhe_, created->id));
  EXPECT_FALSE(ask(question("医保在哪里交?", "m9")));
}

TEST_F(NoticeServiceTest, DemoNoticesAreSeededOnce) {
  ASSERT_OK(service_->seedNotices(test::demoConfig()));
  ASSERT_OK(service_->seedNotices(test::demoConfig()));
  auto list = service_->list(admin_, std::nullopt, 100, 0);
  ASSERT_OK(list);
  ASSERT_EQ(list->size(), 2u);
  ASSERT_OK(service_->tick());
  auto rows = test::outboxRows(*store_, "notice");
  size_t water = 0, insurance = 0;
  for (const auto& r : rows) {
    if (r.message.text.find("停水") != std::string::npos) {
      ++water;
      EXPECT_TRUE(r.message.mention_all);
      EXPECT_NE(r.message.text.find("11月24日8:00至14:00"), std::string::npos) << r.message.text;
    }
    if (r.message.text.find("2027年度") != std::string::npos) ++insurance;
  }
  EXPECT_EQ(water, 1u);  // binhe-01 has one group
  EXPECT_EQ(insurance, org_->allGroups().size());
}

}  // namespace
}  // namespace gg
