#pragma once
// How a notice and its deliveries read in the API: the summary fields, and a delivery's state
// as people see it (once queued, its outbox row is the truth).

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "storage/store.h"

namespace gg {

// Returns {state, error}: pending | queued | sending | sent | failed | cancelled | skipped.
std::pair<std::string, std::string> deliveryState(Tx& tx, const NoticeDelivery& d);

// The fields of a notice every list and view shows.
nlohmann::json noticeSummary(const NoticeRecord& n);

}  // namespace gg
