#pragma once
// Loads and validates the organisation files of a config directory (see README "Config format").
// Loading is all-or-nothing: any error leaves nothing half-loaded.

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "core/result.h"
#include "org/model.h"

namespace gg {

// Loads <config_dir>/street.json, <config_dir>/departments.json and every
// <config_dir>/communities/*.json (files merged), then validates references, ids and values.
// On failure the Status message lists every problem found, one per line, each as
// "<file>: <json path>: <problem>" (malformed JSON: "<file>:<line>:<column>: ...").
Result<std::shared_ptr<const Org>> loadOrg(const std::string& config_dir);

// Counts what a loaded Org holds, for `gridgate check` and /healthz-style summaries:
// {"street": {"id", "name"}, "communities": N, "grids": N,
//  "workers": {"total", "leader", "fulltime", "parttime"}, "groups": {"total", "onebot", "wecom"},
//  "compounds": N (distinct names per community), "buildings": N (distinct per compound),
//  "departments": N}. Never fails.
nlohmann::json orgSummary(const Org& org);

}  // namespace gg
