#include "storage/open_store.h"

#include "storage/database_url.h"
#include "storage/pg/pg_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace gg {

Result<StorePtr> openDatabase(const std::string& db, const std::string& sqlite_synchronous) {
  if (isPostgresUrl(db)) return openPgStore({db});
  return openSqliteStore({db, sqlite_synchronous});
}

}  // namespace gg
