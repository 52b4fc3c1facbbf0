#pragma once
// `gridgate outbox retry --channel C [--status dead|failed] [--id N …]`.

#include <CLI/CLI.hpp>

namespace gg {

// Adds the outbox sub-commands to app.
void addOutboxCommands(CLI::App& app);

}  // namespace gg
