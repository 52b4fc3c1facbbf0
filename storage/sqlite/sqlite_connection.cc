#include "storage/sqlite/sqlite_connection.h"

#include <SQLiteCpp/Statement.h>

namespace gg::sqlite {
namespace {

// A thin forwarder: SQLiteCpp already has the conventions sql::Statement copies.
class SqliteStatement : public sql::StatementImpl {
 public:
  SqliteStatement(SQLite::Database& db, const std::string& sql) : q_(db, sql) {}
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
  SQLite::Statement q_;
};

}  // namespace

std::unique_ptr<sql::StatementImpl> SqliteConnection::prepare(const std::string& sql) {
  return std::make_unique<SqliteStatement>(db_, sql);
}

}  // namespace gg::sqlite
