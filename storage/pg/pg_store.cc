#include "storage/pg/pg_store.h"

#include <pqxx/except>

#include <mutex>

#include "storage/database_url.h"
#include "storage/pg/pg_connection.h"
#include "storage/sql/migrate.h"
#include "storage/sql/repo_set.h"

namespace gg {
namespace {

// A connection with its repositories built once; used by one thread at a time, under mu.
struct Connection {
  explicit Connection(const std::string& url) : conn(url), repos(conn) {}
  pg::PgConnection conn;
  sql::RepoSet repos;
  std::mutex mu;
};

// libpq's messages may quote the connection string; never let a password through.
std::string clean(const std::string& text, const std::string& url) {
  std::string out = text;
  const std::string masked = maskDatabaseUrl(url);
  for (size_t at = out.find(url); at != std::string::npos; at = out.find(url, at + masked.size())) {
    out.replace(at, url.size(), masked);
  }
  return out;
}

class PgStore : public Store {
 public:
  explicit PgStore(PgOptions o) : options_(std::move(o)) {}

  Status open() {
    try {
      writer_ = std::make_unique<Connection>(options_.url);
      sql::migrate(writer_->conn);
      reader_ = std::make_unique<Connection>(options_.url);
      return Status::ok();
    } catch (const std::exception& e) {
      return unavailable("cannot open database " + maskDatabaseUrl(options_.url) + ": " +
                         clean(e.what(), options_.url));
    }
  }

  Status write(const std::function<Status(Tx&)>& fn) override {
    std::lock_guard<std::mutex> lock(writer_->mu);
    return inTransaction(*writer_, "BEGIN", fn, "database write failed: ");
  }

  Status read(const std::function<Status(Tx&)>& fn) override {
    std::lock_guard<std::mutex> lock(reader_->mu);
    return inTransaction(*reader_, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn,
                         "database read failed: ");
  }

  // Nothing to copy back as SQLite's WAL needs; the server does its own housekeeping.
  Status maintain() override { return Status::ok(); }

  nlohmann::json health() override {
    nlohmann::json j = {{"engine", "postgresql"}, {"path", maskDatabaseUrl(options_.url)}};
    try {
      std::lock_guard<std::mutex> lock(reader_->mu);
      if (!reader_->conn.isOpen()) reader_->conn.reconnect();
      j["schema_version"] = sql::currentVersion(reader_->conn);
      j["ok"] = true;
    } catch (const std::exception& e) {
      j["ok"] = false;
      j["error"] = clean(e.what(), options_.url);
    }
    return j;
  }

 private:
  Status inTransaction(Connection& c, const char* begin, const std::function<Status(Tx&)>& fn,
                       const char* what) {
    try {
      // A server restart or a dropped network leaves the connection closed; the next
      // transaction connects again instead of failing for ever.
      if (!c.conn.isOpen()) c.conn.reconnect();
      c.conn.execute(begin);
    } catch (const std::exception& e) {
      return unavailable(what + clean(e.what(), options_.url));
    }
    Status s = Status::ok();
    try {
      sql::RepoTx t(c.repos);
      s = fn(t);
      if (s.isOk()) {
        c.conn.execute("COMMIT");
        return s;
      }
    } catch (const std::exception& e) {
      s = internalError(what + clean(e.what(), options_.url));
    }
    try {
      c.conn.execute("ROLLBACK");
    } catch (const std::exception&) {
      // The connection is gone, and the server rolled the transaction back with it.
    }
    return s;
  }

  PgOptions options_;
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<Connection> reader_;
};

}  // namespace

Result<StorePtr> openPgStore(const PgOptions& options) {
  auto store = std::make_unique<PgStore>(options);
  GG_RETURN_IF_ERROR(store->open());
  return StorePtr(std::move(store));
}

}  // namespace gg
