#pragma once
// The foundation sub-commands: serve, check, token.

#include <CLI/CLI.hpp>

namespace gg {

void addServeCommand(CLI::App& app);
void addCheckCommand(CLI::App& app);
void addTokenCommands(CLI::App& app);

}  // namespace gg
