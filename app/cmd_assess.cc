#include "app/cmd_assess.h"

#include <iostream>

#include "app/bootstrap.h"
#include "bot/ticket_policy.h"
#include "server/csv_export.h"
#include "server/routes_assessment.h"

namespace gg {

void addAssessCommand(CLI::App& app) {
  struct Options {
    std::string config = "config/demo", db, by = "worker", from, to, community, grid, format = "json";
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("assess", "Print the worker assessment (on-time accept/resolve, rework, satisfaction, score)");
  cmd->add_option("--config", o->config, "config directory")->capture_default_str();
  cmd->add_option("--db", o->db, "database file (default: from the config)");
  cmd->add_option("--by", o->by, "worker | grid | community")->capture_default_str();
  cmd->add_option("--from", o->from, "period start, ISO 8601 (China time if no zone)");
  cmd->add_option("--to", o->to, "period end (exclusive)");
  cmd->add_option("--community", o->community, "only this community");
  cmd->add_option("--grid", o->grid, "only this grid");
  cmd->add_option("--format", o->format, "json | csv (UTF-8 with BOM, for Excel)")->capture_default_str();
  cmd->callback([o] {
    auto fail = [](const std::string& message) {
      std::cerr << "error: " << message << "\n";
      throw CLI::RuntimeError(1);
    };
    if (o->format != "json" && o->format != "csv") fail("--format must be json or csv");
    auto loaded = loadConfig(o->config, o->db, true);
    if (!loaded.isOk()) fail(loaded.status().message());
    auto policy = parseTicketPolicy(loaded->settings.tickets);
    if (!policy.isOk()) fail(policy.status().message());
    AssessmentQuery q;
    q.principal.role = Role::kStreet;  // the command line is the street's own desk
    q.by = o->by;
    q.community = o->community;
    q.grid = o->grid;
    q.weights = loaded->settings.assessment_weights;
    q.options.low_rating = policy->low_rating;
    q.options.now = SystemClock().now();
    if ((!o->from.empty() && !parseIsoTime(o->from, &q.from)) || (!o->to.empty() && !parseIsoTime(o->to, &q.to))) {
      fail("--from/--to must be ISO 8601, e.g. 2026-10-01");
    }
    Status ok = checkAssessmentQuery(*loaded->org, q);
    if (!ok.isOk()) fail(ok.message());
    auto report = assessmentReport(*loaded->store, *loaded->org, q);
    if (!report.isOk()) fail(report.status().message());
    if (o->format == "csv") std::cout << assessmentCsv(*report);
    else std::cout << report->dump(2) << "\n";
  });
}

}  // namespace gg
