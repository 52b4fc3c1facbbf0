#pragma once
// The embedded default engine: SQLite through SQLiteCpp, in WAL mode. One write connection
// (writers are serialised by a mutex, each write an IMMEDIATE transaction) and one read connection,
// so dashboards never wait for a writer (WAL readers see the last commit).

#include <cstdint>
#include <string>

#include "storage/store.h"

namespace gg {

struct SqliteOptions {
  std::string path;               // file path, or ":memory:" (tests; reads share the writer)
  std::string synchronous = "NORMAL";  // FULL for power-loss durability of every commit
  int busy_timeout_ms = 5000;
  // WAL size past which maintain() also checkpoints between two write batches, holding writers
  // for that moment (40-70 ms at 3k msg/s on the 2-core machine), so that the WAL can start
  // over: under writes that never pause the background checkpoint never reaches the end of the
  // WAL and it grew without limit (1.1 GB in 23 s of bench/ingest.sh). 1 GiB: a safety valve
  // for disk, not a tuning knob; a street's traffic pauses long before it.
  int64_t wal_restart_bytes = int64_t{1} << 30;
};

// Opens (creating if needed) the database and applies pending migrations. Throws nothing:
// failures (unwritable path, corrupt file, newer schema) come back as a Status.
Result<StorePtr> openSqliteStore(const SqliteOptions& options);

// The schema version this binary migrates to.
int sqliteSchemaVersion();

}  // namespace gg
