#pragma once
// `gridgate backup` (a consistent copy of the database while serve runs) and `gridgate restore`
// (a checked copy back in place).

#include <CLI/CLI.hpp>

namespace gg {

void addBackupCommands(CLI::App& app);

}  // namespace gg
