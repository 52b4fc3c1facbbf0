#include "storage/sql/migrate.h"

#include <chrono>
#include <set>
#include <stdexcept>
#include <string>

#include "storage/sql/schema.h"

namespace gg::sql {
namespace {

// The key every gridgate uses for its migration lock (any fixed 64-bit number would do).
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(7146226167206180197)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(7146226167206180197)";

int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void ensureTable(Connection& db) {
  db.execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at " + std::string(db.dialect() == Dialect::kPostgres ? "BIGINT" : "INTEGER") +
      " NOT NULL)");
}

std::set<int> appliedVersions(Connection& db) {
  std::set<int> out;
  Statement q(db, "SELECT version FROM schema_migrations");
  while (q.executeStep()) out.insert(q.getColumn(0).getInt());
  return out;
}

void applyMissing(Connection& db) {
  ensureTable(db);
  const std::set<int> applied = appliedVersions(db);
  if (!applied.empty() && *applied.rbegin() > latestSchemaVersion()) {
    throw std::runtime_error("database schema version " + std::to_string(*applied.rbegin()) +
                             " is newer than this gridgate (" +
                             std::to_string(latestSchemaVersion()) + ")");
  }
  for (const SchemaStep& step : schemaSteps()) {
    if (applied.count(step.version)) continue;
    db.execute("BEGIN");
    try {
      db.execute(render(step, db.dialect()));
      Statement ins(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
      ins.bind(1, step.version);
      ins.bind(2, step.name);
      ins.bind(3, nowMillis());
      ins.exec();
      db.execute("COMMIT");
    } catch (...) {
      db.execute("ROLLBACK");
      throw;
    }
  }
}

}  // namespace

int currentVersion(Connection& db) {
  ensureTable(db);
  Statement q(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  q.executeStep();
  return q.getColumn(0).getInt();
}

void migrate(Connection& db) {
  if (db.dialect() != Dialect::kPostgres) return applyMissing(db);
  // A session lock, not a transaction one: each step commits on its own while it is held.
  db.execute(kMigrationLock);
  try {
    applyMissing(db);
  } catch (...) {
    db.execute(kMigrationUnlock);
    throw;
  }
  db.execute(kMigrationUnlock);
}

}  // namespace gg::sql
