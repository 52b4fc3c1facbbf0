// The closed vocabularies in stored rows (model/domain.h): written as their names, read back as
// the same enum, and a name the code does not know (a hand-edited row) is an error that names
// the column and the value, never a silent default.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "storage/sqlite/sqlite_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace gg {
namespace {

class StoredVocabulary : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = openSqliteStore({path()});
    ASSERT_OK(s);
    store_ = std::move(s).value();
  }
  std::string path() const { return dir_.file("t.db"); }
  // Overwrites what the code wrote, as someone editing the database by hand would.
  void rawExec(const std::string& sql) {
    SQLite::Database raw(path(), SQLite::OPEN_READWRITE);
    raw.exec(sql);
  }

  test::TempDir dir_;
  StorePtr store_;
};

TEST_F(StoredVocabulary, TicketAssigneeKindRoundTripsAndAnUnknownOneIsAnError) {
  int64_t assigned = 0, unassigned = 0;
  ASSERT_OK(store_->write([&](Tx& tx) {
    TicketRecord t;
    t.created_at = 1;
    auto none = tx.tickets().insert(t);
    if (!none.isOk()) return none.status();
    unassigned = *none;
    t.assignee_kind = AssigneeKind::kDepartment;
    t.assignee_id = "water";
    auto dept = tx.tickets().insert(t);
    if (!dept.isOk()) return dept.status();
    assigned = *dept;
    return Status::ok();
  }));
  ASSERT_OK(store_->read([&](Tx& tx) {
    EXPECT_EQ((*tx.tickets().get(assigned))->assignee_kind, AssigneeKind::kDepartment);
    EXPECT_EQ((*tx.tickets().get(unassigned))->assignee_kind, AssigneeKind::kNone);
    TicketFilter f;
    f.assignee_kind = AssigneeKind::kDepartment;
    f.assignee_id = "water";
    int64_t total = 0;
    EXPECT_OK(tx.tickets().list(f, &total));
    EXPECT_EQ(total, 1);
    return Status::ok();
  }));
  rawExec("UPDATE tickets SET assignee_kind = 'unit' WHERE id = " + std::to_string(assigned));
  ASSERT_OK(store_->read([&](Tx& tx) {
    auto t = tx.tickets().get(assigned);
    EXPECT_FALSE(t.isOk());
    EXPECT_NE(t.status().message().find("assignee_kind holds unknown value 'unit'"), std::string::npos)
        << t.status().message();
    return Status::ok();
  }));
}

}  // namespace
}  // namespace gg
