#pragma once
// `gridgate rules replay` and `gridgate rules inbox` (see app/rules_review.h).

#include <CLI/CLI.hpp>

namespace gg {

void addRulesCommands(CLI::App& app);

}  // namespace gg
