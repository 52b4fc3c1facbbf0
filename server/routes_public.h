#pragma once
// The resident's front door, no token needed: GET /r/{grid} (the page), GET /r/{grid}/qr.svg,
// POST /api/public/reports, GET /api/public/tickets/{code}, POST /api/public/tickets/{code}/rate.
// Reports go through the same pipeline as the chats (channel "web"). Every route is limited —
// body size, text lengths, per-address and per-phone rates (429 with Retry-After) — and checks
// its whole input before anything is stored: unknown keys and bad values are 400, an unknown
// grid or tracking code 404.

#include "bot/message_catalog.h"
#include "bot/pipeline.h"
#include "bot/ticket_service.h"
#include "server/api_server.h"
#include "server/app_context.h"

namespace gg {

// Registers the public routes on server. Everything passed must outlive the server.
void registerPublicRoutes(ApiServer& server, AppContext& ctx, Pipeline& pipeline,
                          const TicketService& tickets, const MessageCatalog& catalog);

// Returns the page URL of grid_id under base_url ("https://x.cn" → "https://x.cn/r/binhe-01").
std::string residentPageUrl(const std::string& base_url, const std::string& grid_id);

}  // namespace gg
