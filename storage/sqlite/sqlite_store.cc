#include "storage/sqlite/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "storage/sql/migrate.h"
#include "storage/sql/repo_set.h"
#include "storage/sql/schema.h"
#include "storage/sqlite/sqlite_connection.h"

namespace gg {
namespace {

// A connection with its repositories built once: SQLiteCpp connections must not be shared
// between threads, so each Connection is used under its own mutex.
struct Connection {
  explicit Connection(const std::string& path, int flags) : db(path, flags), conn(db), repos(conn) {}
  SQLite::Database db;
  sqlite::SqliteConnection conn;
  sql::RepoSet repos;
  std::mutex mu;
};

// What the WAL file keeps of its size when it starts over: reusing its blocks spares the
// filesystem allocating and zeroing them again; 64 MiB is a few seconds of peak ingest.
constexpr int64_t kWalKeepBytes = 64 << 20;
// One WAL frame: a 4 KiB page and its 24-byte header.
constexpr int64_t kWalFrameBytes = 4096 + 24;

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
      sql::migrate(writer_->conn);
      if (options_.path != ":memory:") {
        // Checkpoints run in maintain(), not inside a writer's commit: SQLite's automatic one
        // fsyncs while the write lock is held, and every request queues behind it.
        writer_->db.exec("PRAGMA wal_autocheckpoint = 0");
        // A WAL that a burst made large is cut back when it starts over, so the disk it took is
        // returned after the burst.
        writer_->db.exec("PRAGMA journal_size_limit = " + std::to_string(kWalKeepBytes));
        reader_ = std::make_unique<Connection>(options_.path, SQLite::OPEN_READWRITE);
        configure(reader_->db, options_);
      }
      return Status::ok();
    } catch (const std::exception& e) {
      return unavailable("cannot open database " + options_.path + ": " + e.what());
    }
  }

  // Group commit: writers queue their work; whoever finds no batch running becomes the leader,
  // runs everything queued so far in one IMMEDIATE transaction — each piece inside its own
  // savepoint, so one piece failing rolls back only itself — commits once, and wakes the rest.
  // Every caller still returns only after its own work is committed (or refused).
  Status write(const std::function<Status(Tx&)>& fn) override {
    WriteRequest req{&fn, Status::ok(), false};
    std::unique_lock<std::mutex> lock(queue_mu_);
    queue_.push_back(&req);
    while (!req.done) {
      if (leader_active_) {
        queue_cv_.wait(lock);
        continue;
      }
      leader_active_ = true;
      std::vector<WriteRequest*> batch;
      batch.swap(queue_);
      lock.unlock();
      runBatch(batch);
      lock.lock();
      leader_active_ = false;
      for (WriteRequest* r : batch) r->done = true;
      queue_cv_.notify_all();
    }
    return req.status;
  }

  Status read(const std::function<Status(Tx&)>& fn) override {
    Connection& c = reader_ ? *reader_ : *writer_;
    std::lock_guard<std::mutex> lock(c.mu);
    try {
      // A deferred transaction gives the reader one consistent WAL snapshot.
      SQLite::Transaction tx(c.db, SQLite::TransactionBehavior::DEFERRED);
      sql::RepoTx t(c.repos);
      Status s = fn(t);
      tx.commit();
      return s;
    } catch (const std::exception& e) {
      return internalError(std::string("database read failed: ") + e.what());
    }
  }

  Status maintain() override {
    if (!reader_) return Status::ok();
    try {
      int64_t frames = 0;  // frames in the WAL when the copy started
      {
        std::lock_guard<std::mutex> lock(reader_->mu);
        // PASSIVE never waits for writers: the copy (and its fsync) happens here, outside the
        // write lock; whatever it cannot copy now it copies next time.
        SQLite::Statement q(reader_->db, "PRAGMA wal_checkpoint(PASSIVE)");
        if (q.executeStep()) frames = q.getColumn(1).getInt64();
      }
      if (frames * kWalFrameBytes < options_.wal_restart_bytes) return Status::ok();
      // Writers append while that copy runs, so under writes that never pause it never reaches
      // the end of the WAL and SQLite never starts the WAL over (see wal_restart_bytes).
      // Copying the frames written since, between two batches, lets the next write start it
      // from its beginning.
      std::lock_guard<std::mutex> lock(writer_->mu);
      writer_->db.exec("PRAGMA wal_checkpoint(PASSIVE)");
      return Status::ok();
    } catch (const std::exception& e) {
      return internalError(std::string("checkpoint failed: ") + e.what());
    }
  }

  nlohmann::json health() override {
    nlohmann::json j = {{"engine", "sqlite"}, {"path", options_.path}};
    try {
      std::lock_guard<std::mutex> lock(writer_->mu);
      j["schema_version"] = sql::currentVersion(writer_->conn);
      j["ok"] = true;
      const std::string failing = writeError();
      j["writable"] = failing.empty();
      if (!failing.empty()) j["write_error"] = failing;
    } catch (const std::exception& e) {
      j["ok"] = false;
      j["error"] = e.what();
    }
    return j;
  }

 private:
  struct WriteRequest {
    const std::function<Status(Tx&)>* fn;
    Status status;
    bool done = false;
  };

  std::string writeError() {
    std::lock_guard<std::mutex> lock(health_mu_);
    return write_error_;
  }
  void setWriteError(const std::string& e) {
    std::lock_guard<std::mutex> lock(health_mu_);
    write_error_ = e;
  }

  void runBatch(const std::vector<WriteRequest*>& batch) {
    std::lock_guard<std::mutex> lock(writer_->mu);
    SQLite::Database& db = writer_->db;
    try {
      db.exec("BEGIN IMMEDIATE");
    } catch (const std::exception& e) {
      setWriteError(e.what());
      for (WriteRequest* r : batch) r->status = internalError(std::string("database write failed: ") + e.what());
      return;
    }
    sql::RepoTx t(writer_->repos);
    // Three savepoint statements per message: kept prepared like the repositories' (sqlite3_exec
    // would parse each again inside the write lock).
    auto run = [this](const char* text) { sql::Statement(writer_->conn, text).exec(); };
    for (WriteRequest* r : batch) {
      try {
        run("SAVEPOINT gg_write");
        r->status = (*r->fn)(t);
      } catch (const std::exception& e) {
        r->status = internalError(std::string("database write failed: ") + e.what());
      }
      try {
        if (!r->status.isOk()) run("ROLLBACK TO gg_write");
        run("RELEASE gg_write");
      } catch (const std::exception& e) {
        // The savepoint itself failed: the whole batch is unsafe; undo it all.
        setWriteError(e.what());
        failBatch(batch, std::string("database write failed: ") + e.what());
        return;
      }
    }
    try {
      db.exec("COMMIT");
      setWriteError("");
    } catch (const std::exception& e) {
      setWriteError(e.what());
      failBatch(batch, std::string("database commit failed: ") + e.what());
    }
  }

  void failBatch(const std::vector<WriteRequest*>& batch, const std::string& why) {
    try {
      writer_->db.exec("ROLLBACK");
    } catch (const std::exception&) {
      // Already rolled back by SQLite (e.g. after an I/O error).
    }
    for (WriteRequest* r : batch) {
      if (r->status.isOk()) r->status = internalError(why);
    }
  }

  SqliteOptions options_;
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<Connection> reader_;
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::vector<WriteRequest*> queue_;
  bool leader_active_ = false;
  // The last write the engine itself refused (not a caller's error), until a commit succeeds:
  // /healthz says "database not writable" meanwhile.
  std::mutex health_mu_;
  std::string write_error_;
};

}  // namespace

Result<StorePtr> openSqliteStore(const SqliteOptions& options) {
  auto store = std::make_unique<SqliteStore>(options);
  GG_RETURN_IF_ERROR(store->open());
  return StorePtr(std::move(store));
}

int sqliteSchemaVersion() { return sql::latestSchemaVersion(); }

}  // namespace gg
