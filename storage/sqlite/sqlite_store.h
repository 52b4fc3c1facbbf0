#pragma once
// The embedded default engine: SQLite through SQLiteCpp, in WAL mode. One write connection
// (writers are serialised by a mutex, each write an IMMEDIATE transaction) and one read connection,
// so dashboards never wait for a writer (WAL readers see the last commit).

#include <string>

#include "storage/store.h"

namespace gg {

struct SqliteOptions {
  std::string path;               // file path, or ":memory:" (tests; reads share the writer)
  std::string synchronous = "NORMAL";  // FULL for power-loss durability of every commit
  int busy_timeout_ms = 5000;
};

// Opens (creating if needed) the database and applies pending migrations. Throws nothing:
// failures (unwritable path, corrupt file, newer schema) come back as a Status.
Result<StorePtr> openSqliteStore(const SqliteOptions& options);

// The schema version this binary migrates to.
int sqliteSchemaVersion();

}  // namespace gg
