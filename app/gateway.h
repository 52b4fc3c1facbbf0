#pragma once
// One running gridgate: configuration, storage, the HTTP server and the background workers,
// assembled in one place so `serve` and the end-to-end tests start exactly the same thing.

#include <memory>
#include <string>

#include "app/bootstrap.h"
#include "core/clock.h"
#include "server/api_server.h"
#include "server/app_context.h"

namespace gg {

struct GatewayOptions {
  std::string config_dir;
  std::string db_path;  // empty = from the config
  std::string listen;   // empty = from the config; "127.0.0.1:0" = any free port
  Clock* clock = nullptr;       // null = system clock
  bool background_workers = true;  // tests drive the workers by hand when false
};

class Gateway {
 public:
  // Loads and validates everything; nothing is started and nothing half-loaded on error.
  static Result<std::unique_ptr<Gateway>> create(const GatewayOptions& options);
  ~Gateway();

  // Starts serving and the background workers.
  Status start();
  // Graceful: stop accepting, finish in-flight requests, stop workers, close the database.
  void stop();
  // Rebuilds the rule packs; on any error the running pack stays in force and the error is returned.
  Status reloadRules();
  int port() const { return server_ ? server_->port() : 0; }
  AppContext& context() { return ctx_; }
  Store& store() { return *loaded_.store; }

 private:
  Gateway() = default;

  GatewayOptions options_;
  Loaded loaded_;
  SystemClock system_clock_;
  AppContext ctx_;
  std::unique_ptr<ApiServer> server_;
};

}  // namespace gg
