#include "storage/sqlite/sqlite_backup.h"

#include <sqlite3.h>

#include <filesystem>
#include <memory>

#include "storage/sql/schema.h"

namespace gg {
namespace fs = std::filesystem;
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

Result<DbPtr> openDb(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) {
    return unavailable("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), 5000);
  return db;
}

// The first column of the first row of sql, as text ("" when there is no row).
Result<std::string> scalar(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
    return invalidArgument(sqlite3_errmsg(db));
  }
  std::string out;
  const int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && sqlite3_column_text(st, 0)) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  }
  const bool failed = rc != SQLITE_ROW && rc != SQLITE_DONE;
  std::string err = failed ? sqlite3_errmsg(db) : "";
  sqlite3_finalize(st);
  if (failed) return invalidArgument(err);
  return out;
}

// Copies every page of src into dst in one step: a single read snapshot of src, and one write
// transaction on dst (all or nothing).
Status copyPages(sqlite3* src, sqlite3* dst, const std::string& what) {
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (b == nullptr) return unavailable(what + ": " + sqlite3_errmsg(dst));
  const int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return unavailable(what + ": " + sqlite3_errstr(rc));
  return Status::ok();
}

Status checkOpen(sqlite3* db, const std::string& path, BackupInfo* info) {
  auto integrity = scalar(db, "PRAGMA integrity_check");
  if (!integrity.isOk()) return invalidArgument(path + ": not a SQLite database (" + integrity.status().message() + ")");
  if (*integrity != "ok") return invalidArgument(path + ": integrity check failed: " + *integrity);
  auto has = scalar(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!has.isOk() || has->empty()) return invalidArgument(path + ": not a gridgate database (no schema_migrations)");
  auto version = scalar(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!version.isOk()) return invalidArgument(path + ": " + version.status().message());
  info->schema_version = std::atoi(version->c_str());
  if (info->schema_version < 1 || info->schema_version > sql::latestSchemaVersion()) {
    return invalidArgument(path + ": schema version " + *version + " (this gridgate reads 1-" +
                           std::to_string(sql::latestSchemaVersion()) + ")");
  }
  return Status::ok();
}

}  // namespace

Result<BackupInfo> checkBackup(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return invalidArgument(path + ": no such file");
  // Read-only and immutable: checking a file never creates a -wal/-shm next to it.
  auto db = openDb("file:" + path + "?immutable=1", SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
  if (!db.isOk()) return invalidArgument(db.status().message());
  BackupInfo info;
  GG_RETURN_IF_ERROR(checkOpen(db->get(), path, &info));
  info.size_bytes = static_cast<int64_t>(fs::file_size(path, ec));
  return info;
}

Status backupSqlite(const std::string& db_path, const std::string& out_path) {
  std::error_code ec;
  if (fs::exists(out_path, ec)) return invalidArgument(out_path + " already exists; not overwriting it");
  if (!fs::is_regular_file(db_path, ec)) return invalidArgument(db_path + ": no such database");
  auto src = openDb(db_path, SQLITE_OPEN_READONLY);
  if (!src.isOk()) return src.status();
  BackupInfo info;
  GG_RETURN_IF_ERROR(checkOpen(src->get(), db_path, &info));
  const std::string tmp = out_path + ".tmp";
  fs::remove(tmp, ec);
  {
    auto dst = openDb(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!dst.isOk()) return dst.status();
    Status copied = copyPages(src->get(), dst->get(), "backup of " + db_path);
    // A rollback journal, not WAL, in the copy: one self-contained file.
    if (copied.isOk()) {
      auto mode = scalar(dst->get(), "PRAGMA journal_mode = DELETE");
      if (!mode.isOk()) copied = unavailable("backup: " + mode.status().message());
    }
    if (!copied.isOk()) {
      dst.value().reset();
      fs::remove(tmp, ec);
      return copied;
    }
  }
  auto checked = checkBackup(tmp);
  if (!checked.isOk()) {
    fs::remove(tmp, ec);
    return unavailable("the copy did not check out: " + checked.status().message());
  }
  fs::rename(tmp, out_path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return unavailable("cannot rename the copy to " + out_path + ": " + ec.message());
  }
  return Status::ok();
}

Result<BackupInfo> restoreSqlite(const std::string& from_path, const std::string& db_path,
                                 const std::string& keep_path) {
  auto info = checkBackup(from_path);
  if (!info.isOk()) return info.status();
  std::error_code ec;
  const bool had_db = fs::exists(db_path, ec) && fs::file_size(db_path, ec) > 0;
  if (had_db && !keep_path.empty()) GG_RETURN_IF_ERROR(backupSqlite(db_path, keep_path));
  if (!fs::path(db_path).parent_path().empty()) fs::create_directories(fs::path(db_path).parent_path(), ec);
  auto src = openDb("file:" + from_path + "?immutable=1", SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
  if (!src.isOk()) return src.status();
  auto dst = openDb(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!dst.isOk()) return dst.status();
  GG_RETURN_IF_ERROR(copyPages(src->get(), dst->get(), "restore into " + db_path));
  return info;
}

}  // namespace gg
