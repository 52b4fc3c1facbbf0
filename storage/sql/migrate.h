#pragma once
// Applies the schema steps (storage/sql/schema.h) to a database of either engine. Each step runs
// once, in its own transaction, and is recorded in schema_migrations.

#include "storage/sql/connection.h"

namespace gg::sql {

// Applies every step not yet recorded in schema_migrations — each missing one, not only those
// above the highest recorded, so a database that skipped a step gets it. On PostgreSQL the whole
// run holds an advisory lock: two gateways starting together migrate one after the other, and
// the second finds nothing to do. Throws (std::exception) on failure, and std::runtime_error
// naming both versions if the database was written by a newer gridgate.
void migrate(Connection& db);

// Returns the database's highest applied version (0 = empty).
int currentVersion(Connection& db);

}  // namespace gg::sql
