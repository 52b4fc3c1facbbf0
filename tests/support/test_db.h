#pragma once
// A database for one test on either engine: a SQLite file in its own TempDir, or a fresh
// database in this process's throwaway PostgreSQL cluster (tests/support/pg_cluster.h). Suites
// run on both with INSTANTIATE_TEST_SUITE_P(…, ::testing::Values(test::Engine::kSqlite,
// test::Engine::kPostgres), test::engineName) and GG_TEST_DB(db) at the start of a test.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "storage/open_store.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/temp_dir.h"

namespace gg::test {

enum class Engine { kSqlite, kPostgres };

inline std::string engineName(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::kSqlite ? "Sqlite" : "Postgres";
}

class TestDb {
 public:
  // Creates the place; available() is false only when PostgreSQL is not installed.
  explicit TestDb(Engine engine) : engine_(engine) {
    if (engine == Engine::kSqlite) {
      db_ = dir_.file("t.db");
    } else if (auto url = PgCluster::freshDatabase()) {
      db_ = *url;
    }
  }
  bool available() const { return !db_.empty(); }
  Engine engine() const { return engine_; }
  // Returns what --db would be: the file path or the URL.
  const std::string& db() const { return db_; }
  // Opens a Store on it (another call opens another Store on the same database).
  StorePtr open() const {
    auto s = openDatabase(db_);
    EXPECT_TRUE(s.isOk()) << s.status().message();
    return s.isOk() ? std::move(s).value() : nullptr;
  }
  const TempDir& dir() const { return dir_; }

 private:
  Engine engine_;
  TempDir dir_;
  std::string db_;
};

}  // namespace gg::test

// Declares `name`, a TestDb of the test's engine parameter, and skips the test (saying why)
// when that engine is PostgreSQL and it is not installed.
#define GG_TEST_DB(name)                                                        \
  ::gg::test::TestDb name(GetParam());                                          \
  if (!name.available()) GTEST_SKIP() << ::gg::test::PgCluster::unavailableReason()
