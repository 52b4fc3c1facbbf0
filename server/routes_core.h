#pragma once
// Routes every deployment has: /healthz, /api/org, /api/me.

#include "server/api_server.h"
#include "server/app_context.h"

namespace gg {

void registerCoreRoutes(ApiServer& server, AppContext& ctx);

}  // namespace gg
