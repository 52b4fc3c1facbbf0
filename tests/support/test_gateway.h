#pragma once
// Starting a whole gateway inside a test: any free port on 127.0.0.1, the test's clock, workers
// driven by hand (Gateway::runWorkersOnce), and `env` standing in for the process environment
// when channel endpoints and secrets are read.

#include <map>
#include <memory>
#include <string>

#include "app/gateway.h"

namespace gg::test {

inline Result<std::unique_ptr<Gateway>> startGateway(const std::string& config_dir,
                                                     const std::string& db_path, Clock* clock,
                                                     std::map<std::string, std::string> env = {}) {
  GatewayOptions o;
  o.config_dir = config_dir;
  o.db_path = db_path;
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
