#pragma once
// GET /api/channels (admin and street tokens): every bot account with its presence — channel,
// self_id, mode, online, connected, last_heartbeat, connected_since, offline_since and reason,
// rows_waiting (outbox rows not yet sent through it) — and the groups no grid is bound to, with
// the account that hears them and their last message time. Times are ISO 8601 China time, or
// null when never.

#include "bot/chat_routes.h"
#include "server/api_server.h"
#include "server/app_context.h"

namespace gg {

// routes must outlive the server.
void registerChannelRoutes(ApiServer& server, AppContext& ctx, ChatRoutes& routes);

}  // namespace gg
