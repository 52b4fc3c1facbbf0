#pragma once
// Re-driving outbox rows after an outage: the one rule POST /api/outbox/retry and `gridgate
// outbox retry` share. A re-driven row is pending again now, with its attempts reset and a fresh
// retry horizon; being one row with its dedup key, it is still delivered at most once.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "storage/store.h"

namespace gg {

struct RetryRequest {
  Channel channel = Channel::kNone;  // kNone: every channel
  // "dead" | "failed" at the edge (a pending row after at least one failed attempt).
  OutboxRepo::Redrive which = OutboxRepo::Redrive::kDead;
  std::vector<int64_t> ids;  // empty = every row of channel in that state
};

// Parses {"channel", "status", "ids"?}; InvalidArgument naming the problem (unknown key, an
// unknown channel or status, an id that is not a positive integer, more than 10,000 ids).
Result<RetryRequest> parseRetryRequest(const nlohmann::json& body);

// Re-drives the rows req selects, giving each until now + horizon to be delivered; returns their
// ids (ids that do not match channel and status are left alone and not returned).
Result<std::vector<int64_t>> redriveOutbox(Store& store, const RetryRequest& req, Millis now, Millis horizon);

}  // namespace gg
