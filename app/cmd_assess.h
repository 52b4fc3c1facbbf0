#pragma once
// `gridgate assess`: the worker assessment (网格员线上考核) from a database, as JSON or as the
// CSV of the monthly report — the same report GET /api/assessment gives a street token.

#include <CLI/CLI.hpp>

namespace gg {

// Registers `assess --config DIR [--db PATH] [--by worker|grid|community] [--from ISO] [--to ISO]
// [--community ID] [--grid ID] [--format json|csv]`. A bad option or period prints "error: …"
// and exits 1 without reading the database.
void addAssessCommand(CLI::App& app);

}  // namespace gg
