#pragma once
// `gridgate stats` (the figures from a database) and `gridgate simulate` (a synthetic quarter
// replayed through the real pipeline).

#include <CLI/CLI.hpp>

namespace gg {

void addStatsCommand(CLI::App& app);
void addSimulateCommand(CLI::App& app);

}  // namespace gg
