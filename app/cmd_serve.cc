#include <csignal>
#include <iostream>

#include "app/cmd_core.h"
#include "app/gateway.h"
#include "server/settings.h"
#include "core/log.h"
#include "core/log_format.h"

namespace gg {
namespace {

struct ServeOptions {
  std::string config = "config/demo";
  std::string db;
  std::string listen;
};

}  // namespace

void addServeCommand(CLI::App& app) {
  auto opts = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Run the gateway");
  cmd->add_option("--config", opts->config, "config directory")->capture_default_str();
  cmd->add_option("--db", opts->db, "SQLite database file or postgresql://user:pass@host:port/dbname (default: from the config)");
  cmd->add_option("--listen", opts->listen, "HOST:PORT (default: from the config, 127.0.0.1:8080)");
  cmd->callback([opts] {
    // Block the signals before any thread exists so only this thread receives them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    // The log format first, so every line serve writes (also while loading) is in it; a bad
    // setting is reported by Gateway::create below.
    if (auto early = loadSettings(opts->config); early.isOk()) {
      log::initWithFormat(early->log_level, early->log_format);
    }
    GatewayOptions go;
    go.config_dir = opts->config;
    go.db_path = opts->db;
    go.listen = opts->listen;
    auto gateway = Gateway::create(go);
    if (!gateway.isOk()) {
      std::cerr << "gridgate: refusing to start:\n" << gateway.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    log::initWithFormat((*gateway)->context().settings.log_level, (*gateway)->context().settings.log_format);
    Status st = (*gateway)->start();
    if (!st.isOk()) {
      std::cerr << "gridgate: " << st.message() << "\n";
      throw CLI::RuntimeError(1);
    }
    for (;;) {
      int sig = 0;
      sigwait(&signals, &sig);
      if (sig == SIGHUP) {
        log::info("SIGHUP: reloading rule packs");
        Status r = (*gateway)->reloadRules();
        if (r.isOk()) log::info("rule packs reloaded");
        else log::error("reload rejected, previous rule pack stays in force: {}", r.message());
        continue;
      }
      log::info("signal {}: shutting down", sig);
      break;
    }
    (*gateway)->stop();
    log::info("stopped");
  });
}

}  // namespace gg
