#pragma once
// /api/tickets, /api/stats and /api/outbox: what the command centre and grid workers see and do.
// Every answer is limited to the token's scope; a grid token sees residents' phones masked.

#include "bot/pipeline.h"
#include "server/api_server.h"
#include "server/app_context.h"

namespace gg {

void registerTicketRoutes(ApiServer& server, AppContext& ctx, Pipeline& pipeline);

// The scope rule for one ticket: street and admin see all, a community its own, a grid its grid,
// a department what is (or was) assigned to it.
bool canSee(const Principal& p, const OrgIndex& org, const TicketRecord& t);

// The API form of a ticket (times as China-time ISO 8601).
nlohmann::json ticketJson(const TicketRecord& t, const OrgIndex& org, bool clear_phones);

}  // namespace gg
