#include "app/bootstrap.h"

#include <filesystem>

#include "org/loader.h"
#include "storage/database_url.h"
#include "storage/open_store.h"

namespace gg {

std::string databaseOf(const Settings& settings) {
  return settings.db_url.empty() ? settings.db_path : settings.db_url;
}

Result<StorePtr> openStore(const Settings& settings) {
  if (!settings.db_url.empty()) return openDatabase(settings.db_url);
  const auto parent = std::filesystem::path(settings.db_path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  return openDatabase(settings.db_path, settings.db_synchronous);
}

void applyDbOverride(const std::string& db, Settings* settings) {
  if (db.empty()) return;
  if (isPostgresUrl(db)) {
    settings->db_url = db;
  } else {
    // A file on the command line means SQLite, whatever the config or environment named.
    settings->db_path = db;
    settings->db_url.clear();
  }
}

Result<Loaded> loadConfig(const std::string& config_dir, const std::string& db_override, bool open_db) {
  Loaded out;
  auto settings = loadSettings(config_dir);
  if (!settings.isOk()) return settings.status();
  out.settings = std::move(settings).value();
  auto org = loadOrg(config_dir);
  if (!org.isOk()) return org.status();
  out.org = std::make_shared<const OrgIndex>(*org);
  applyDbOverride(db_override, &out.settings);
  if (open_db) {
    auto store = openStore(out.settings);
    if (!store.isOk()) return store.status();
    out.store = std::move(store).value();
  }
  return out;
}

}  // namespace gg
