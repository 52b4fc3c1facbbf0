#pragma once
// `gridgate import roster.csv|roster.xlsx --out DIR`: a street onboarded from its own grid
// roster (网格员花名册, see org/roster.h). The roster gives the communities, grids, workers,
// groups and service areas; the files that are not roster data (street.json, departments.json,
// messages.json, notices.json, gridgate.json) come from --base DIR, or are written minimal.
// All or nothing: one bad row and DIR is left as it was.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "core/result.h"

namespace gg {

struct ImportOptions {
  std::string file;  // .csv (UTF-8, BOM allowed) or .xlsx; named as given in every problem
  std::string out;   // the config directory to write
  // A config directory to take street.json, departments.json, messages.json and notices.json
  // from (copied as they are) and gridgate.json (its config-relative paths re-pointed from DIR);
  // empty = none.
  std::string base;
  // The street (all three, or none; given, they replace a base street.json): its id, name and
  // the command centre's phone; the contact's name defaults to "<name>指挥中心".
  std::string street_id, street_name, street_phone, street_contact;
  std::string rules;   // the rule pack written to a new gridgate.json ("" = defaultRulePackDir())
  bool force = false;  // replace a DIR that is not empty
};

// Imports options.file into options.out. Everything is written into a scratch directory next to
// out, loaded back as `gridgate check` loads it (settings, org, message catalog), and only then
// moved into place; on any failure out is untouched and the scratch directory removed.
// Returns orgSummary of the result plus "out", "file" and "copied" (the files taken from base).
// Fails with invalidArgument listing every problem, one per line: the roster's
// `roster.csv: row 7, column G (角色): unknown role "组员" (…)`, a file that is neither CSV nor
// .xlsx, a missing street, a non-empty out without force; internalError when a file cannot be
// written.
Result<nlohmann::json> importRoster(const ImportOptions& options);

// Registers `import FILE --out DIR [--base DIR] [--street-id ID --street-name NAME
// --street-phone PHONE [--street-contact NAME]] [--rules PATH] [--force]` on app. Prints the
// summary as JSON on stdout; on failure every problem on stderr, then
// "import: nothing written to DIR", and ends with CLI::RuntimeError(1) (2 for a file that cannot
// be read or written).
void addImportCommand(CLI::App& app);

}  // namespace gg
