#pragma once
// What the two-engine storage suites share: a raw connection of the test's engine beside the
// Store (to look at or edit what it wrote), and sample rows.

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>

#include "storage/pg/pg_connection.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/store.h"
#include "tests/support/test_db.h"

namespace gg {

// A connection of the test's engine beside the Store, to look at or edit what it wrote.
class RawConnection {
 public:
  explicit RawConnection(const test::TestDb& db) {
    if (db.engine() == test::Engine::kSqlite) {
      sqlite_ = std::make_unique<SQLite::Database>(db.db(), SQLite::OPEN_READWRITE);
      conn_ = std::make_unique<sqlite::SqliteConnection>(*sqlite_);
    } else {
      conn_ = std::make_unique<pg::PgConnection>(db.db());
    }
  }
  sql::Connection* operator->() { return conn_.get(); }
  sql::Connection& operator*() { return *conn_; }
  int64_t count(const std::string& sql) {
    sql::Statement q(*conn_, sql);
    q.executeStep();
    return q.getColumn(0).getInt64();
  }

 private:
  std::unique_ptr<SQLite::Database> sqlite_;
  std::unique_ptr<sql::Connection> conn_;
};

inline InboundEnvelope sampleEnvelope(const std::string& id) {
  InboundEnvelope e;
  e.channel = Channel::kOneBot;
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

inline OutboxRecord sampleOutbox(const std::string& key) {
  OutboxRecord r;
  r.dedup_key = key;
  r.message.channel = Channel::kOneBot;
  r.message.target_kind = TargetKind::kGroup;
  r.message.target = "81000101";
  r.message.text = "已收到 " + key;
  r.created_at = 100;
  return r;
}

}  // namespace gg
