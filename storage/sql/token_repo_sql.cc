#include "storage/sql/sql_repos.h"
#include "storage/sql/sql_util.h"

namespace gg::sql {
namespace {

TokenRecord readToken(Statement& q) {
  TokenRecord r;
  r.id = i64(q, "id");
  r.name = str(q, "name");
  r.role = str(q, "role");
  r.scope = str(q, "scope");
  r.token_hash = str(q, "token_hash");
  r.created_at = i64(q, "created_at");
  r.revoked_at = i64(q, "revoked_at");
  r.last_used_at = i64(q, "last_used_at");
  return r;
}

class SqlTokenRepo : public TokenRepo {
 public:
  explicit SqlTokenRepo(Connection& db) : db_(db) {}

  Result<int64_t> insert(const TokenRecord& r) override {
    return guarded("tokens.insert", [&]() -> Result<int64_t> {
      Statement q(db_,
          "INSERT INTO api_tokens (name, role, scope, token_hash, created_at) VALUES (?,?,?,?,?)");
      q.bind(1, r.name);
      q.bind(2, r.role);
      q.bind(3, r.scope);
      q.bind(4, r.token_hash);
      q.bind(5, static_cast<int64_t>(r.created_at));
      q.exec();
      return db_.lastInsertId();
    });
  }

  Result<std::optional<TokenRecord>> findActiveByHash(const std::string& hash) override {
    return guarded("tokens.find", [&]() -> Result<std::optional<TokenRecord>> {
      Statement q(db_, "SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at = 0");
      q.bind(1, hash);
      if (!q.executeStep()) return std::optional<TokenRecord>();
      return std::optional<TokenRecord>(readToken(q));
    });
  }

  Result<std::vector<TokenRecord>> list() override {
    return guarded("tokens.list", [&]() -> Result<std::vector<TokenRecord>> {
      Statement q(db_, "SELECT * FROM api_tokens ORDER BY id");
      std::vector<TokenRecord> out;
      while (q.executeStep()) out.push_back(readToken(q));
      return out;
    });
  }

  Status revoke(int64_t id, Millis at) override {
    return guarded("tokens.revoke", [&]() -> Status {
      Statement q(db_, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at = 0");
      q.bind(1, static_cast<int64_t>(at));
      q.bind(2, static_cast<int64_t>(id));
      if (q.exec() != 1) return notFound("no active token with id " + std::to_string(id));
      return Status::ok();
    });
  }

  Status touch(int64_t id, Millis at) override {
    return guarded("tokens.touch", [&]() -> Status {
      Statement q(db_, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
      q.bind(1, static_cast<int64_t>(at));
      q.bind(2, static_cast<int64_t>(id));
      q.exec();
      return Status::ok();
    });
  }

 private:
  Connection& db_;
};

}  // namespace

std::unique_ptr<TokenRepo> makeTokenRepo(Connection& db) {
  return std::make_unique<SqlTokenRepo>(db);
}

}  // namespace gg::sql
