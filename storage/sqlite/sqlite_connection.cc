#include "storage/sqlite/sqlite_connection.h"

namespace gg::sqlite {
namespace {

// A thin forwarder: SQLiteCpp already has the conventions sql::Statement copies. It either owns
// its statement or leases one kept by the connection.
class SqliteStatement : public sql::StatementImpl {
 public:
  SqliteStatement(SQLite::Database& db, const std::string& sql)
      : owned_(std::make_unique<SQLite::Statement>(db, sql)), q_(*owned_) {}
  explicit SqliteStatement(SqliteConnection::Cached& entry) : entry_(&entry), q_(*entry.stmt) {
    entry_->in_use = true;
  }
  ~SqliteStatement() override {
    if (!entry_) return;
    // Reset ends the statement's read (a half-stepped SELECT would keep its snapshot and block
    // the checkpoint); clearing the bindings makes an unbound parameter NULL for the next caller,
    // never the previous caller's value.
    q_.tryReset();
    try {
      q_.clearBindings();
    } catch (const std::exception&) {
      // sqlite3_clear_bindings cannot fail on a valid statement; a destructor must not throw.
    }
    entry_->in_use = false;
  }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bindText(int i, const std::string& v) override { q_.bind(i, v); }
  void bindInt(int i, int64_t v) override { q_.bind(i, v); }
  void bindReal(int i, double v) override { q_.bind(i, v); }
  void bindNull(int i) override { q_.bind(i); }
  int parameterIndex(const char* name) override { return q_.getIndex(name); }
  bool step() override { return q_.executeStep(); }
  int exec() override { return q_.exec(); }
  void reset() override { q_.reset(); }
  int columnIndex(const char* name) override { return q_.getColumnIndex(name); }
  bool isNull(int c) override { return q_.getColumn(c).isNull(); }
  std::string text(int c) override { return q_.getColumn(c).getString(); }
  int64_t integer(int c) override { return q_.getColumn(c).getInt64(); }
  double real(int c) override { return q_.getColumn(c).getDouble(); }

 private:
  std::unique_ptr<SQLite::Statement> owned_;
  SqliteConnection::Cached* entry_ = nullptr;
  SQLite::Statement& q_;
};

}  // namespace

std::unique_ptr<sql::StatementImpl> SqliteConnection::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end() && cache_.size() < kMaxCachedStatements) {
    // Prepared before it is inserted: SQL that does not compile leaves no entry behind.
    auto stmt = std::make_unique<SQLite::Statement>(db_, sql);
    it = cache_.emplace(sql, Cached{std::move(stmt), false}).first;
  }
  if (it != cache_.end() && !it->second.in_use) return std::make_unique<SqliteStatement>(it->second);
  return std::make_unique<SqliteStatement>(db_, sql);
}

}  // namespace gg::sqlite
