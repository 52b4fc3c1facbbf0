// Backups: a copy taken while another thread keeps writing is whole and consistent; restore
// puts a checked copy in place and refuses anything else, leaving the database as it was.
#include "storage/sqlite/sqlite_backup.h"

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "storage/sqlite/sqlite_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace gg {
namespace {

InboundEnvelope envelope(int i) {
  InboundEnvelope e;
  e.channel = Channel::kOneBot;
  e.account = "10001";
  e.platform_msg_id = "m" + std::to_string(i);
  e.chat_type = ChatType::kGroup;
  e.group_id = "81000101";
  e.sender_id = "2000001";
  e.text = "3号楼电梯又坏了";
  e.sent_at = 1700000000000 + i;
  return e;
}

StorePtr open(const std::string& path) {
  auto s = openSqliteStore({path});
  EXPECT_OK(s);
  return std::move(s).value();
}

int64_t messages(Store& store) {
  int64_t n = -1;
  EXPECT_OK(store.read([&](Tx& tx) -> Status {
    auto c = tx.messages().count();
    if (!c.isOk()) return c.status();
    n = *c;
    return Status::ok();
  }));
  return n;
}

void addMessages(Store& store, int from, int to) {
  for (int i = from; i < to; ++i) {
    ASSERT_OK(store.write([&](Tx& tx) -> Status { return tx.messages().insert(envelope(i), 1).status(); }));
  }
}

TEST(SqliteBackup, ACopyTakenWhileWritingIsWholeAndRestoresInPlace) {
  test::TempDir dir;
  const std::string live = dir.file("live.db"), copy = dir.file("copy.db"), other = dir.file("other.db");
  auto store = open(live);
  addMessages(*store, 0, 200);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 200; !stop.load() && i < 5000; ++i) {
      (void)store->write([&](Tx& tx) -> Status { return tx.messages().insert(envelope(i), 1).status(); });
    }
  });
  Status s = backupSqlite(live, copy);
  stop = true;
  writer.join();
  ASSERT_OK(s);
  EXPECT_FALSE(std::filesystem::exists(copy + ".tmp"));
  auto info = checkBackup(copy);
  ASSERT_OK(info);
  EXPECT_GE(info->schema_version, 7);
  int64_t copied = 0;
  {
    auto c = open(copy);
    copied = messages(*c);
  }
  EXPECT_GE(copied, 200);  // at least what was committed before the copy began
  EXPECT_LE(copied, messages(*store));

  // Never over an existing file.
  Status again = backupSqlite(live, copy);
  EXPECT_EQ(again.code(), Code::kInvalidArgument) << again.message();

  // Restore over a database with other contents; that one is kept aside.
  {
    auto o = open(other);
    addMessages(*o, 9000, 9003);
  }
  const std::string keep = dir.file("other.db.before");
  auto restored = restoreSqlite(copy, other, keep);
  ASSERT_OK(restored);
  EXPECT_EQ(messages(*open(other)), copied);
  EXPECT_EQ(messages(*open(keep)), 3);
}

// Anything but a whole gridgate database of a known version is refused, and the database to
// be replaced keeps its contents.
TEST(SqliteBackup, RestoreRefusesBadFilesAndChangesNothing) {
  test::TempDir dir;
  const std::string target = dir.file("target.db"), good = dir.file("good.db");
  {
    auto t = open(target);
    addMessages(*t, 0, 5);
    ASSERT_OK(backupSqlite(target, good));
  }
  std::vector<std::pair<std::string, std::string>> bad;  // file, what the error says
  std::ofstream(dir.file("text.db")) << "this is not a database";
  bad.push_back({dir.file("text.db"), "not a SQLite database"});
  {
    SQLite::Database foreign(dir.file("foreign.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    foreign.exec("CREATE TABLE t (x)");
  }
  bad.push_back({dir.file("foreign.db"), "not a gridgate database"});
  std::filesystem::copy_file(good, dir.file("future.db"));
  {
    SQLite::Database f(dir.file("future.db"), SQLite::OPEN_READWRITE);
    f.exec("INSERT INTO schema_migrations VALUES (999, 'future', 0)");
  }
  bad.push_back({dir.file("future.db"), "schema version 999"});
  {
    std::filesystem::copy_file(good, dir.file("cut.db"));
    std::filesystem::resize_file(dir.file("cut.db"), std::filesystem::file_size(good) / 2);
  }
  bad.push_back({dir.file("cut.db"), dir.file("cut.db")});
  bad.push_back({dir.file("missing.db"), "no such file"});
  for (const auto& [file, why] : bad) {
    auto r = restoreSqlite(file, target, "");
    ASSERT_FALSE(r.isOk()) << file;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << file << ": " << r.status().message();
    EXPECT_NE(r.status().message().find(why), std::string::npos) << r.status().message();
    EXPECT_EQ(messages(*open(target)), 5) << file;
  }
}

}  // namespace
}  // namespace gg
