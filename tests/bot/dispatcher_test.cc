#include <gtest/gtest.h>

#include "adapters/onebot/onebot_sender.h"
#include "adapters/wecom/wecom_robot_sender.h"
#include "bot/dispatcher.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/fakes/fake_onebot_client.h"
#include "tests/fakes/fake_wecom_api.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

constexpr Millis kStart = 1795000000000;  // 2026-11-18, any fixed instant

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    onebot_.start();
    wecom_.start();
    wecom_.addRobotKey("robot-a");
    reopen();
  }

  void reopen() {
    dispatcher_.reset();
    store_.reset();
    auto s = openSqliteStore({tmp_.file("d.db")});
    ASSERT_OK(s);
    store_ = std::move(s).value();
    std::map<Channel, SenderPtr> senders;
    senders[Channel::kOneBot] =
        std::make_unique<OneBotSender>(onebot_.baseUrl(), "ob-token", HttpTimeouts{1000, 1000});
    const std::string robot_url = wecom_.robotUrl("robot-a");
    senders[Channel::kWeComRobot] = std::make_unique<WeComRobotSender>(
        std::make_shared<const fakes::StaticRobots>(std::map<std::string, std::string>{{"wecom-group-1", robot_url}}),
        HttpTimeouts{1000, 1000});
    DispatcherSettings ds = settings_;
    ds.limits[Channel::kWeComRobot] = {20, kMinute};
    dispatcher_ = std::make_unique<Dispatcher>(*store_, clock_, ds, std::move(senders));
  }

  int64_t enqueue(Channel channel, const std::string& target, const std::string& key,
                  const std::string& text = "您反映的问题已受理") {
    OutboxRecord r;
    r.dedup_key = key;
    r.message.channel = channel;
    r.message.target_kind = TargetKind::kGroup;
    r.message.target = target;
    r.message.text = text;
    r.created_at = clock_.now();
    r.next_attempt_at = clock_.now();
    int64_t id = 0;
    EXPECT_OK(store_->write([&](Tx& tx) {
      auto got = tx.outbox().enqueue(r);
      if (!got.isOk()) return got.status();
      id = *got;
      return Status::ok();
    }));
    return id;
  }

  OutboxRecord row(int64_t id) {
    OutboxRecord out;
    EXPECT_OK(store_->read([&](Tx& tx) {
      out = **tx.outbox().get(id);
      return Status::ok();
    }));
    return out;
  }

  int drain(int rounds, Millis step) {
    int total = 0;
    for (int i = 0; i < rounds; ++i) {
      auto n = dispatcher_->runOnce();
      EXPECT_OK(n);
      total += n.isOk() ? *n : 0;
      clock_.advance(step);
    }
    return total;
  }

  test::TempDir tmp_;
  FakeClock clock_{kStart};
  fakes::FakeOneBotClient onebot_{"ob-token"};
  fakes::FakeWeComApi wecom_{"ww-corp", "corp-secret", &clock_};
  DispatcherSettings settings_;
  StorePtr store_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherTest, DeliversOnceAndRecordsThePlatformId) {
  const int64_t id = enqueue(Channel::kOneBot, "81000101", "k1");
  EXPECT_EQ(drain(1, 0), 1);
  ASSERT_EQ(onebot_.calls().size(), 1u);
  EXPECT_EQ(onebot_.calls()[0].action, "send_group_msg");
  EXPECT_EQ(onebot_.calls()[0].body["group_id"], 81000101);
  EXPECT_EQ(onebot_.authFailures(), 0);
  auto r = row(id);
  EXPECT_EQ(r.status, OutboxStatus::kSent);
  EXPECT_EQ(r.platform_msg_id, std::to_string(onebot_.calls()[0].message_id));
  EXPECT_EQ(drain(3, kMinute), 0);
  EXPECT_EQ(onebot_.calls().size(), 1u);
}

