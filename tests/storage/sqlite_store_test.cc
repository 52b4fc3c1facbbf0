#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "storage/sql/migrate.h"
#include "storage/sql/schema.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/storage/engine_store_fixture.h"
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

TEST(Migrations, ApplyingTwiceIsANoOp) {
  TempDb tmp;
  { open(tmp.path()); }
  SQLite::Database db(tmp.path(), SQLite::OPEN_READWRITE);
  sqlite::SqliteConnection conn(db);
  EXPECT_EQ(sql::currentVersion(conn), sql::latestSchemaVersion());
  SQLite::Statement before(db, "SELECT COUNT(*) FROM schema_migrations");
  before.executeStep();
  const int rows = before.getColumn(0).getInt();
  sql::migrate(conn);
  sql::migrate(conn);
  SQLite::Statement after(db, "SELECT COUNT(*) FROM schema_migrations");
  after.executeStep();
  EXPECT_EQ(after.getColumn(0).getInt(), rows);
  EXPECT_EQ(rows, sql::latestSchemaVersion());
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


TEST(Store, TheLogStartsOverWhileWritesKeepComing) {
  TempDb tmp;
  SqliteOptions o{tmp.path()};
  o.wal_restart_bytes = 8 << 20;
  auto opened = openSqliteStore(o);
  ASSERT_OK(opened);
  StorePtr store = std::move(opened).value();
  // 12,000 commits of a message each write about 170 MB of log (3-4 pages a commit). With
  // maintain() running meanwhile, as the gateway's worker runs it, the log must start over
  // instead of holding every frame ever written (it did: 86 MB after 6,000 commits).
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 12000; ++i) {
      EXPECT_OK(store->write([&](Tx& tx) {
        return tx.messages().insert(sampleEnvelope("w-" + std::to_string(i)), i).status();
      }));
    }
    done = true;
  });
  int rounds = 0;
  while (!done.load()) {
    EXPECT_OK(store->maintain());
    ++rounds;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  writer.join();
  ASSERT_GT(rounds, 2) << "the writes ended before maintain() ran alongside them";
  EXPECT_LT(std::filesystem::file_size(tmp.path() + "-wal"), 48u << 20)
      << "the log kept growing under writes";
}


}  // namespace
}  // namespace gg
