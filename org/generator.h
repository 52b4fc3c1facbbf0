#pragma once
// Synthetic streets for tests and benchmarks: a deterministic Org of any size (40 grids / 146
// workers like the reports' 南城街道, or 10,000 grids for a city), and the writer that turns an
// Org back into the config files org/loader.h reads.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/result.h"
#include "org/model.h"

namespace gg {

struct GeneratorOptions {
  int communities = 6;
  int grids = 24;
  int workers = 60;  // every grid gets one leader first, so workers >= grids
  uint64_t seed = 1;
};

constexpr int kMaxGeneratedGrids = 100000;
constexpr int kMaxGeneratedWorkers = 1000000;

// Builds a street with options.communities communities, options.grids grids spread evenly over
// them and options.workers workers (one leader per grid, the rest full-time and part-time), each
// grid bound to a OneBot group and every third also to a WeCom group with a robot webhook, plus
// the usual departments. The same options always give the same Org (own PRNG, no std
// distributions). Fails with invalidArgument when communities < 1, grids < communities,
// workers < grids or a count is above kMaxGenerated*.
Result<Org> generateOrg(const GeneratorOptions& options);

// Returns the street.json document for org (street id, name, city, contact).
nlohmann::json streetToJson(const Org& org);
// Returns the departments.json document for org.
nlohmann::json departmentsToJson(const Org& org);
// Returns the communities/<id>.json document for one community (workers nested in grids).
nlohmann::json communityToJson(const Community& community);

// Writes street.json, departments.json and communities/<id>.json under dir (created if missing;
// existing files of those names are replaced, a stale communities/*.json is not removed).
// Fails with internalError naming the path when a directory or file cannot be written.
Status writeOrgConfig(const Org& org, const std::string& dir);

}  // namespace gg
