// Versioned migrations on both engines (storage/sql/migrate.h): idempotent, each missing step
// applied, a newer database refused, two stores opening together both succeed.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "storage/open_store.h"
#include "storage/sql/migrate.h"
#include "storage/sql/schema.h"
#include "tests/storage/engine_store_fixture.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_db.h"

namespace gg {
namespace {

class EngineMigrations : public ::testing::TestWithParam<test::Engine> {};

TEST_P(EngineMigrations, MigrationsApplyingTwiceIsANoOp) {
  GG_TEST_DB(db);
  { db.open(); }
  RawConnection raw(db);
  EXPECT_EQ(sql::currentVersion(*raw), sql::latestSchemaVersion());
  const int64_t rows = raw.count("SELECT COUNT(*) FROM schema_migrations");
  sql::migrate(*raw);
  sql::migrate(*raw);
  EXPECT_EQ(raw.count("SELECT COUNT(*) FROM schema_migrations"), rows);
  EXPECT_EQ(rows, sql::latestSchemaVersion());
}

TEST_P(EngineMigrations, MigrationsRefuseADatabaseFromANewerVersion) {
  GG_TEST_DB(db);
  { db.open(); }
  {
    RawConnection raw(db);
    raw->execute("INSERT INTO schema_migrations VALUES (999, 'future', 0)");
  }
  auto s = openDatabase(db.db());
  ASSERT_FALSE(s.isOk());
  EXPECT_NE(s.status().message().find("newer"), std::string::npos) << s.status().message();
}

TEST_P(EngineMigrations, MigrationsApplyEachMissingStepNotOnlyThoseAboveTheHighest) {
  GG_TEST_DB(db);
  { db.open(); }
  {
    // Undo step 5 by hand and forget it, while step 6 stays recorded.
    RawConnection raw(db);
    raw->execute("DROP INDEX tickets_assignee_kind");
    raw->execute("ALTER TABLE tickets DROP COLUMN street_hold");
    raw->execute("ALTER TABLE tickets DROP COLUMN source");
    raw->execute("ALTER TABLE notices DROP COLUMN sms");
    raw->execute("DELETE FROM schema_migrations WHERE version = 5");
  }
  auto store = db.open();
  ASSERT_NE(store, nullptr);
  RawConnection raw(db);
  EXPECT_EQ(raw.count("SELECT COUNT(*) FROM schema_migrations WHERE version = 5"), 1);
  EXPECT_NO_THROW(raw.count("SELECT COUNT(*) FROM tickets WHERE street_hold = 0 AND source = ''"))
      << "step 5's columns are back";
}

TEST_P(EngineMigrations, MigrationsTwoStoresOpeningTogetherBothSucceed) {
  GG_TEST_DB(db);
  if (db.engine() == test::Engine::kSqlite) GTEST_SKIP() << "one SQLite file has one writer";
  StorePtr a, b;
  std::thread ta([&] { a = db.open(); });
  std::thread tb([&] { b = db.open(); });
  ta.join();
  tb.join();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  RawConnection raw(db);
  EXPECT_EQ(raw.count("SELECT COUNT(*) FROM schema_migrations"), sql::latestSchemaVersion());
}


INSTANTIATE_TEST_SUITE_P(BothEngines, EngineMigrations,
                         ::testing::Values(test::Engine::kSqlite, test::Engine::kPostgres),
                         test::engineName);

}  // namespace
}  // namespace gg
