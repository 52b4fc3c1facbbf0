#pragma once
// Database sub-commands: gridgate migrate (apply the schema steps and say where the database
// is), gridgate db copy (a street's SQLite file into PostgreSQL).

#include <CLI/CLI.hpp>

namespace gg {

void addDbCommands(CLI::App& app);

}  // namespace gg
