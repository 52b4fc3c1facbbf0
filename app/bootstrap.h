#pragma once
// Loading a config directory the same way for every sub-command: settings, then the org, then
// (when asked) the database. All-or-nothing: any error is returned before anything starts.

#include <memory>
#include <string>

#include "org/model.h"
#include "server/settings.h"
#include "storage/store.h"

namespace gg {

struct Loaded {
  Settings settings;
  std::shared_ptr<const OrgIndex> org;
  StorePtr store;  // null unless opened
};

// Opens the database the settings name: the PostgreSQL URL when there is one, else the SQLite
// file (creating its directory if needed). Either way pending migrations are applied.
Result<StorePtr> openStore(const Settings& settings);

// Returns the database the settings name, as --db would: the URL, else the file path. Pass it
// through maskDatabaseUrl (storage/database_url.h) before logging it.
std::string databaseOf(const Settings& settings);

// Applies a --db value to settings: a postgresql:// URL selects PostgreSQL, a file path SQLite
// (even when the config or GRIDGATE_DATABASE_URL named a URL); "" changes nothing.
void applyDbOverride(const std::string& db, Settings* settings);

// Loads settings and org from config_dir; opens the database when open_db (db_override, if not
// empty, replaces the configured path; its parent directory is created).
Result<Loaded> loadConfig(const std::string& config_dir, const std::string& db_override, bool open_db);

}  // namespace gg
