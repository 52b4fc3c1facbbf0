#include <iostream>

#include "adapters/channel_settings.h"
#include "app/bootstrap.h"
#include "app/org_places.h"
#include "app/cmd_core.h"
#include "bot/message_catalog.h"
#include "bot/notices/notice_settings.h"
#include "bot/responsibilities.h"
#include "bot/staff_reach.h"
#include "bot/ticket_policy.h"
#include "bot/work_calendar.h"
#include "intents/gazetteer.h"
#include "intents/intent_engine.h"
#include "org/loader.h"

namespace gg {

void addCheckCommand(CLI::App& app) {
  auto config = std::make_shared<std::string>("config/demo");
  auto* cmd = app.add_subcommand("check", "Load and validate a config directory, print counts");
  cmd->add_option("--config", *config, "config directory")->capture_default_str();
  cmd->callback([config] {
    auto loaded = loadConfig(*config, "", false);
    if (!loaded.isOk()) {
      std::cerr << "config " << *config << " is invalid:\n" << loaded.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    // The same checks `serve` makes before it starts, so a config that passes here starts.
    std::vector<std::string> errors;
    const Settings& s = loaded->settings;
    if (auto ch = loadChannelSettings(s.channels); !ch.isOk()) errors.push_back(ch.status().message());
    if (auto tp = parseTicketPolicy(s.tickets); !tp.isOk()) errors.push_back(tp.status().message());
    if (auto ns = parseNoticeSettings(s.notices); !ns.isOk()) errors.push_back(ns.status().message());
    auto catalog = MessageCatalog::forConfigDir(s.config_dir);
    if (!catalog.isOk()) errors.push_back(catalog.status().message());
    IntentEngine engine;
    Status rules = engine.reload(s.rule_packs, placesFromOrg(loaded->org->org()));
    if (!rules.isOk()) errors.push_back(rules.message());
    auto calendar = WorkCalendar::forConfigDir(s.config_dir);
    if (!calendar.isOk()) errors.push_back(calendar.status().message());
    auto duties = ResponsibilityList::forConfigDir(s.config_dir);
    if (!duties.isOk()) {
      errors.push_back(duties.status().message());
    } else if (rules.isOk()) {
      Status refs = duties->validate(*engine.pack(), loaded->org->org());
      if (!refs.isOk()) errors.push_back(refs.message());
    }
    if (!errors.empty()) {
      std::cerr << "config " << *config << " is invalid:\n";
      for (const auto& e : errors) std::cerr << e << "\n";
      throw CLI::RuntimeError(1);
    }
    nlohmann::json summary = orgSummary(loaded->org->org());
    summary["rule_packs"] = s.rule_packs;
    summary["intents"] = engine.pack()->intentCount();
    summary["rule_examples"] = engine.pack()->exampleCount();
    summary["messages"] = catalog->size();
    summary["responsibilities"] = duties->entries().size();
    summary["calendar"] = {{"holidays", calendar->holidayCount()}, {"workdays", calendar->workdayCount()}};
    // Staff nothing can reach would never hear of an escalation or an emergency: warn per
    // contact (a warning, not an error: the street may be filling in the roster).
    auto policy = parseTicketPolicy(s.tickets);
    const auto unreachable = unreachableContacts(loaded->org->org(), policy.isOk() ? policy->worker_channel : Channel::kOneBot);
    summary["unreachable_contacts"] = unreachable;
    for (const auto& line : unreachable) std::cerr << "warning: unreachable " << line << "\n";
    std::cout << summary.dump(2) << "\n";
  });
}

}  // namespace gg
