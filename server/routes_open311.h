#pragma once
// Open311 GeoReport v2 at /open311/v2/ (issue 14), each route as .json or .xml:
//   GET  services          the rule pack's intents as services (server/open311_view.h)
//   GET  services/{code}   a service definition (no attributes: the rules read the description)
//   POST requests          a service request from a key holder (api_key = a bearer token of this
//                          gateway: admin, street, community or grid) through the same pipeline
//                          as the chats, as the resident page's channel "web" (its answers are
//                          kept on the message, nothing is queued for it; a mobile given as
//                          `phone` gets SMS updates): service_request_id = the ticket, else a
//                          token for GET tokens/{token}
//   GET  requests          tickets, filtered by service_request_id, service_code, start_date,
//                          end_date (at most 90 days; default the last 90), status open|closed;
//                          at most 1000. With a key limited to its scope, without one only
//                          what is not personal (server/open311_view.h)
//   GET  requests/{id}     one ticket, as a one-element list
//   GET  tokens/{token}    the request a token became
// Every error is the GeoReport error list with the HTTP status as its numeric code: 400 bad
// input (nothing is stored), 401 no api_key, 403 a key that is not a token here or may not post,
// 404 an unknown service, request, token, jurisdiction or route under /open311, 429 too many
// invalid keys or anonymous look-ups from one address (Retry-After).

#include "bot/message_catalog.h"
#include "bot/pipeline.h"
#include "intents/intent_engine.h"
#include "server/api_server.h"
#include "server/app_context.h"

namespace gg {

// Registers the Open311 routes on server, and a catch-all answering any other path under
// /open311 with 404 in the GeoReport format. The services are read from intents on each request
// (a reloaded pack's intents are the services at once). Everything passed must outlive the server.
void registerOpen311Routes(ApiServer& server, AppContext& ctx, Pipeline& pipeline,
                           const IntentEngine& intents, const MessageCatalog& catalog);

}  // namespace gg
