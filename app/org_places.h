#pragma once
// The bridge between the organisation and the intent engine: intents knows places only through
// its own Place type (intents/gazetteer.h), so the org never leaks into the pure library.

#include <vector>

#include "intents/gazetteer.h"
#include "org/model.h"

namespace gg {

// Returns every community, compound (with its aliases) and street of org as a Place, in config
// order (which decides ambiguous names).
std::vector<Place> placesFromOrg(const Org& org);

}  // namespace gg
