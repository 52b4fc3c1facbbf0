#include "app/bootstrap.h"

#include <filesystem>

#include "org/loader.h"
#include "storage/sqlite/sqlite_store.h"

namespace gg {

Result<StorePtr> openStore(const Settings& settings) {
  const auto parent = std::filesystem::path(settings.db_path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  return openSqliteStore({settings.db_path, settings.db_synchronous});
}

Result<Loaded> loadConfig(const std::string& config_dir, const std::string& db_override, bool open_db) {
  Loaded out;
  auto settings = loadSettings(config_dir);
  if (!settings.isOk()) return settings.status();
  out.settings = std::move(settings).value();
  auto org = loadOrg(config_dir);
  if (!org.isOk()) return org.status();
  out.org = std::make_shared<const OrgIndex>(*org);
  if (!db_override.empty()) out.settings.db_path = db_override;
  if (open_db) {
    auto store = openStore(out.settings);
    if (!store.isOk()) return store.status();
    out.store = std::move(store).value();
  }
  return out;
}

}  // namespace gg
