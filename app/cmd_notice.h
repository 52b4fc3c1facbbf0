#pragma once
// `gridgate notice create|list|show|approve|cancel`: the notice API from the command line, acting
// as an admin named by --actor (so a second person's approval is a second --actor).

#include <CLI/CLI.hpp>

namespace gg {

// Adds the "notice" sub-command tree to app.
void addNoticeCommands(CLI::App& app);

}  // namespace gg
