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

// Opens (creating its directory if needed) the database the settings name.
Result<StorePtr> openStore(const Settings& settings);

// Loads settings and org from config_dir; opens the database when open_db (db_override, if not
// empty, replaces the configured path; its parent directory is created).
Result<Loaded> loadConfig(const std::string& config_dir, const std::string& db_override, bool open_db);

}  // namespace gg
