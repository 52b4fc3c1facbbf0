#pragma once
// The organisation sub-commands of the gridgate binary that do not need a running server.

#include <CLI/CLI.hpp>

namespace gg {

// Registers `generate --grids N --workers N --communities N --out DIR [--seed S] [--rules PATH]
// [--force]` on app. When run it writes a complete config dir (street.json, departments.json,
// communities/*.json and a gridgate.json whose "rule_packs" points at --rules, written relative
// to DIR unless the two share no top-level directory), re-loads it with loadOrg as a self-check
// and prints orgSummary plus out/seed/elapsed_ms as JSON on stdout.
// Failures (bad counts, DIR already holding communities/*.json without --force, write errors)
// print "generate: <problem>" on stderr and end the command with CLI::RuntimeError(2).
void addOrgCommands(CLI::App& app);

}  // namespace gg
