#include "app/cmd_db.h"

#include <iostream>

#include "app/bootstrap.h"
#include "storage/database_url.h"
#include "storage/db_copy.h"
#include "storage/open_store.h"

namespace gg {
namespace {

struct DbOptions {
  std::string config = "config/demo";
  std::string db;
  std::string from;
  std::string to;
};

int fail(const Status& s) {
  std::cerr << "error: " << s.message() << "\n";
  return 1;
}

// Returns the --db value, or the database the config names when there is none.
Result<std::string> chosenDatabase(const DbOptions& o) {
  if (!o.db.empty()) return o.db;
  auto settings = loadSettings(o.config);
  if (!settings.isOk()) return settings.status();
  return databaseOf(*settings);
}

}  // namespace

void addDbCommands(CLI::App& app) {
  auto o = std::make_shared<DbOptions>();
  auto* migrate = app.add_subcommand(
      "migrate", "Apply pending schema steps (serve does this too at start) and print the version");
  migrate->add_option("--config", o->config, "config directory (when there is no --db)")
      ->capture_default_str();
  migrate->add_option("--db", o->db, "SQLite file or postgresql://user:pass@host:port/dbname");
  migrate->callback([o] {
    auto db = chosenDatabase(*o);
    if (!db.isOk()) throw CLI::RuntimeError(fail(db.status()));
    auto store = openDatabase(*db);
    if (!store.isOk()) throw CLI::RuntimeError(fail(store.status()));
    const auto h = (*store)->health();
    std::cout << h["engine"].get<std::string>() << " " << maskDatabaseUrl(*db)
              << ": schema version " << h.value("schema_version", 0) << "\n";
  });

  auto* dbcmd = app.add_subcommand("db", "Database maintenance");
  dbcmd->require_subcommand(1);
  auto* copy = dbcmd->add_subcommand(
      "copy", "Copy a street's SQLite database into an empty PostgreSQL database (counts checked)");
  copy->add_option("--from", o->from, "SQLite database file")->required();
  copy->add_option("--to", o->to, "postgresql://user:pass@host:port/dbname (empty)")->required();
  copy->callback([o] {
    auto report = copySqliteToPostgres(o->from, o->to);
    if (!report.isOk()) throw CLI::RuntimeError(fail(report.status()));
    int64_t total = 0;
    for (const auto& [table, rows] : report->rows) {
      std::cout << table << "\t" << rows << "\n";
      total += rows;
    }
    std::cout << "copied " << total << " rows in " << report->rows.size() << " tables from "
              << o->from << " to " << maskDatabaseUrl(o->to) << "; every count matches\n";
  });
}

}  // namespace gg
