#include "storage/sqlite/sqlite_repos.h"
#include "storage/sqlite/sqlite_util.h"

namespace gg::sqlite {
namespace {

class SqliteNonceRepo : public NonceRepo {
 public:
  explicit SqliteNonceRepo(SQLite::Database& db) : db_(db) {}

  Result<bool> insertIfAbsent(const std::string& key, Millis expires_at) override {
    return guarded("nonces.insertIfAbsent", [&]() -> Result<bool> {
      SQLite::Statement q(db_, "INSERT INTO nonces (key, expires_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING");
      q.bind(1, key);
      q.bind(2, static_cast<int64_t>(expires_at));
      return q.exec() == 1;
    });
  }

  Result<int64_t> purge(Millis now) override {
    return guarded("nonces.purge", [&]() -> Result<int64_t> {
      SQLite::Statement q(db_, "DELETE FROM nonces WHERE expires_at <= ?");
      q.bind(1, static_cast<int64_t>(now));
      return static_cast<int64_t>(q.exec());
    });
  }

 private:
  SQLite::Database& db_;
};

}  // namespace

std::unique_ptr<NonceRepo> makeNonceRepo(SQLite::Database& db) { return std::make_unique<SqliteNonceRepo>(db); }

}  // namespace gg::sqlite
