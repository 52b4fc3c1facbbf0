#include <iostream>

#include "app/bootstrap.h"
#include "app/cmd_stats.h"
#include "bot/stats.h"

namespace gg {

void addStatsCommand(CLI::App& app) {
  struct Options {
    std::string config = "config/demo", db, by = "community", from, to, community, grid;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("stats", "Print the figures (received, closure, on-time, hours, satisfaction)");
  cmd->add_option("--config", o->config, "config directory")->capture_default_str();
  cmd->add_option("--db", o->db, "database file (default: from the config)");
  cmd->add_option("--by", o->by, "street | community | grid | worker | category")->capture_default_str();
  cmd->add_option("--from", o->from, "period start, ISO 8601 (China time if no zone)");
  cmd->add_option("--to", o->to, "period end (exclusive)");
  cmd->add_option("--community", o->community, "only this community");
  cmd->add_option("--grid", o->grid, "only this grid");
  cmd->callback([o] {
    auto loaded = loadConfig(o->config, o->db, true);
    if (!loaded.isOk()) {
      std::cerr << "error: " << loaded.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    TicketFilter f;
    f.community_id = o->community;
    f.grid_id = o->grid;
    f.limit = 10000000;
    if ((!o->from.empty() && !parseIsoTime(o->from, &f.created_from)) ||
        (!o->to.empty() && !parseIsoTime(o->to, &f.created_to))) {
      std::cerr << "error: --from/--to must be ISO 8601, e.g. 2026-10-01\n";
      throw CLI::RuntimeError(1);
    }
    std::vector<TicketRecord> rows;
    Status s = loaded->store->read([&](Tx& tx) {
      auto r = tx.tickets().list(f, nullptr);
      if (!r.isOk()) return r.status();
      rows = std::move(r).value();
      return Status::ok();
    });
    if (!s.isOk()) {
      std::cerr << "error: " << s.message() << "\n";
      throw CLI::RuntimeError(1);
    }
    nlohmann::json out = {{"totals", computeFigures(rows, SystemClock().now()).toJson()}, {"by", o->by},
                          {"breakdown", breakdown(rows, o->by, SystemClock().now())}};
    std::cout << out.dump(2) << "\n";
  });
}

}  // namespace gg
