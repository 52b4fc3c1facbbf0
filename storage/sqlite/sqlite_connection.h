#pragma once
// sql::Connection over one SQLiteCpp database (storage/sql/connection.h).

#include <SQLiteCpp/Database.h>

#include "storage/sql/connection.h"

namespace gg::sqlite {

class SqliteConnection : public sql::Connection {
 public:
  // Uses db, which must outlive this object.
  explicit SqliteConnection(SQLite::Database& db) : db_(db) {}
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  std::unique_ptr<sql::StatementImpl> prepare(const std::string& sql) override;
  void execute(const std::string& sql) override { db_.exec(sql); }
  int64_t lastInsertId() override { return db_.getLastInsertRowid(); }

 private:
  SQLite::Database& db_;
};

}  // namespace gg::sqlite
