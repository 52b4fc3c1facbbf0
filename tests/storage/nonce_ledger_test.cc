// The nonce ledger: a key is accepted once until it expires, also by a store reopened on the
// same file (the restart the WeCom replay guard must survive).
#include <gtest/gtest.h>

#include "storage/nonce_ledger_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace gg {
namespace {

TEST(NonceLedger, AKeyIsAcceptedOnceUntilItExpiresAcrossReopen) {
  test::TempDir dir;
  const std::string path = dir.file("n.db");
  {
    auto store = openSqliteStore({path});
    ASSERT_OK(store);
    StoreNonceLedger ledger(**store);
    auto first = ledger.remember("wecom:a", 1000, 2000);
    ASSERT_OK(first);
    EXPECT_TRUE(*first);
    auto again = ledger.remember("wecom:a", 1500, 2500);
    ASSERT_OK(again);
    EXPECT_FALSE(*again);
  }
  auto store = openSqliteStore({path});
  ASSERT_OK(store);
  StoreNonceLedger ledger(**store);
  auto reopened = ledger.remember("wecom:a", 1999, 3000);
  ASSERT_OK(reopened);
  EXPECT_FALSE(*reopened);  // still remembered after the reopen
  auto other = ledger.remember("wecom:b", 1999, 3000);
  ASSERT_OK(other);
  EXPECT_TRUE(*other);
  auto expired = ledger.remember("wecom:a", 2000, 4000);  // expires_at <= now: forgotten
  ASSERT_OK(expired);
  EXPECT_TRUE(*expired);
  // Purge leaves only unexpired keys: a, b (3000) and the new a (4000) → b expires at 3000.
  ASSERT_OK((*store)->write([](Tx& tx) -> Status {
    auto n = tx.nonces().purge(3000);
    if (!n.isOk()) return n.status();
    EXPECT_EQ(*n, 1);
    return Status::ok();
  }));
}

}  // namespace
}  // namespace gg
