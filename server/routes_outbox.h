#pragma once
// POST /api/outbox/retry {"channel", "status": "dead"|"failed", "ids": [...]}: re-drives outbox
// rows after an outage (bot/outbox_retry.h). Admin and street tokens only (403 otherwise); a bad
// body is a 400 and changes nothing. Answers {"redriven": [ids], "count"}.

#include <functional>
#include <string>

#include "server/api_server.h"
#include "server/app_context.h"

namespace gg {

// horizon(channel): how long a re-driven row of channel is retried; wake: called after rows
// were re-driven (wakes the dispatcher). Both must outlive the server.
void registerOutboxRoutes(ApiServer& server, AppContext& ctx, std::function<Millis(const std::string&)> horizon,
                          std::function<void()> wake);

}  // namespace gg
