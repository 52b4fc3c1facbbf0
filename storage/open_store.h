#pragma once
// Opens the engine a --db value names (storage/database_url.h): a PostgreSQL URL opens the
// PostgreSQL engine, anything else the SQLite file at that path.

#include <string>

#include "storage/store.h"

namespace gg {

// Opens db and applies pending migrations. sqlite_synchronous is SQLite's NORMAL or FULL
// (ignored by PostgreSQL, whose durability is the server's setting). Failures come back as a
// Status that never shows a password.
Result<StorePtr> openDatabase(const std::string& db, const std::string& sqlite_synchronous = "NORMAL");

}  // namespace gg
