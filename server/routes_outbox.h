#pragma once
// POST /api/outbox/retry {"channel", "status": "dead"|"failed", "ids": [...]}: re-drives outbox
// rows after an outage (bot/outbox_retry.h). Admin and street tokens only (403 otherwise); a bad
// body is a 400 and changes nothing. Answers {"redriven": [ids], "count"}.

#include "bot/dispatcher.h"
#include "server/api_server.h"
#include "server/app_context.h"

namespace gg {

// A re-driven row is retried for its channel's retry horizon, and the dispatcher is woken at
// once. dispatcher must outlive the server.
void registerOutboxRoutes(ApiServer& server, AppContext& ctx, Dispatcher& dispatcher);

}  // namespace gg
