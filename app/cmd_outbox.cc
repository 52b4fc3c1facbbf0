// gridgate outbox retry: re-drive dead or failed outbox rows after an outage, from the shell
// (the same rule as POST /api/outbox/retry). A running gateway picks the rows up on its next
// dispatcher round.

#include <iostream>

#include "app/bootstrap.h"
#include "app/cmd_outbox.h"
#include "bot/dispatcher.h"
#include "bot/outbox_retry.h"
#include "core/clock.h"

namespace gg {
namespace {

struct OutboxOptions {
  std::string config = "config/demo";
  std::string db;
  std::string channel;
  std::string status = "dead";
  std::vector<int64_t> ids;
  double horizon_hours = static_cast<double>(kDefaultRetryHorizon) / kHour;
};

}  // namespace

void addOutboxCommands(CLI::App& app) {
  auto opts = std::make_shared<OutboxOptions>();
  auto* outbox = app.add_subcommand("outbox", "Re-drive outbox rows");
  outbox->require_subcommand(1);
  outbox->add_option("--config", opts->config, "config directory")->capture_default_str();
  outbox->add_option("--db", opts->db, "database file (default: from the config)");
  auto* retry = outbox->add_subcommand("retry", "Make dead or failed rows of a channel pending again");
  retry->fallthrough();
  retry->add_option("--channel", opts->channel, "onebot | wecom_app | wecom_robot | sms")->required();
  retry->add_option("--status", opts->status, "dead | failed")->capture_default_str();
  retry->add_option("--id", opts->ids, "row id (repeatable; none = every row of the channel in that status)");
  retry->add_option("--horizon-hours", opts->horizon_hours, "how long the re-driven rows are retried")
      ->capture_default_str();
  retry->callback([opts] {
    nlohmann::json body = {{"channel", opts->channel}, {"status", opts->status}};
    if (!opts->ids.empty()) body["ids"] = opts->ids;
    auto req = parseRetryRequest(body);
    if (!req.isOk() || opts->horizon_hours <= 0) {
      std::cerr << "error: " << (req.isOk() ? "--horizon-hours must be positive" : req.status().message()) << "\n";
      throw CLI::RuntimeError(2);
    }
    auto loaded = loadConfig(opts->config, opts->db, true);
    if (!loaded.isOk()) {
      std::cerr << "error: " << loaded.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    SystemClock clock;
    auto ids = redriveOutbox(*loaded->store, *req, clock.now(), static_cast<Millis>(opts->horizon_hours * kHour));
    if (!ids.isOk()) {
      std::cerr << "error: " << ids.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    std::cout << nlohmann::json{{"redriven", *ids}, {"count", ids->size()}}.dump() << "\n";
  });
}

}  // namespace gg