TEST_F(DispatcherTest, RateLimitNeverExceededInAnyWindow) {
  for (int i = 0; i < 45; ++i) enqueue(Channel::kWeComRobot, "wecom-group-1", "r" + std::to_string(i));
  drain(200, kSecond);
  auto msgs = wecom_.robotMessages();
  ASSERT_EQ(msgs.size(), 45u);
  EXPECT_EQ(wecom_.rateLimitedCount(), 0);
  for (size_t i = 20; i < msgs.size(); ++i) {
    EXPECT_GT(msgs[i].at_ms - msgs[i - 20].at_ms, kMinute)
        << "more than 20 sends within a minute at " << i;
  }
}

TEST_F(DispatcherTest, RetriesWithBackoffThenSucceeds) {
  onebot_.injectFault(fakes::FakeFault::kServerError, 2);
  const int64_t id = enqueue(Channel::kOneBot, "81000101", "k-retry");
  EXPECT_EQ(drain(1, 0), 1);
  auto r = row(id);
  EXPECT_EQ(r.status, OutboxStatus::kPending);
  EXPECT_GT(r.next_attempt_at, clock_.now());
  EXPECT_FALSE(r.last_error.empty());
  drain(1, 0);  // not due yet: nothing happens
  EXPECT_EQ(onebot_.requests(), 1);
  drain(20, 30 * kSecond);
  r = row(id);
  EXPECT_EQ(r.status, OutboxStatus::kSent);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(onebot_.calls().size(), 1u);
}

// "Equal jitter": the first retry waits between half the base backoff and all of it, and a fixed
// seed repeats the same wait, so a failing run can be replayed exactly.
TEST_F(DispatcherTest, RetryJitterStaysInItsBoundsAndASeedRepeatsIt) {
  settings_.jitter_seed = 42;
  settings_.base_backoff = 10 * kSecond;
  std::vector<Millis> waits;
  for (int run = 0; run < 2; ++run) {
    reopen();
    onebot_.injectFault(fakes::FakeFault::kServerError, 1);
    const int64_t id = enqueue(Channel::kOneBot, "81000101", "k-jitter-" + std::to_string(run));
    ASSERT_EQ(drain(1, 0), 1);
    const Millis wait = row(id).next_attempt_at - clock_.now();
    EXPECT_GE(wait, 5 * kSecond);
    EXPECT_LE(wait, 10 * kSecond);
    waits.push_back(wait);
    drain(3, 10 * kSecond);  // let it go, so the next run starts clean
  }
  EXPECT_EQ(waits[0], waits[1]);
}

TEST_F(DispatcherTest, DeadLettersAfterTheLimitWithTheLastError) {
  settings_.max_attempts = 3;
  reopen();
  onebot_.injectFault(fakes::FakeFault::kServerError, 100);
  const int64_t id = enqueue(Channel::kOneBot, "81000101", "k-dead");
  drain(60, kMinute);
  auto r = row(id);
  EXPECT_EQ(r.status, OutboxStatus::kDead);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_NE(r.last_error.find("3 attempts"), std::string::npos) << r.last_error;
  EXPECT_EQ(onebot_.requests(), 3);
}

TEST_F(DispatcherTest, PermanentErrorsAreNotRetried) {
  const int64_t id = enqueue(Channel::kOneBot, "not-a-number", "k-perm");
  drain(5, kMinute);
  EXPECT_EQ(row(id).status, OutboxStatus::kDead);
  EXPECT_EQ(onebot_.requests(), 0);  // refused before any network call
}

TEST_F(DispatcherTest, NoDoubleSendAcrossARestart) {
  enqueue(Channel::kOneBot, "81000101", "k-a");
  drain(1, 0);
  ASSERT_EQ(onebot_.calls().size(), 1u);
  reopen();
  drain(5, kMinute);
  EXPECT_EQ(onebot_.calls().size(), 1u);
}

