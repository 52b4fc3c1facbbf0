// The storage suite on both engines: every test runs on SQLite and on a throwaway PostgreSQL
// cluster (tests/support/pg_cluster.h); the PostgreSQL runs skip, saying so, only when
// PostgreSQL is not installed.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "storage/database_url.h"
#include "storage/pg/pg_connection.h"
#include "storage/sql/schema.h"
#include "storage/sqlite/sqlite_connection.h"
#include "tests/support/status_matchers.h"
#include "tests/storage/engine_store_fixture.h"
#include "tests/support/test_db.h"

namespace gg {
namespace {

class EngineStore : public ::testing::TestWithParam<test::Engine> {};

// The runner once compared against MAX(version) only: a database with a later step recorded
// but an earlier one missing never got the earlier one.
TEST_P(EngineStore, HealthNamesTheEngineAndTheSchemaVersion) {
  GG_TEST_DB(db);
  auto store = db.open();
  const auto h = store->health();
  EXPECT_EQ(h["engine"], db.engine() == test::Engine::kSqlite ? "sqlite" : "postgresql");
  EXPECT_EQ(h["schema_version"], sql::latestSchemaVersion());
  EXPECT_EQ(h["ok"], true);
}

TEST_P(EngineStore, MessagesSamePlatformMessageIsStoredOnce) {
  GG_TEST_DB(db);
  auto store = db.open();
  int64_t first = 0;
  ASSERT_OK(store->write([&](Tx& tx) {
    auto r = tx.messages().insert(sampleEnvelope("m1"), 1);
    if (!r.isOk()) return r.status();
    EXPECT_TRUE(r->is_new);
    first = r->id;
    return Status::ok();
  }));
  ASSERT_OK(store->write([&](Tx& tx) {
    auto copy = sampleEnvelope("m1");
    copy.text = "changed on redelivery";
    auto r = tx.messages().insert(copy, 2);
    if (!r.isOk()) return r.status();
    EXPECT_FALSE(r->is_new);
    EXPECT_EQ(r->id, first);
    return Status::ok();
  }));
  ASSERT_OK(store->read([&](Tx& tx) {
    EXPECT_EQ(*tx.messages().count(), 1);
    auto m = tx.messages().get(first);
    EXPECT_TRUE(m.isOk() && m->has_value());
    EXPECT_EQ((*m)->envelope.text, "3号楼电梯又坏了");
    EXPECT_EQ((*m)->envelope.sender_name, "王阿姨");
    return Status::ok();
  }));
}

TEST_P(EngineStore, StoreAFailingWriteRollsEverythingBack) {
  GG_TEST_DB(db);
  auto store = db.open();
  Status s = store->write([&](Tx& tx) {
    auto r = tx.messages().insert(sampleEnvelope("m2"), 1);
    EXPECT_OK(r);
    TicketRecord t;
    t.status = TicketStatus::kAssigned;
    t.created_at = 1;
    EXPECT_OK(tx.tickets().insert(t));
    return conflict("something later failed");
  });
  EXPECT_EQ(s.code(), Code::kConflict);
  ASSERT_OK(store->read([&](Tx& tx) {
    EXPECT_EQ(*tx.messages().count(), 0);
    int64_t total = -1;
    EXPECT_TRUE(tx.tickets().list({}, &total).isOk());
    EXPECT_EQ(total, 0);
    return Status::ok();
  }));
}

TEST_P(EngineStore, StoreConcurrentWritersCommitTogetherButFailAlone) {
  GG_TEST_DB(db);
  auto store = db.open();
  constexpr int kThreads = 8, kEach = 150;
  std::atomic<int> ok{0}, refused{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const bool fail = (t * kEach + i) % 7 == 0;
        Status s = store->write([&](Tx& tx) {
          auto r =
              tx.messages().insert(sampleEnvelope(std::to_string(t) + ":" + std::to_string(i)), i);
          if (!r.isOk()) return r.status();
          return fail ? conflict("this one changes its mind") : Status::ok();
        });
        if (fail ? s.code() == Code::kConflict : s.isOk())
          (fail ? refused : ok)++;
        else
          wrong++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0) << "every caller gets its own outcome";
  int64_t stored = 0;
  ASSERT_OK(store->read([&](Tx& tx) {
    stored = *tx.messages().count();
    return Status::ok();
  }));
  EXPECT_EQ(stored, ok.load()) << "a refused write leaves nothing behind, the others all stay";
  EXPECT_GT(refused.load(), 0);
}

TEST_P(EngineStore, TicketsNumbersStartAt1001AndEventsAreAppendOnly) {
  GG_TEST_DB(db);
  auto store = db.open();
  int64_t id = 0;
  ASSERT_OK(store->write([&](Tx& tx) {
    TicketRecord t;
    t.status = TicketStatus::kAssigned;
    t.grid_id = "binhe-01";
    t.intent = "lift_fault";
    t.created_at = 5;
    auto r = tx.tickets().insert(t);
    if (!r.isOk()) return r.status();
    id = *r;
    TicketEvent e;
    e.ticket_id = id;
    e.at = 5;
    e.actor_kind = "system";
    e.action = "create";
    return tx.tickets().appendEvent(e);
  }));
  EXPECT_EQ(id, 1001);
  Status s = store->write([&](Tx&) { return Status::ok(); });
  EXPECT_OK(s);
  // Editing the audit log is refused by the database itself.
  RawConnection raw(db);
  EXPECT_ANY_THROW(raw->execute("UPDATE ticket_events SET note = 'x'"));
  EXPECT_ANY_THROW(raw->execute("DELETE FROM ticket_events"));
  ASSERT_OK(store->read([&](Tx& tx) {
    auto t = tx.tickets().get(id);
    EXPECT_TRUE(t.isOk() && t->has_value());
    EXPECT_EQ((*t)->intent, "lift_fault");
    EXPECT_EQ(tx.tickets().events(id)->size(), 1u);
    return Status::ok();
  }));
}

TEST_P(EngineStore, OutboxDedupKeyLeaseAndStates) {
  GG_TEST_DB(db);
  auto store = db.open();
  OutboxRecord r;
  r.dedup_key = "ticket:1001:ack";
  r.message.channel = Channel::kOneBot;
  r.message.target_kind = TargetKind::kGroup;
  r.message.target = "81000101";
  r.message.text = "已收到";
  r.created_at = 100;
  int64_t a = 0, b = 0;
  ASSERT_OK(store->write([&](Tx& tx) {
    a = *tx.outbox().enqueue(r);
    b = *tx.outbox().enqueue(r);
    return Status::ok();
  }));
  EXPECT_EQ(a, b);
  std::vector<OutboxRecord> claimed;
  ASSERT_OK(store->write([&](Tx& tx) {
    claimed = *tx.outbox().claimDue(200, 10, 1000, {Channel::kOneBot});
    return Status::ok();
  }));
  ASSERT_EQ(claimed.size(), 1u);
  ASSERT_OK(store->write([&](Tx& tx) {
    EXPECT_TRUE(tx.outbox().claimDue(99999, 10, 1000, {Channel::kWeComRobot})->empty());
    return Status::ok();
  }));
  EXPECT_EQ(claimed[0].message.text, "已收到");
  EXPECT_EQ(claimed[0].attempts, 1);
  EXPECT_EQ(claimed[0].interrupted_attempt_at, 0) << "a first attempt interrupts nothing";
  // While leased, it is not claimed again; after the lease (a crash) it is, once, saying when the
  // interrupted attempt began (so the sender can look on the platform before sending again).
  ASSERT_OK(store->write([&](Tx& tx) {
    EXPECT_TRUE(tx.outbox().claimDue(500, 10, 1000, {Channel::kOneBot})->empty());
    auto again = tx.outbox().claimDue(1300, 10, 1000, {Channel::kOneBot});
    EXPECT_EQ(again->size(), 1u);
    if (again->size() == 1) {
      EXPECT_EQ((*again)[0].interrupted_attempt_at, 200);
      EXPECT_EQ((*again)[0].attempts, 2);
    }
    return tx.outbox().markSent(a, "pm-1", 1301);
  }));
  ASSERT_OK(store->write([&](Tx& tx) {
    EXPECT_TRUE(tx.outbox().claimDue(99999, 10, 1000, {Channel::kOneBot})->empty());
    auto got = tx.outbox().get(a);
    EXPECT_EQ((*got)->status, OutboxStatus::kSent);
    EXPECT_EQ((*got)->platform_msg_id, "pm-1");
    return Status::ok();
  }));
}

TEST_P(EngineStore, TimersSurviveReopenAndFireOnce) {
  GG_TEST_DB(db);
  {
    auto store = db.open();
    ASSERT_OK(store->write([&](Tx& tx) {
      TimerRecord t;
      t.kind = "ticket.accept_by";
      t.ref_id = 1001;
      t.due_at = 1000;
      return tx.timers().schedule(t);
    }));
  }
  auto store = db.open();
  ASSERT_OK(store->write([&](Tx& tx) {
    EXPECT_TRUE(tx.timers().due(999, 10)->empty());
    auto due = *tx.timers().due(1000, 10);
    EXPECT_EQ(due.size(), 1u);
    EXPECT_TRUE(*tx.timers().markFired(due[0].id, 1000));
    EXPECT_FALSE(*tx.timers().markFired(due[0].id, 1001));
    EXPECT_TRUE(tx.timers().due(5000, 10)->empty());
    return Status::ok();
  }));
}

TEST_P(EngineStore, TokensStoredByHashAndRevocable) {
  GG_TEST_DB(db);
  auto store = db.open();
  ASSERT_OK(store->write([&](Tx& tx) {
    TokenRecord t;
    t.name = "ops";
    t.role = "community";
    t.scope = "binhe";
    t.token_hash = "abc";
    t.created_at = 1;
    auto id = tx.tokens().insert(t);
    EXPECT_TRUE(id.isOk());
    EXPECT_TRUE(tx.tokens().findActiveByHash("abc")->has_value());
    EXPECT_TRUE(tx.tokens().revoke(*id, 2).isOk());
    EXPECT_FALSE(tx.tokens().findActiveByHash("abc")->has_value());
    EXPECT_EQ(tx.tokens().revoke(*id, 3).code(), Code::kNotFound);
    return Status::ok();
  }));
}

// Two dispatchers (two Stores, as two gateway processes would hold) claim the same due rows at
// once: each row is claimed by exactly one of them.
TEST_P(EngineStore, OutboxTwoStoresClaimingTogetherNeverClaimARowTwice) {
  GG_TEST_DB(db);
  auto a = db.open();
  auto b = db.open();
  constexpr int kRows = 300;
  ASSERT_OK(a->write([&](Tx& tx) {
    for (int i = 0; i < kRows; ++i) {
      auto id = tx.outbox().enqueue(sampleOutbox("k" + std::to_string(i)));
      if (!id.isOk()) return id.status();
    }
    return Status::ok();
  }));
  std::vector<int64_t> got_a, got_b;
  auto drain = [](Store& s, std::vector<int64_t>* got) {
    for (int round = 0; round < 200; ++round) {
      std::vector<OutboxRecord> claimed;
      Status st = s.write([&](Tx& tx) {
        auto c = tx.outbox().claimDue(200, 7, 60000, {Channel::kOneBot});
        if (!c.isOk()) return c.status();
        claimed = std::move(c).value();
        return Status::ok();
      });
      EXPECT_OK(st);
      if (claimed.empty()) return;
      for (const auto& r : claimed) {
        EXPECT_EQ(r.status, OutboxStatus::kSending);
        EXPECT_EQ(r.attempts, 1);
        got->push_back(r.id);
      }
    }
  };
  std::thread ta(drain, std::ref(*a), &got_a);
  std::thread tb(drain, std::ref(*b), &got_b);
  ta.join();
  tb.join();
  std::vector<int64_t> all = got_a;
  all.insert(all.end(), got_b.begin(), got_b.end());
  std::set<int64_t> unique(all.begin(), all.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kRows)) << "every row claimed once, none twice";
  EXPECT_EQ(unique.size(), static_cast<size_t>(kRows));
}

// Two instances racing for the same due timers, each markFired in its own transaction (as
// Pipeline::runTimers does): each timer is won by exactly one of them.
TEST_P(EngineStore, TimersTwoStoresFiringTogetherWinEachTimerOnce) {
  GG_TEST_DB(db);
  auto a = db.open();
  auto b = db.open();
  constexpr int kTimers = 100;
  ASSERT_OK(a->write([&](Tx& tx) {
    for (int i = 0; i < kTimers; ++i) {
      TimerRecord t;
      t.kind = "ticket.accept_by";
      t.ref_id = 1001 + i;
      t.due_at = 10;
      GG_RETURN_IF_ERROR(tx.timers().schedule(t));
    }
    return Status::ok();
  }));
  std::atomic<int> won{0}, ready{0};
  auto fire = [&](Store& s) {
    std::vector<TimerRecord> due;
    EXPECT_OK(s.read([&](Tx& tx) {
      due = *tx.timers().due(20, kTimers);
      return Status::ok();
    }));
    EXPECT_EQ(due.size(), static_cast<size_t>(kTimers));
    // Both have read every timer as due before either fires one: they race for each.
    ++ready;
    while (ready.load() < 2) std::this_thread::yield();
    for (const auto& t : due) {
      EXPECT_OK(s.write([&](Tx& tx) {
        auto w = tx.timers().markFired(t.id, 20);
        if (!w.isOk()) return w.status();
        if (*w) ++won;
        return Status::ok();
      }));
    }
  };
  std::thread ta(fire, std::ref(*a));
  std::thread tb(fire, std::ref(*b));
  ta.join();
  tb.join();
  EXPECT_EQ(won.load(), kTimers);
}

// Two gateways starting together on an empty database: both open, the schema is applied once.
TEST_P(EngineStore, SqlHoldsTextExactly) {
  GG_TEST_DB(db);
  auto store = db.open();
  // Quotes, a question mark and a colon word inside the text are data, not placeholders.
  auto e = sampleEnvelope("q1");
  e.text = "it's ? :name -- not a comment; 'x' \"y\" 电梯";
  ASSERT_OK(store->write([&](Tx& tx) { return tx.messages().insert(e, 1).status(); }));
  ASSERT_OK(store->read([&](Tx& tx) {
    auto m = tx.messages().byPlatformId(Channel::kOneBot, "10001", "q1");
    EXPECT_TRUE(m.isOk() && m->has_value());
    if (m.isOk() && m->has_value()) EXPECT_EQ((*m)->envelope.text, e.text);
    return Status::ok();
  }));
}

// Times in milliseconds exceed 32 bits: a filter bound next to a literal 0 must still hold them.
TEST_P(EngineStore, TicketsFilterByTimesInMilliseconds) {
  GG_TEST_DB(db);
  auto store = db.open();
  ASSERT_OK(store->write([&](Tx& tx) {
    TicketRecord t;
    t.status = TicketStatus::kAssigned;
    t.created_at = 1795485600000;
    return tx.tickets().insert(t).status();
  }));
  ASSERT_OK(store->read([&](Tx& tx) {
    TicketFilter f;
    f.created_from = 1795485599999;
    f.created_to = 1795485600001;
    int64_t total = -1;
    auto rows = tx.tickets().list(f, &total);
    EXPECT_TRUE(rows.isOk()) << rows.status().message();
    EXPECT_EQ(total, 1);
    f.created_to = 1795485600000;
    rows = tx.tickets().list(f, &total);
    EXPECT_TRUE(rows.isOk()) << rows.status().message();
    EXPECT_EQ(total, 0);
    return Status::ok();
  }));
}

// Upserts spelled once for both engines: a route's count adds up and its newest time wins; an
// account is replaced whole.
TEST_P(EngineStore, ChannelsUpsertRoutesAndAccounts) {
  GG_TEST_DB(db);
  auto store = db.open();
  ChatRouteRecord r;
  r.channel = Channel::kOneBot;
  r.target = "81000199";
  r.self_id = "10001";
  r.bound = false;
  r.last_message_at = 500;
  r.messages = 2;
  ASSERT_OK(store->write([&](Tx& tx) { return tx.channels().touchRoute(r); }));
  r.self_id = "10002";
  r.last_message_at = 400;  // older: the stored 500 stays
  r.messages = 3;
  ASSERT_OK(store->write([&](Tx& tx) { return tx.channels().touchRoute(r); }));
  BotAccountRecord a;
  a.channel = Channel::kOneBot;
  a.self_id = "10001";
  a.mode = "http";
  a.online = true;
  ASSERT_OK(store->write([&](Tx& tx) { return tx.channels().putAccount(a); }));
  a.mode = "reverse-ws";
  a.online = false;
  ASSERT_OK(store->write([&](Tx& tx) { return tx.channels().putAccount(a); }));
  ASSERT_OK(store->read([&](Tx& tx) {
    auto got = tx.channels().route(Channel::kOneBot, TargetKind::kGroup, "81000199");
    EXPECT_TRUE(got.isOk() && got->has_value());
    if (got.isOk() && got->has_value()) {
      EXPECT_EQ((*got)->messages, 5);
      EXPECT_EQ((*got)->last_message_at, 500);
      EXPECT_EQ((*got)->self_id, "10002");
    }
    auto acc = tx.channels().account(Channel::kOneBot, "10001");
    EXPECT_TRUE(acc.isOk() && acc->has_value());
    if (acc.isOk() && acc->has_value()) {
      EXPECT_EQ((*acc)->mode, "reverse-ws");
      EXPECT_FALSE((*acc)->online);
    }
    EXPECT_EQ(tx.channels().accounts()->size(), 1u);
    return Status::ok();
  }));
}

INSTANTIATE_TEST_SUITE_P(BothEngines, EngineStore,
                         ::testing::Values(test::Engine::kSqlite, test::Engine::kPostgres),
                         test::engineName);

}  // namespace
}  // namespace gg
