#pragma once
// The OneBot v11 HTTP hook: POST /hooks/onebot, an event report (X-Signature when a secret is
// set: bad or missing → 401, nothing ingested). A message event is answered 204 once committed
// (no quick operation: replies go through the outbox, never inline); notice, request and
// meta_event reports → 204 without ingest (meta events keep the account's presence,
// onebot_presence.h); malformed JSON, invalid UTF-8, missing fields → 400; over
// channels.max_body_bytes → 413.

#include <httplib.h>

#include "adapters/hook_common.h"

namespace gg {

// Registers POST /hooks/onebot; the context is copied.
void registerOneBotHook(httplib::Server& server, const HookContext& ctx);

}  // namespace gg
