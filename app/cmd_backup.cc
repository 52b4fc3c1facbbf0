#include "app/cmd_backup.h"

#include <filesystem>
#include <iostream>

#include "core/clock.h"
#include "storage/sqlite/sqlite_backup.h"

namespace gg {
namespace {

struct BackupOptions {
  std::string db;
  std::string out;
  std::string from;
  bool keep = true;
};

// "gridgate.db.before-restore-20261203T141500": China time, so it sorts and reads like every
// other time the street sees.
std::string keepName(const std::string& db) {
  std::string t = formatChinaTime(SystemClock().now()).substr(0, 19);
  std::string compact;
  for (char c : t) {
    if (c != '-' && c != ':') compact += c;
  }
  return db + ".before-restore-" + compact;
}

}  // namespace

void addBackupCommands(CLI::App& app) {
  auto o = std::make_shared<BackupOptions>();
  auto* backup = app.add_subcommand("backup", "Copy the database consistently, also while serve runs");
  backup->add_option("--db", o->db, "the database file")->required();
  backup->add_option("--out", o->out, "the copy to write (must not exist)")->required();
  backup->callback([o] {
    Status s = backupSqlite(o->db, o->out);
    if (!s.isOk()) {
      std::cerr << "gridgate backup: " << s.message() << "\n";
      throw CLI::RuntimeError(1);
    }
    auto info = checkBackup(o->out);
    std::cout << "backup " << o->out << ": schema version " << (info.isOk() ? info->schema_version : 0) << ", "
              << (info.isOk() ? info->size_bytes : 0) << " bytes, integrity ok\n";
  });

  auto* restore = app.add_subcommand("restore", "Check a backup and put it in place of the database (stop serve first)");
  restore->add_option("--from", o->from, "the backup file")->required();
  restore->add_option("--db", o->db, "the database file to replace")->required();
  restore->add_flag("!--no-keep", o->keep, "do not keep the replaced database as DB.before-restore-<time>");
  restore->callback([o] {
    const std::string keep = o->keep ? keepName(o->db) : "";
    auto info = restoreSqlite(o->from, o->db, keep);
    if (!info.isOk()) {
      std::cerr << "gridgate restore: refused, " << o->db << " is unchanged: " << info.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    std::cout << "restored " << o->from << " into " << o->db << " (schema version " << info->schema_version << ")";
    std::error_code ec;
    if (!keep.empty() && std::filesystem::exists(keep, ec)) std::cout << "; the previous database is " << keep;
    std::cout << "\n";
  });
}

}  // namespace gg
