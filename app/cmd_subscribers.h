#pragma once
// `gridgate subscribers import FILE.csv`: a street's own 手机群发 list (grid,phone,name).

#include <CLI/CLI.hpp>

namespace gg {

// Adds the subscribers sub-commands to app.
void addSubscriberCommands(CLI::App& app);

}  // namespace gg
