#pragma once
// Notice and alert routes: POST/GET /api/notices, GET/PATCH/DELETE /api/notices/{id},
// POST /api/notices/{id}/approve, GET /api/alerts. Scope checks happen in NoticeService (a
// community token acting on another community gets 403); alerts are filtered by the token's scope.

#include "bot/notices/notice_service.h"
#include "server/api_server.h"
#include "server/app_context.h"

namespace gg {

// Registers the routes; ctx and notices must outlive the server.
void registerNoticeRoutes(ApiServer& server, AppContext& ctx, NoticeService& notices);

}  // namespace gg
