// gridgate: one binary, several sub-commands (serve, check, token, classify, test-rules, …).

#include <CLI/CLI.hpp>

#include "app/cmd_assess.h"
#include "app/cmd_backup.h"
#include "app/cmd_core.h"
#include "app/cmd_db.h"
#include "app/cmd_import.h"
#include "app/cmd_intents.h"
#include "app/cmd_notice.h"
#include "app/cmd_outbox.h"
#include "app/cmd_qr.h"
#include "app/cmd_subscribers.h"
#include "app/cmd_rules.h"
#include "app/cmd_stats.h"
#include "app/cmd_org.h"
#include "core/log.h"
#include "server/settings.h"

int main(int argc, char** argv) {
  gg::log::init("info");
  CLI::App app{"gridgate — chat-bot and messaging gateway for grid-based community governance"};
  app.set_version_flag("--version", std::string(GRIDGATE_VERSION));
  app.require_subcommand(1);
  // Where web/ and rules/ are when they are not in the compiled-in share dir (an unpacked
  // tarball, a test's temporary install root). Before the sub-command: gridgate --share-dir D check …
  app.add_option_function<std::string>("--share-dir", [](const std::string& d) { gg::setShareDirOverride(d); },
                                       "read-only assets (web/, rules/); default " GRIDGATE_SHARE_DIR)
      ->envname("GRIDGATE_SHARE_DIR");
  gg::addServeCommand(app);
  gg::addCheckCommand(app);
  gg::addTokenCommands(app);
  gg::addIntentCommands(app);
  gg::addOrgCommands(app);
  gg::addImportCommand(app);
  gg::addNoticeCommands(app);
  gg::addOutboxCommands(app);
  gg::addSubscriberCommands(app);
  gg::addQrCommand(app);
  gg::addRulesCommands(app);
  gg::addStatsCommand(app);
  gg::addAssessCommand(app);
  gg::addSimulateCommand(app);
  gg::addBackupCommands(app);
  gg::addDbCommands(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
