#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/sql/connection.h"
#include "storage/sqlite/sqlite_connection.h"

namespace gg {
namespace {

// An in-memory database with a table of three rows, and the connection under test.
class CachedStatements : public ::testing::Test {
 protected:
  CachedStatements() : db_(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE), conn_(db_) {
    db_.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);");
  }
  SQLite::Database db_;
  sqlite::SqliteConnection conn_;
};

TEST_F(CachedStatements, SameTextIsPreparedOnceAndStartsWithoutTheLastBindings) {
  {
    sql::Statement q(conn_, "SELECT ?1");
    q.bind(1, 7);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getInt64(), 7);
  }
  {
    sql::Statement q(conn_, "SELECT ?1");
    ASSERT_TRUE(q.executeStep());
    EXPECT_TRUE(q.getColumn(0).isNull()) << "the previous caller's 7 leaked into this lease";
  }
  EXPECT_EQ(conn_.cachedStatements(), 1u);
}

TEST_F(CachedStatements, NestedUseOfTheSameTextGetsItsOwnStatement) {
  const std::string text = "SELECT x FROM t ORDER BY x";
  sql::Statement outer(conn_, text);
  ASSERT_TRUE(outer.executeStep());
  EXPECT_EQ(outer.getColumn(0).getInt64(), 1);
  {
    sql::Statement inner(conn_, text);
    int rows = 0;
    while (inner.executeStep()) ++rows;
    EXPECT_EQ(rows, 3);
  }
  // The outer walk was not disturbed by the inner one.
  ASSERT_TRUE(outer.executeStep());
  EXPECT_EQ(outer.getColumn(0).getInt64(), 2);
}

TEST_F(CachedStatements, AReleasedHalfReadSelectNoLongerHoldsTheTable) {
  {
    sql::Statement q(conn_, "SELECT x FROM t");
    ASSERT_TRUE(q.executeStep());  // one row of three: the statement is still reading
  }
  // SQLite refuses to drop a table a running statement reads ("database table is locked"): the
  // lease's release must have reset it.
  EXPECT_NO_THROW(conn_.execute("DROP TABLE t"));
}

TEST_F(CachedStatements, SqlThatDoesNotCompileLeavesNoEntry) {
  EXPECT_ANY_THROW(sql::Statement(conn_, "SELEC x FROM t"));
  EXPECT_EQ(conn_.cachedStatements(), 0u);
  sql::Statement q(conn_, "SELECT COUNT(*) FROM t");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt64(), 3);
}

}  // namespace
}  // namespace gg
