#pragma once
// gridgate db copy: a street's SQLite database into an empty PostgreSQL one, every row of every
// table with its id, in one PostgreSQL transaction that commits only when each table's row count
// on the target equals the source's.

#include <map>
#include <string>

#include "core/result.h"

namespace gg {

struct CopyReport {
  std::map<std::string, int64_t> rows;  // table → rows copied (= rows in the source)
};

// Copies sqlite_path into the database at pg_url. Both are first migrated to this binary's
// schema. Fails, changing nothing on the target, when the source is missing, the target already
// holds rows, a row cannot be written, or a count differs afterwards. The error never shows
// the URL's password.
Result<CopyReport> copySqliteToPostgres(const std::string& sqlite_path, const std::string& pg_url);

}  // namespace gg
