#pragma once
// What a --db value names: a PostgreSQL URL (postgresql://user:pass@host:port/dbname, or
// postgres://…) selects the PostgreSQL engine; anything else is a SQLite file path.

#include <string>

namespace gg {

// Returns true if db is a PostgreSQL URL.
bool isPostgresUrl(const std::string& db);

// Returns db with the password of a URL replaced by "***" (user:***@host), for logs and
// /healthz; a file path or a URL without a password comes back unchanged.
std::string maskDatabaseUrl(const std::string& db);

}  // namespace gg
