#include "storage/db_copy.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <vector>

#include "storage/database_url.h"
#include "storage/open_store.h"
#include "storage/pg/pg_connection.h"
#include "storage/sqlite/sqlite_connection.h"

namespace gg {
namespace {

// Rows per INSERT: fewer round trips, well under PostgreSQL's 65535 parameters per statement.
constexpr int kRowsPerInsert = 200;

struct Table {
  std::string name;
  std::vector<std::string> columns;
  std::vector<bool> integer;  // per column: INTEGER (else TEXT)
  bool has_parent = false;    // REFERENCES another table: copied after the tables without
  bool has_id = false;
};

std::vector<Table> sourceTables(sql::Connection& src) {
  std::vector<Table> out;
  sql::Statement q(src,
                   "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                   "AND name <> 'schema_migrations' ORDER BY name");
  while (q.executeStep()) out.push_back({q.getColumn(0).getString(), {}, {}, false, false});
  for (Table& t : out) {
    sql::Statement cols(src, "SELECT name, type FROM pragma_table_info(?)");
    cols.bind(1, t.name);
    while (cols.executeStep()) {
      t.columns.push_back(cols.getColumn(0).getString());
      t.integer.push_back(cols.getColumn(1).getString() == "INTEGER");
      if (t.columns.back() == "id") t.has_id = true;
    }
    sql::Statement fk(src, "SELECT COUNT(*) FROM pragma_foreign_key_list(?)");
    fk.bind(1, t.name);
    fk.executeStep();
    t.has_parent = fk.getColumn(0).getInt64() > 0;
  }
  // The schema's references are one level deep (events → tickets, deliveries → notices).
  std::stable_sort(out.begin(), out.end(),
                   [](const Table& a, const Table& b) { return !a.has_parent && b.has_parent; });
  return out;
}

int64_t countRows(sql::Connection& c, const std::string& table) {
  sql::Statement q(c, "SELECT COUNT(*) FROM " + table);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::string insertSql(const Table& t, int rows) {
  std::string cols, values;
  for (size_t i = 0; i < t.columns.size(); ++i) cols += (i ? ", " : "") + t.columns[i];
  int n = 0;
  for (int r = 0; r < rows; ++r) {
    values += r ? ", (" : "(";
    for (size_t i = 0; i < t.columns.size(); ++i) values += (i ? ", ?" : "?") + std::to_string(++n);
    values += ")";
  }
  return "INSERT INTO " + t.name + " (" + cols + ") VALUES " + values;
}

void flush(sql::Connection& dst, const Table& t, const std::vector<std::vector<std::optional<std::string>>>& rows) {
  if (rows.empty()) return;
  sql::Statement ins(dst, insertSql(t, static_cast<int>(rows.size())));
  int n = 0;
  for (const auto& row : rows) {
    for (const auto& v : row) {
      ++n;
      if (v) ins.bind(n, *v);
      else ins.bind(n);
    }
  }
  ins.exec();
}

void copyTable(sql::Connection& src, sql::Connection& dst, const Table& t) {
  std::string cols;
  for (size_t i = 0; i < t.columns.size(); ++i) cols += (i ? ", " : "") + t.columns[i];
  sql::Statement q(src, "SELECT " + cols + " FROM " + t.name + (t.has_id ? " ORDER BY id" : ""));
  std::vector<std::vector<std::optional<std::string>>> batch;
  while (q.executeStep()) {
    std::vector<std::optional<std::string>> row;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      const auto c = q.getColumn(static_cast<int>(i));
      if (c.isNull()) row.emplace_back();
      else row.emplace_back(t.integer[i] ? std::to_string(c.getInt64()) : c.getString());
    }
    batch.push_back(std::move(row));
    if (batch.size() == static_cast<size_t>(kRowsPerInsert)) {
      flush(dst, t, batch);
      batch.clear();
    }
  }
  flush(dst, t, batch);
  if (t.has_id) {
    // Rows came with their ids; the identity must continue after them (tickets after 1000).
    sql::Statement q(dst, "SELECT COALESCE(MAX(id), 0) FROM " + t.name);
    q.executeStep();
    const int64_t last = std::max<int64_t>(q.getColumn(0).getInt64(), t.name == "tickets" ? 1000 : 0);
    if (last > 0) {
      dst.execute("SELECT setval(pg_get_serial_sequence('" + t.name + "', 'id'), " +
                  std::to_string(last) + ")");
    }
  }
}

}  // namespace

Result<CopyReport> copySqliteToPostgres(const std::string& sqlite_path, const std::string& pg_url) {
  if (!isPostgresUrl(pg_url)) return invalidArgument("--to must be a postgresql:// URL");
  if (isPostgresUrl(sqlite_path)) return invalidArgument("--from must be a SQLite file");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(sqlite_path, ec)) {
    return notFound("no SQLite database at " + sqlite_path);
  }
  // Opening each as a Store migrates both to this binary's schema, so their tables agree.
  for (const std::string& db : {sqlite_path, pg_url}) {
    auto store = openDatabase(db);
    if (!store.isOk()) return store.status();
  }
  try {
    SQLite::Database sdb(sqlite_path, SQLite::OPEN_READONLY);
    sqlite::SqliteConnection src(sdb);
    pg::PgConnection dst(pg_url);
    const std::vector<Table> tables = sourceTables(src);
    for (const Table& t : tables) {
      if (countRows(dst, t.name) > 0) {
        return conflict("the target already holds rows (table " + t.name +
                                  "): db copy only fills an empty database");
      }
    }
    CopyReport report;
    sdb.exec("BEGIN");  // one snapshot of the source for the copy and the counts
    dst.execute("BEGIN");
    try {
      for (const Table& t : tables) copyTable(src, dst, t);
      for (const Table& t : tables) {
        const int64_t want = countRows(src, t.name), got = countRows(dst, t.name);
        if (want != got) {
          dst.execute("ROLLBACK");
          return internalError("table " + t.name + ": " + std::to_string(want) + " rows in the source, " +
                               std::to_string(got) + " copied; nothing was kept");
        }
        report.rows[t.name] = got;
      }
      dst.execute("COMMIT");
    } catch (...) {
      dst.execute("ROLLBACK");
      throw;
    }
    return report;
  } catch (const std::exception& e) {
    return internalError(std::string("db copy failed, nothing was kept: ") + e.what());
  }
}

}  // namespace gg
