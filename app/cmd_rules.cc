// `gridgate rules replay` and `gridgate rules inbox`: the rule author's two questions — what
// would a candidate pack change on the street's real traffic, and which messages should the next
// rules be written for.

#include <iostream>

#include "app/bootstrap.h"
#include "app/cmd_rules.h"
#include "app/org_places.h"
#include "app/rules_review.h"
#include "intents/intent_engine.h"

namespace gg {
namespace {

Result<Millis> sinceOption(const std::string& since) {
  Millis at = 0;
  if (since.empty()) return at;
  if (!parseIsoTime(since, &at)) return invalidArgument("--since must be ISO 8601, e.g. 2026-11-01");
  return at;
}

[[noreturn]] void fail(const Status& s) {
  std::cerr << "error: " << s.message() << "\n";
  throw CLI::RuntimeError(1);
}

std::string orDash(const std::string& s) { return s.empty() ? "-" : s; }

}  // namespace

void addRulesCommands(CLI::App& app) {
  struct Options {
    std::string config = "config/demo", db, since;
    int limit = 100;
  };
  auto o = std::make_shared<Options>();
  auto* rules = app.add_subcommand("rules", "Review the rule pack against stored traffic");
  rules->require_subcommand(1);

  auto* replay = rules->add_subcommand("replay", "Classify stored messages with a candidate pack; print what would change");
  replay->add_option("--config", o->config, "the candidate config directory (its rules and org)")->required();
  replay->add_option("--db", o->db, "database file (default: from the config)");
  replay->add_option("--since", o->since, "only messages received since (ISO 8601)");
  replay->add_option("--limit", o->limit, "how many changed messages to print (default 100)");
  replay->callback([o] {
    auto since = sinceOption(o->since);
    if (!since.isOk()) fail(since.status());
    auto loaded = loadConfig(o->config, o->db, true);
    if (!loaded.isOk()) fail(loaded.status());
    auto paths = rulePackPathsForConfig(o->config);
    if (!paths.isOk()) fail(paths.status());
    auto source = loadRulePackFiles(paths.value());
    if (!source.isOk()) fail(source.status());
    auto pack = RulePack::build(source.value(), placesFromOrg(loaded->org->org()), nullptr);
    if (!pack.isOk()) fail(pack.status());
    auto report = replayMessages(*loaded->store, *loaded->org, *pack.value(), *since);
    if (!report.isOk()) fail(report.status());
    std::cout << "replayed " << report->replayed << " messages; " << report->changed << " would change (decision "
              << report->decision << ", intent " << report->intent << ", urgency " << report->urgency << ", grid "
              << report->grid << ")\n";
    int shown = 0;
    for (const auto& c : report->changes) {
      if (shown++ >= o->limit) break;
      std::cout << "message " << c.message_id << ":";
      if (c.old_decision != c.new_decision) std::cout << " decision " << c.old_decision << " -> " << c.new_decision;
      if (c.old_intent != c.new_intent) std::cout << " intent " << orDash(c.old_intent) << " -> " << orDash(c.new_intent);
      if (c.old_urgency != c.new_urgency) std::cout << " urgency " << c.old_urgency << " -> " << c.new_urgency;
      if (c.old_grid != c.new_grid) std::cout << " grid " << orDash(c.old_grid) << " -> " << orDash(c.new_grid);
      std::cout << "\n    " << c.text << "\n";
    }
  });

  auto* inbox = rules->add_subcommand("inbox", "List messages no rule understood and tickets workers corrected, by word");
  inbox->add_option("--config", o->config, "config directory")->capture_default_str();
  inbox->add_option("--db", o->db, "database file (default: from the config)");
  inbox->add_option("--since", o->since, "only messages received since (ISO 8601)");
  inbox->add_option("--limit", o->limit, "how many messages to print per group (default 100)");
  inbox->callback([o] {
    auto since = sinceOption(o->since);
    if (!since.isOk()) fail(since.status());
    auto loaded = loadConfig(o->config, o->db, true);
    if (!loaded.isOk()) fail(loaded.status());
    auto groups = rulesInbox(*loaded->store, *since);
    if (!groups.isOk()) fail(groups.status());
    size_t total = 0;
    for (const auto& g : *groups) total += g.items.size();
    std::cout << total << " messages for rule authors in " << groups->size() << " groups\n";
    for (const auto& g : *groups) {
      std::cout << "【" << g.word << "】 " << g.items.size() << "\n";
      int shown = 0;
      for (const auto& it : g.items) {
        if (shown++ >= o->limit) break;
        std::cout << "  message " << it.message_id << " " << it.reason << ": " << it.text << "\n";
      }
    }
  });
}

}  // namespace gg
