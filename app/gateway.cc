#include "app/gateway.h"

#include "core/log.h"
#include "server/routes_core.h"

namespace gg {

Result<std::unique_ptr<Gateway>> Gateway::create(const GatewayOptions& options) {
  std::unique_ptr<Gateway> g(new Gateway());
  g->options_ = options;
  auto loaded = loadConfig(options.config_dir, options.db_path, true);
  if (!loaded.isOk()) return loaded.status();
  g->loaded_ = std::move(loaded).value();
  if (!options.listen.empty()) {
    GG_RETURN_IF_ERROR(parseListen(options.listen, &g->loaded_.settings.server));
  }
  g->ctx_.settings = g->loaded_.settings;
  g->ctx_.org = g->loaded_.org;
  g->ctx_.store = g->loaded_.store.get();
  g->ctx_.clock = options.clock ? options.clock : &g->system_clock_;

  g->server_ = std::make_unique<ApiServer>(g->ctx_.settings.server, *g->ctx_.store);
  registerCoreRoutes(*g->server_, g->ctx_);
  if (!g->ctx_.settings.web_dir.empty()) g->server_->mountStatic("/", g->ctx_.settings.web_dir);
  return g;
}

Gateway::~Gateway() { stop(); }

Status Gateway::start() {
  GG_RETURN_IF_ERROR(server_->start());
  log::info("listening host={} port={} street={}", ctx_.settings.server.host, server_->port(),
            ctx_.org->org().street.name);
  return Status::ok();
}

Status Gateway::reloadRules() { return unavailable("rule engine not wired yet"); }

void Gateway::stop() {
  if (server_) server_->stop();
}

}  // namespace gg
