#pragma once
// GET /metrics: the Prometheus text format, for an admin or street token (a scraper sends it as
// `authorization: {type: Bearer, credentials: …}`). Counts only, never a person's data; still
// behind a token, because a reverse proxy on the same host would make "loopback only" open to all.
//
// From the database at scrape time (the same on every instance, kept across restarts):
//   gridgate_messages_total{channel,decision}   stored inbound messages
//   gridgate_tickets_open{level,status}         open tickets
//   gridgate_tickets_overdue                    open tickets past a deadline (as ?overdue=1)
//   gridgate_outbox_rows{channel,status}        outbound rows
//   gridgate_bot_accounts_online{channel}       bot accounts online / known
// From this process (core/metrics.h):
//   gridgate_http_requests_total{route,code}, gridgate_http_request_seconds{route},
//   gridgate_send_seconds{channel,outcome}, gridgate_classify_seconds

#include "server/api_server.h"
#include "server/app_context.h"

namespace gg {

void registerMetricsRoute(ApiServer& server, AppContext& ctx);

}  // namespace gg
