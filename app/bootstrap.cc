#include "app/bootstrap.h"

#include <filesystem>

#include "org/loader.h"
#include "storage/sqlite/sqlite_store.h"

namespace gg {

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
    const auto parent = std::filesystem::path(out.settings.db_path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    auto store = openSqliteStore({out.settings.db_path, out.settings.db_synchronous});
    if (!store.isOk()) return store.status();
    out.store = std::move(store).value();
  }
  return out;
}

}  // namespace gg
