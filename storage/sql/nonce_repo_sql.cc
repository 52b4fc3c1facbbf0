#include "storage/nonce_repo.h"
#include "storage/sql/sql_repos.h"
#include "storage/sql/sql_util.h"

namespace gg::sql {
namespace {

class SqlNonceRepo : public NonceRepo {
 public:
  explicit SqlNonceRepo(Connection& db) : db_(db) {}

  Result<bool> insertIfAbsent(const std::string& key, Millis expires_at) override {
    return guarded("nonces.insertIfAbsent", [&]() -> Result<bool> {
      // ON CONFLICT DO NOTHING: both engines; 1 row changed = the key was new.
      Statement q(db_, "INSERT INTO nonces (key, expires_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING");
      q.bind(1, key);
      q.bind(2, static_cast<int64_t>(expires_at));
      return q.exec() == 1;
    });
  }

  Result<bool> contains(const std::string& key, Millis now) override {
    return guarded("nonces.contains", [&]() -> Result<bool> {
      Statement q(db_, "SELECT 1 FROM nonces WHERE key = ? AND expires_at > ?");
      q.bind(1, key);
      q.bind(2, static_cast<int64_t>(now));
      return q.executeStep();
    });
  }

  Result<int64_t> purge(Millis now) override {
    return guarded("nonces.purge", [&]() -> Result<int64_t> {
      Statement q(db_, "DELETE FROM nonces WHERE expires_at <= ?");
      q.bind(1, static_cast<int64_t>(now));
      return static_cast<int64_t>(q.exec());
    });
  }

 private:
  Connection& db_;
};

}  // namespace

std::unique_ptr<NonceRepo> makeNonceRepo(Connection& db) { return std::make_unique<SqlNonceRepo>(db); }

}  // namespace gg::sql