TEST_F(DispatcherTest, ACrashBetweenSendAndMarkResendsOnlyThatMessageOnce) {
  const int64_t crashed = enqueue(Channel::kOneBot, "81000101", "k-crash");
  // Simulate a process that claimed the row and died before the platform took it: the
  // platform's history does not show it, so it is sent again, once.
  ASSERT_OK(store_->write([&](Tx& tx) {
    return tx.outbox().claimDue(clock_.now(), 10, kMinute, {Channel::kOneBot}).status();
  }));
  const int64_t fresh = enqueue(Channel::kOneBot, "81000102", "k-fresh");
  reopen();
  drain(1, 0);  // the lease still holds: only the fresh row goes
  ASSERT_EQ(onebot_.calls().size(), 1u);
  clock_.advance(2 * kMinute);
  drain(3, kMinute);
  EXPECT_EQ(onebot_.calls().size(), 2u);
  EXPECT_EQ(row(crashed).status, OutboxStatus::kSent);
  EXPECT_EQ(row(fresh).status, OutboxStatus::kSent);
}

TEST_F(DispatcherTest, AnInterruptedSendThePlatformAlreadyShowsIsMarkedSentNotSentAgain) {
  const int64_t crashed = enqueue(Channel::kOneBot, "81000101", "k-taken");
  const int64_t other = enqueue(Channel::kOneBot, "81000101", "k-other", "另一条消息");
  std::vector<OutboxRecord> claimed;
  ASSERT_OK(store_->write([&](Tx& tx) {
    auto r = tx.outbox().claimDue(clock_.now(), 10, kMinute, {Channel::kOneBot});
    if (!r.isOk()) return r.status();
    claimed = std::move(r).value();
    return Status::ok();
  }));
  ASSERT_EQ(claimed.size(), 2u);
  // The platform takes the first; the process dies before marking either.
  OneBotSender direct(onebot_.baseUrl(), "ob-token", HttpTimeouts{1000, 1000});
  const OutboxRecord& taken = claimed[0].id == crashed ? claimed[0] : claimed[1];
  ASSERT_EQ(direct.send(taken.message, taken.dedup_key).kind, SendOutcome::Kind::kDelivered);
  reopen();
  clock_.advance(2 * kMinute);
  drain(3, kMinute);
  // The group's history shows the first: marked sent with the platform's id, not sent again.
  // The second is not there: sent now. Two sends in all, two history reads.
  const auto calls = onebot_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].body["message"], "另一条消息");
  EXPECT_EQ(onebot_.historyReads(), 2);
  EXPECT_EQ(row(crashed).status, OutboxStatus::kSent);
  EXPECT_EQ(row(crashed).platform_msg_id, std::to_string(calls[0].message_id));
  EXPECT_EQ(row(other).status, OutboxStatus::kSent);
}

TEST_F(DispatcherTest, RowsOfAnUnconfiguredChannelWait) {
  const int64_t id = enqueue(Channel::kSms, "13900000000", "k-sms");
  drain(3, kMinute);
  EXPECT_EQ(row(id).status, OutboxStatus::kPending);
  EXPECT_EQ(row(id).attempts, 0);
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

// A leased row whose target no platform can address (the remote crash found from outside) is
// dead-lettered once; the dispatcher keeps going and the next row is delivered.
TEST_F(DispatcherTest, UnaddressableRowIsDeadLetteredAndTheNextOneStillGoes) {
  const int64_t bad = enqueue(Channel::kOneBot, "12345678901234567890", "k-bad");
  const int64_t good = enqueue(Channel::kOneBot, "81000101", "k-good");
  drain(2, kSecond);
  EXPECT_EQ(row(bad).status, OutboxStatus::kDead);
  EXPECT_EQ(row(good).status, OutboxStatus::kSent);
  EXPECT_EQ(onebot_.calls().size(), 1u);
}

}  // namespace
}  // namespace gg
