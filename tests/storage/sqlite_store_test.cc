#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace gg {
namespace {

// A database file in its own TempDir.
class TempDb {
 public:
  std::string path() const { return dir_.file("t.db"); }

 private:
  test::TempDir dir_;
};

StorePtr open(const std::string& path) {
  auto s = openSqliteStore({path});
  EXPECT_OK(s);
  return std::move(s).value();
}

InboundEnvelope sampleEnvelope(const std::string& id) {
  InboundEnvelope e;
  e.channel = "onebot";
  e.account = "10001";
  e.platform_msg_id = id;
  e.chat_type = ChatType::kGroup;
  e.group_id = "81000101";
  e.sender_id = "2000001";
  e.sender_name = "王阿姨";
  e.text = "3号楼电梯又坏了";
  e.sent_at = 1700000000000;
  return e;
}

TEST(Migrations, ApplyingTwiceIsANoOp) {
  TempDb tmp;
  { open(tmp.path()); }
  SQLite::Database db(tmp.path(), SQLite::OPEN_READWRITE);
  EXPECT_EQ(sqlite::currentVersion(db), sqlite::latestVersion());
  SQLite::Statement before(db, "SELECT COUNT(*) FROM schema_migrations");
  before.executeStep();
  const int rows = before.getColumn(0).getInt();
  sqlite::migrate(db);
  sqlite::migrate(db);
  SQLite::Statement after(db, "SELECT COUNT(*) FROM schema_migrations");
  after.executeStep();
  EXPECT_EQ(after.getColumn(0).getInt(), rows);
  EXPECT_EQ(rows, sqlite::latestVersion());
}

TEST(Migrations, RefusesADatabaseFromANewerVersion) {
  TempDb tmp;
  { open(tmp.path()); }
  {
    SQLite::Database db(tmp.path(), SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO schema_migrations VALUES (999, 'future', 0)");
  }
  auto s = openSqliteStore({tmp.path()});
  ASSERT_FALSE(s.isOk());
  EXPECT_NE(s.status().message().find("newer"), std::string::npos);
}

TEST(Messages, SamePlatformMessageIsStoredOnce) {
  TempDb tmp;
  auto store = open(tmp.path());
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

TEST(Store, AFailingWriteRollsEverythingBack) {
  TempDb tmp;
  auto store = open(tmp.path());
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

TEST(Store, ConcurrentWritersCommitTogetherButFailAlone) {
  TempDb tmp;
  auto store = open(tmp.path());
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

TEST(Tickets, NumbersStartAt1001AndEventsAreAppendOnly) {
  TempDb tmp;
  auto store = open(tmp.path());
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
  SQLite::Database raw(tmp.path(), SQLite::OPEN_READWRITE);
  EXPECT_THROW(raw.exec("UPDATE ticket_events SET note = 'x'"), SQLite::Exception);
  EXPECT_THROW(raw.exec("DELETE FROM ticket_events"), SQLite::Exception);
  ASSERT_OK(store->read([&](Tx& tx) {
    auto t = tx.tickets().get(id);
    EXPECT_TRUE(t.isOk() && t->has_value());
    EXPECT_EQ((*t)->intent, "lift_fault");
    EXPECT_EQ(tx.tickets().events(id)->size(), 1u);
    return Status::ok();
  }));
}

TEST(Outbox, DedupKeyLeaseAndStates) {
  TempDb tmp;
  auto store = open(tmp.path());
  OutboxRecord r;
  r.dedup_key = "ticket:1001:ack";
  r.message.channel = "onebot";
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
    claimed = *tx.outbox().claimDue(200, 10, 1000, {"onebot"});
    return Status::ok();
  }));
  ASSERT_EQ(claimed.size(), 1u);
  ASSERT_OK(store->write([&](Tx& tx) {
    EXPECT_TRUE(tx.outbox().claimDue(99999, 10, 1000, {"wecom_robot"})->empty());
    return Status::ok();
  }));
  EXPECT_EQ(claimed[0].message.text, "已收到");
  EXPECT_EQ(claimed[0].attempts, 1);
  // While leased, it is not claimed again; after the lease (a crash) it is, once.
  ASSERT_OK(store->write([&](Tx& tx) {
    EXPECT_TRUE(tx.outbox().claimDue(500, 10, 1000, {"onebot"})->empty());
    EXPECT_EQ(tx.outbox().claimDue(1300, 10, 1000, {"onebot"})->size(), 1u);
    return tx.outbox().markSent(a, "pm-1", 1301);
  }));
  ASSERT_OK(store->write([&](Tx& tx) {
    EXPECT_TRUE(tx.outbox().claimDue(99999, 10, 1000, {"onebot"})->empty());
    auto got = tx.outbox().get(a);
    EXPECT_EQ((*got)->status, "sent");
    EXPECT_EQ((*got)->platform_msg_id, "pm-1");
    return Status::ok();
  }));
}

TEST(Timers, SurviveReopenAndFireOnce) {
  TempDb tmp;
  {
    auto store = open(tmp.path());
    ASSERT_OK(store->write([&](Tx& tx) {
      TimerRecord t;
      t.kind = "ticket.accept_by";
      t.ref_id = 1001;
      t.due_at = 1000;
      return tx.timers().schedule(t);
    }));
  }
  auto store = open(tmp.path());
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

TEST(Store, CheckpointsHappenInMaintainNotInCommits) {
  TempDb tmp;
  auto store = open(tmp.path());
  // Each commit adds a few pages to the log; SQLite's automatic checkpoint would cap the log
  // near 1,000 pages (about 4 MB) by checkpointing inside some unlucky writer's commit.
  for (int i = 0; i < 3000; ++i) {
    ASSERT_OK(store->write([&](Tx& tx) {
      return tx.messages().insert(sampleEnvelope("cp-" + std::to_string(i)), i).status();
    }));
  }
  EXPECT_GT(std::filesystem::file_size(tmp.path() + "-wal"), 6u << 20)
      << "commits must not checkpoint on their own";
  ASSERT_OK(store->maintain());
  SQLite::Database raw(tmp.path(), SQLite::OPEN_READWRITE);
  SQLite::Statement q(raw, "PRAGMA wal_checkpoint(PASSIVE)");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(1).getInt(), q.getColumn(2).getInt()) << "every frame was copied back";
  SQLite::Statement n(raw, "SELECT COUNT(*) FROM messages");
  n.executeStep();
  EXPECT_EQ(n.getColumn(0).getInt(), 3000);
}

TEST(Tokens, StoredByHashAndRevocable) {
  TempDb tmp;
  auto store = open(tmp.path());
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

}  // namespace
}  // namespace gg
