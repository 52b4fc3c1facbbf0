#pragma once
// GET /api/events: server-sent events for the live 指挥大屏. Same bearer token as the API (also
// `?access_token=` — EventSource cannot send headers), scoped like the API. Events:
//   hello    {"cursor"}                           once, at the start
//   ticket   {"event_id","ticket_id","action","status","level","grid_id","community_id",
//             "urgency","overdue","at"}           every ticket event in scope (SSE id = event id)
//   notice   {"id","status"}                      a notice changed state
//   alert    {"id","community_id","state","count"} an opinion alert opened, grew or cleared
//   channel  {"accounts":[…],"reasons":[…]}       bot presence or channel health changed
// The stream polls the rows once a second (every instance sees the same changes), sends a
// comment every 15 s so proxies keep it open, and ends after 30 minutes; EventSource reconnects
// with Last-Event-ID and missed ticket events are replayed. At most kMaxEventStreams at once
// (503 with Retry-After beyond), so streams never take the pool from ordinary requests.

#include "server/api_server.h"
#include "server/app_context.h"

namespace gg {

constexpr int kMaxEventStreams = 8;

void registerEventRoutes(ApiServer& server, AppContext& ctx);

}  // namespace gg
