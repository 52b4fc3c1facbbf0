#pragma once
// sql::Connection over one libpqxx connection (storage/sql/connection.h). Statements run through
// one long-lived pqxx::nontransaction, so BEGIN/COMMIT/ROLLBACK are plain statements the Store
// issues, exactly as it does on SQLite; libpqxx only carries them.

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include <memory>
#include <string>

#include "storage/sql/connection.h"

namespace gg::pg {

class PgConnection : public sql::Connection {
 public:
  // Connects to url (postgresql://user:pass@host:port/dbname, libpq's URI form). Throws
  // pqxx::broken_connection (a std::exception) when the server cannot be reached.
  explicit PgConnection(const std::string& url);
  ~PgConnection() override;

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  std::unique_ptr<sql::StatementImpl> prepare(const std::string& sql) override;
  void execute(const std::string& sql) override;
  int64_t lastInsertId() override;

  // Returns false once the server has gone away (restart, network); the Store then reconnects.
  bool isOpen() const;
  // Drops the connection and connects again. Throws as the constructor does.
  void reconnect();

  pqxx::nontransaction& work() { return *work_; }

 private:
  std::string url_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::nontransaction> work_;
};

}  // namespace gg::pg
