// A minimal main with only the intent sub-commands (classify, test-rules).
#include <CLI/CLI.hpp>

#include "app/cmd_intents.h"

int main(int argc, char** argv) {
  CLI::App app{"gridgate intents"};
  app.require_subcommand(1);
  gg::addIntentCommands(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
