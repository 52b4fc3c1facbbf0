#pragma once
// sql::Connection over one SQLiteCpp database (storage/sql/connection.h), with its prepared
// statements kept: preparing is parsing and planning SQL, a quarter of the OneBot hook's CPU in
// the profile of branch `bench` (perf, bench/ingest.sh), for statements whose text is the same
// on every call.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "storage/sql/connection.h"

namespace gg::sqlite {

class SqliteConnection : public sql::Connection {
 public:
  // Uses db, which must outlive this object (and every statement it prepared).
  explicit SqliteConnection(SQLite::Database& db) : db_(db) {}
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  // Returns sql compiled for this connection: the statement kept for this text, reset and with
  // no bindings, or a new one when this text is already in use (a nested use of the same SQL) or
  // the cache is full. Releasing it resets it and clears its bindings, so the next caller starts
  // as from a fresh prepare. Throws SQLite::Exception when sql does not compile.
  std::unique_ptr<sql::StatementImpl> prepare(const std::string& sql) override;
  void execute(const std::string& sql) override { db_.exec(sql); }
  int64_t lastInsertId() override { return db_.getLastInsertRowid(); }

  // Returns how many statements are kept (for tests).
  size_t cachedStatements() const { return cache_.size(); }

  struct Cached {
    std::unique_ptr<SQLite::Statement> stmt;
    bool in_use = false;
  };

 private:
  // The repositories' SQL is a few hundred fixed texts; a bound keeps SQL built with a varying
  // IN (…) list or by a caller (db copy's per-table statements) from growing without limit.
  static constexpr size_t kMaxCachedStatements = 512;

  SQLite::Database& db_;
  // unordered_map never moves its elements, so a lease may point at its entry.
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace gg::sqlite
