#pragma once
// Starting a whole gateway inside a test: any free port on 127.0.0.1, the test's clock, workers
// driven by hand (Gateway::runWorkersOnce), and `env` standing in for the process environment
// when channel endpoints and secrets are read.
//
// GRIDGATE_TEST_ENGINE=postgres runs every gateway of the end-to-end suites on PostgreSQL: each
// SQLite path a test names becomes its own fresh database in the test's throwaway cluster (the
// same path, e.g. after a restart, the same database). Without PostgreSQL installed it fails.

#include <map>
#include <mutex>
#include <memory>
#include <string>

#include "app/gateway.h"
#include "storage/database_url.h"
#include "tests/support/pg_cluster.h"

namespace gg::test {

// Returns db_path, or under GRIDGATE_TEST_ENGINE=postgres the PostgreSQL database standing in
// for it.
inline std::string testDatabase(const std::string& db_path) {
  const char* engine = std::getenv("GRIDGATE_TEST_ENGINE");
  if (engine == nullptr || std::string(engine) != "postgres" || isPostgresUrl(db_path)) return db_path;
  static std::mutex mu;
  static std::map<std::string, std::string> urls;
  std::lock_guard<std::mutex> lock(mu);
  auto it = urls.find(db_path);
  if (it != urls.end()) return it->second;
  auto url = PgCluster::freshDatabase();
  if (!url) throw std::runtime_error(PgCluster::unavailableReason());
  return urls[db_path] = *url;
}

inline Result<std::unique_ptr<Gateway>> startGateway(const std::string& config_dir,
                                                     const std::string& db_path, Clock* clock,
                                                     std::map<std::string, std::string> env = {}) {
  GatewayOptions o;
  o.config_dir = config_dir;
  o.db_path = testDatabase(db_path);
  o.listen = "127.0.0.1:0";
  o.clock = clock;
  o.background_workers = false;
  // The settings are read once, inside create(); the map lives as long as the lambda anyway.
  auto vars = std::make_shared<std::map<std::string, std::string>>(std::move(env));
  o.getenv = [vars](const char* name) -> const char* {
    auto it = vars->find(name);
    return it == vars->end() ? nullptr : it->second.c_str();
  };
  auto g = Gateway::create(o);
  if (!g.isOk()) return g.status();
  GG_RETURN_IF_ERROR((*g)->start());
  return g;
}

}  // namespace gg::test
