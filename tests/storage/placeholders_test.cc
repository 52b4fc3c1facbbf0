#include "storage/sql/placeholders.h"

#include <gtest/gtest.h>

namespace gg::sql {
namespace {

TEST(Placeholders, NumbersAsSqliteDoes) {
  auto n = numberPlaceholders("SELECT * FROM t WHERE a = ? AND b = ? LIMIT ?");
  EXPECT_EQ(n.sql, "SELECT * FROM t WHERE a = $1 AND b = $2 LIMIT $3");
  EXPECT_EQ(n.count, 3);
  n = numberPlaceholders("WHERE x <= ?1 OR y <= ?1 AND c IN (?3,?4) LIMIT ?2");
  EXPECT_EQ(n.sql, "WHERE x <= $1 OR y <= $1 AND c IN ($3,$4) LIMIT $2");
  EXPECT_EQ(n.count, 4);
}

TEST(Placeholders, NamesKeepTheirNumber) {
  auto n = numberPlaceholders("WHERE (:status = '' OR status = :status) AND id = :id");
  EXPECT_EQ(n.sql, "WHERE ($1 = '' OR status = $1) AND id = $2");
  EXPECT_EQ(n.names.at(":status"), 1);
  EXPECT_EQ(n.names.at(":id"), 2);
}

TEST(Placeholders, QuotedTextCommentsAndCastsAreLeftAlone) {
  auto n = numberPlaceholders("SELECT 'a?:b', \"c?\" -- d ? :e\n, x::text, ? FROM t");
  EXPECT_EQ(n.sql, "SELECT 'a?:b', \"c?\" -- d ? :e\n, x::text, $1 FROM t");
  EXPECT_EQ(n.count, 1);
  EXPECT_TRUE(n.names.empty());
}

TEST(Placeholders, IntegerParametersAreCastSoPostgresNeverGuessesInt4) {
  EXPECT_EQ(castParameters("WHERE ($1 = 0 OR t < $1) AND s = $2 AND r > $3 AND '$1' = x", "itr"),
            "WHERE ($1::bigint = 0 OR t < $1::bigint) AND s = $2 AND r > $3::float8 AND '$1' = x");
}

}  // namespace
}  // namespace gg::sql
