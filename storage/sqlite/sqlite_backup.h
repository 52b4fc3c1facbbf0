#pragma once
// Backups of the SQLite database: a consistent copy taken while gridgate serves (SQLite's online
// backup API: one pass under a read snapshot, which WAL lets writers go on past), and a restore
// that checks the copy before it replaces anything.

#include <string>

#include "core/result.h"

namespace gg {

// Copies the database at db_path to out_path (which must not exist): into out_path + ".tmp",
// checked (PRAGMA integrity_check), synced, then renamed, so out_path is either absent or a
// whole, consistent copy. InvalidArgument when out_path exists or db_path is not a gridgate
// database; Unavailable on I/O errors.
Status backupSqlite(const std::string& db_path, const std::string& out_path);

// What a backup file holds, as restore checks it.
struct BackupInfo {
  int schema_version = 0;
  int64_t size_bytes = 0;
};

// Checks that path is a gridgate database this binary can open: SQLite's integrity_check says
// "ok", it has schema_migrations, and its version is 1..sqliteSchemaVersion(). InvalidArgument
// naming what is wrong otherwise.
Result<BackupInfo> checkBackup(const std::string& path);

// Replaces the contents of the database at db_path (created if absent) with the checked backup
// at from_path, in one transaction through the backup API: on any error db_path is unchanged.
// When db_path already holds data it is first copied to keep_path (must not exist; "" = none).
// Stop `gridgate serve` first: a running gateway keeps state of the old contents in memory.
Result<BackupInfo> restoreSqlite(const std::string& from_path, const std::string& db_path,
                                 const std::string& keep_path);

}  // namespace gg
