#pragma once
// The voice hotline hook: POST /hooks/hotline, one call as JSON (hotline_call.h) with
// "Authorization: Bearer <hotline token>". 200 {"call_id", "status": "accepted"} once
// committed; bad or missing token → 401, no token configured → 503, a bad call → 400. The same
// calls can arrive as spool files instead (spool_watcher.h).

#include <httplib.h>

#include "adapters/hook_common.h"

namespace gg {

// Registers POST /hooks/hotline; the context is copied.
void registerHotlineHook(httplib::Server& server, const HookContext& ctx);

}  // namespace gg
