#pragma once
// Versioned schema migrations. Each migration runs once, in its own transaction, and is recorded
// in schema_migrations; applying them again is a no-op.

#include <SQLiteCpp/Database.h>

namespace gg::sqlite {

// Applies every migration newer than the database's version. Throws SQLite::Exception on
// failure (the caller turns it into a Status) and std::runtime_error if the database was
// written by a newer gridgate.
void migrate(SQLite::Database& db);

// Returns the highest migration version known to this binary.
int latestVersion();

// Returns the database's current version (0 = empty).
int currentVersion(SQLite::Database& db);

}  // namespace gg::sqlite
