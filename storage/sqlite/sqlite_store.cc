#include "storage/sqlite/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <mutex>

#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_repos.h"

namespace gg {
namespace {

// A connection with its repositories built once: SQLiteCpp connections must not be shared
// between threads, so each Connection is used under its own mutex.
struct Connection {
  explicit Connection(const std::string& path, int flags) : db(path, flags) {
    messages = sqlite::makeMessageRepo(db);
    tokens = sqlite::makeTokenRepo(db);
    outbox = sqlite::makeOutboxRepo(db);
    timers = sqlite::makeTimerRepo(db);
    tickets = sqlite::makeTicketRepo(db);
    notices = sqlite::makeNoticeRepo(db);
    alerts = sqlite::makeAlertRepo(db);
  }
  SQLite::Database db;
  std::unique_ptr<MessageRepo> messages;
  std::unique_ptr<TokenRepo> tokens;
  std::unique_ptr<OutboxRepo> outbox;
  std::unique_ptr<TimerRepo> timers;
  std::unique_ptr<TicketRepo> tickets;
  std::unique_ptr<NoticeRepo> notices;
  std::unique_ptr<AlertRepo> alerts;
  std::mutex mu;
};

class ConnectionTx : public Tx {
 public:
  explicit ConnectionTx(Connection& c) : c_(c) {}
  MessageRepo& messages() override { return *c_.messages; }
  TokenRepo& tokens() override { return *c_.tokens; }
  OutboxRepo& outbox() override { return *c_.outbox; }
  TimerRepo& timers() override { return *c_.timers; }
  TicketRepo& tickets() override { return *c_.tickets; }
  NoticeRepo& notices() override { return *c_.notices; }
  AlertRepo& alerts() override { return *c_.alerts; }

 private:
  Connection& c_;
};

void configure(SQLite::Database& db, const SqliteOptions& o) {
  db.setBusyTimeout(o.busy_timeout_ms);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = " + o.synchronous);
  db.exec("PRAGMA foreign_keys = ON");
}

class SqliteStore : public Store {
 public:
  explicit SqliteStore(SqliteOptions o) : options_(std::move(o)) {}

  Status open() {
    try {
      writer_ = std::make_unique<Connection>(options_.path,
                                             SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      configure(writer_->db, options_);
      sqlite::migrate(writer_->db);
      if (options_.path != ":memory:") {
        // Checkpoints run in maintain(), not inside a writer's commit: SQLite's automatic one
        // fsyncs while the write lock is held, and every request queues behind it.
        writer_->db.exec("PRAGMA wal_autocheckpoint = 0");
        reader_ = std::make_unique<Connection>(options_.path, SQLite::OPEN_READWRITE);
        configure(reader_->db, options_);
      }
      return Status::ok();
    } catch (const std::exception& e) {
      return unavailable("cannot open database " + options_.path + ": " + e.what());
    }
  }

  Status write(const std::function<Status(Tx&)>& fn) override {
    std::lock_guard<std::mutex> lock(writer_->mu);
    try {
      SQLite::Transaction tx(writer_->db, SQLite::TransactionBehavior::IMMEDIATE);
      ConnectionTx t(*writer_);
      Status s = fn(t);
      if (!s.isOk()) return s;  // tx destructor rolls back
      tx.commit();
      return Status::ok();
    } catch (const std::exception& e) {
      return internalError(std::string("database write failed: ") + e.what());
    }
  }

  Status read(const std::function<Status(Tx&)>& fn) override {
    Connection& c = reader_ ? *reader_ : *writer_;
    std::lock_guard<std::mutex> lock(c.mu);
    try {
      // A deferred transaction gives the reader one consistent WAL snapshot.
      SQLite::Transaction tx(c.db, SQLite::TransactionBehavior::DEFERRED);
      ConnectionTx t(c);
      Status s = fn(t);
      tx.commit();
      return s;
    } catch (const std::exception& e) {
      return internalError(std::string("database read failed: ") + e.what());
    }
  }

  Status maintain() override {
    if (!reader_) return Status::ok();
    std::lock_guard<std::mutex> lock(reader_->mu);
    try {
      // PASSIVE never waits for writers; whatever it cannot copy now it copies next time.
      reader_->db.exec("PRAGMA wal_checkpoint(PASSIVE)");
      return Status::ok();
    } catch (const std::exception& e) {
      return internalError(std::string("checkpoint failed: ") + e.what());
    }
  }

  nlohmann::json health() override {
    nlohmann::json j = {{"engine", "sqlite"}, {"path", options_.path}};
    try {
      std::lock_guard<std::mutex> lock(writer_->mu);
      j["schema_version"] = sqlite::currentVersion(writer_->db);
      j["ok"] = true;
    } catch (const std::exception& e) {
      j["ok"] = false;
      j["error"] = e.what();
    }
    return j;
  }

 private:
  SqliteOptions options_;
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<Connection> reader_;
};

}  // namespace

Result<StorePtr> openSqliteStore(const SqliteOptions& options) {
  auto store = std::make_unique<SqliteStore>(options);
  GG_RETURN_IF_ERROR(store->open());
  return StorePtr(std::move(store));
}

int sqliteSchemaVersion() { return sqlite::latestVersion(); }

}  // namespace gg
