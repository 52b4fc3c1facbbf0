// storage/database_url.h: which engine a --db value selects, and that its password never shows.
#include "storage/database_url.h"

#include <gtest/gtest.h>

#include "storage/open_store.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

TEST(DatabaseUrl, SelectsPostgresOnlyForItsUrls) {
  EXPECT_TRUE(isPostgresUrl("postgresql://u:p@h:5432/d"));
  EXPECT_TRUE(isPostgresUrl("postgres://h/d"));
  EXPECT_FALSE(isPostgresUrl("var/gridgate.db"));
  EXPECT_FALSE(isPostgresUrl("/srv/postgresql://x.db"));
}

TEST(DatabaseUrl, MasksThePassword) {
  EXPECT_EQ(maskDatabaseUrl("postgresql://gg:s3cret@db.local:5432/street"),
            "postgresql://gg:***@db.local:5432/street");
  EXPECT_EQ(maskDatabaseUrl("postgresql://gg:p@ss@db/street"), "postgresql://gg:***@db/street");
  EXPECT_EQ(maskDatabaseUrl("postgresql://gg@db/street?password=s3cret&sslmode=require"),
            "postgresql://gg@db/street?password=***&sslmode=require");
  EXPECT_EQ(maskDatabaseUrl("postgresql://db/street"), "postgresql://db/street");
  EXPECT_EQ(maskDatabaseUrl("var/a:b@c.db"), "var/a:b@c.db");
}

TEST(DatabaseUrl, AnUnreachableServerIsAStatusWithoutThePassword) {
  auto s = openDatabase("postgresql://gg:s3cret@127.0.0.1:1/street?connect_timeout=2");
  ASSERT_FALSE(s.isOk());
  EXPECT_EQ(s.status().code(), Code::kUnavailable);
  EXPECT_EQ(s.status().message().find("s3cret"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("gg:***@127.0.0.1"), std::string::npos) << s.status().message();
}

}  // namespace
}  // namespace gg
