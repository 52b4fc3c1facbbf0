#include <iostream>

#include "app/bootstrap.h"
#include "app/cmd_core.h"
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
    nlohmann::json summary = orgSummary(loaded->org->org());
    summary["rule_packs"] = loaded->settings.rule_packs;
    std::cout << summary.dump(2) << "\n";
  });
}

}  // namespace gg
