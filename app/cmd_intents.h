#pragma once
// The intent engine's command-line sub-commands (issue #3):
//   gridgate classify --config DIR [--asr] [TEXT|-]   one JSON result, or JSONL in -> JSONL out
//   gridgate test-rules --config DIR                   runs every example; non-zero on failure

#include <CLI/CLI.hpp>

namespace gg {

// Registers the `classify` and `test-rules` sub-commands on app. Each sub-command runs from its
// own callback and ends the process with its exit code (0 ok, 1 failures, 2 config errors), so
// main.cc only has to call app.parse()/CLI11_PARSE.
void addIntentCommands(CLI::App& app);

}  // namespace gg
