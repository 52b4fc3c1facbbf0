// The table behind /api/openapi.json. One entry per registered route; keep it next to the
// route's code in mind: tests/server/openapi_test.cc fails when the two disagree.
#include "server/openapi.h"

namespace gg {
namespace {

const std::vector<ParamDoc> kPage = {{"limit", "query", "page size"}, {"offset", "query", "rows to skip"}};

std::vector<ParamDoc> with(std::vector<ParamDoc> a, const std::vector<ParamDoc>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<ParamDoc> kScope = {{"community", "query", "community id (within the token's scope)"},
                                      {"grid", "query", "grid id (within the token's scope)"}};
const std::vector<ParamDoc> kPeriod = {{"from", "query", "ISO 8601 start (inclusive)"},
                                       {"to", "query", "ISO 8601 end (exclusive)"}};

}  // namespace

const std::vector<RouteDoc>& routeDocs() {
  static const std::vector<RouteDoc> docs = {
      // Health and the organisation.
      {"GET", "/healthz", "/healthz", "health", "Liveness, database, channels, the OneBot WebSocket URL", "none", {}},
      {"GET", "/favicon.ico", "/favicon.ico", "health", "The site icon", "none", {}},
      {"GET", "/metrics", "/metrics", "health", "Prometheus text format (admin or street token)", "bearer", {}},
      {"GET", "/api/openapi.json", "/api/openapi.json", "health", "This document", "none", {}},
      {"GET", "/api/events", "/api/events", "live", "Server-sent events: ticket, notice, alert, channel changes in scope",
       "bearer", {{"access_token", "query", "the token, for EventSource (which cannot send headers)"}}},
      {"GET", "/api/me", "/api/me", "org", "The token's role and scope", "bearer", {}},
      {"GET", "/api/org", "/api/org", "org", "The street, communities, grids and workers (phones masked below community)", "bearer", {}},
      {"GET", R"(/api/org/grids/([^/]+))", "/api/org/grids/{grid_id}", "org", "One grid with its workers and groups", "bearer", {}},
      {"GET", "/api/channels", "/api/channels", "channels", "Bot accounts, presence and chat routes", "bearer", {}},
      // Tickets.
      {"GET", "/api/tickets", "/api/tickets", "tickets", "Tickets in the token's scope", "bearer",
       with(with(with({{"status", "query", "new|assigned|accepted|resolved|closed"},
                       {"level", "query", "grid|community|street|department"},
                       {"category", "query", "category id"},
                       {"assignee", "query", "assignee id"},
                       {"overdue", "query", "1: open tickets marked overdue or past a deadline"}},
                      kScope), kPeriod), kPage)},
      {"POST", "/api/tickets", "/api/tickets", "tickets", "A grid worker's patrol report (网格员直报)", "bearer", {},
       "{\"text\", \"worker_id\"?, \"request_id\"?}"},
      {"GET", R"(/api/tickets/(\d+))", "/api/tickets/{id}", "tickets", "One ticket with its timeline and reporters", "bearer", {}},
      {"POST", R"(/api/tickets/(\d+)/(accept|resolve|transfer|escalate|reject|reopen|rate|close))",
       "/api/tickets/{id}/{action}", "tickets",
       "Act on a ticket: accept, resolve, transfer, escalate, reject, reopen, rate, close", "bearer", {},
       "{\"note\"?, \"target\"?, \"rating\"?, \"reason\"?}: the first given is the argument; unknown keys are 400"},
      {"GET", "/api/responsibilities", "/api/responsibilities", "tickets",
       "The responsibility list (职责任务清单): each matter's owner, legal and policy basis, deadline", "bearer", {}},
      {"GET", "/api/stats", "/api/stats", "tickets", "Figures with denominators, and a breakdown", "bearer",
       with(with({{"by", "query", "street|community|grid|worker|category|day"}, {"category", "query", "category id"}},
                 with(kScope, {{"format", "query", "json (default) | csv"}})), kPeriod)},
      {"GET", "/api/assessment", "/api/assessment", "tickets", "Grid-worker assessment (网格员线上考核)", "bearer",
       with({{"by", "query", "worker|grid|community"}, {"format", "query", "json (default) | csv"}}, kPeriod)},
      {"GET", "/api/outbox", "/api/outbox", "outbox", "Outbound rows (texts masked)", "bearer",
       with(with({{"status", "query", "pending|sending|sent|failed|dead|standby|cancelled"},
                  {"source_kind", "query", "reply|ticket|notice|alert|…"}},
                 kScope), kPage)},
      {"POST", "/api/outbox/retry", "/api/outbox/retry", "outbox", "Re-drive dead or failed rows of a channel", "bearer", {},
       "{\"channel\", \"status\": \"dead\"|\"failed\", \"ids\"?}"},
      {"POST", "/api/admin/reload", "/api/admin/reload", "admin", "Reload the rule pack (the running one stays on error)", "bearer", {}},
      // Notices and alerts.
      {"POST", "/api/notices", "/api/notices", "notices", "Create a notice", "bearer", {},
       "{\"title\", \"body\", \"target\", \"send_at\"?, \"deadline\"?, \"reminders\"?, \"keywords\"?, \"sms\"?, …}"},
      {"GET", "/api/notices", "/api/notices", "notices", "Notices", "bearer",
       with({{"status", "query", "draft|pending_approval|scheduled|sending|done|partial|cancelled"}}, kPage)},
      {"GET", R"(/api/notices/(\d+))", "/api/notices/{id}", "notices", "One notice with its delivery states", "bearer", {}},
      {"PATCH", R"(/api/notices/(\d+))", "/api/notices/{id}", "notices", "Edit a notice not yet sent", "bearer", {},
       "the fields of POST /api/notices"},
      {"DELETE", R"(/api/notices/(\d+))", "/api/notices/{id}", "notices", "Cancel a notice and its pending sends", "bearer", {}},
      {"POST", R"(/api/notices/(\d+)/approve)", "/api/notices/{id}/approve", "notices", "Approve a notice (not by its creator)", "bearer", {}},
      {"GET", "/api/alerts", "/api/alerts", "alerts", "Opinion alerts (舆情)", "bearer",
       with({{"community", "query", "community id"}, {"open", "query", "1: open alerts only"}}, kPage)},
      // The resident page.
      {"GET", R"(/r/([^/]{1,100}))", "/r/{grid_id}", "public", "The grid's resident page (HTML)", "none", {}},
      {"GET", R"(/r/([^/]{1,100})/qr\.svg)", "/r/{grid_id}/qr.svg", "public", "The page's QR code", "none", {}},
      {"POST", "/api/public/reports", "/api/public/reports", "public", "A resident's report from the page (rate-limited)", "none", {},
       "{\"grid_id\", \"text\", \"place\"?, \"phone\"?}"},
      {"GET", R"(/api/public/tickets/([^/]{1,100}))", "/api/public/tickets/{tracking_code}", "public",
       "Track a ticket by its code (no names, no numbers)", "none", {}},
      {"POST", R"(/api/public/tickets/([^/]{1,100})/rate)", "/api/public/tickets/{tracking_code}/rate", "public",
       "Rate a resolved ticket", "none", {}, "{\"rating\": 1-5, \"comment\"?}"},
      // Open311 GeoReport v2.
      {"GET", R"(/open311/v2/services\.(json|xml))", "/open311/v2/services.{format}", "open311", "Service list", "none", {}},
      {"GET", R"(/open311/v2/services/([^/]{1,100})\.(json|xml))", "/open311/v2/services/{service_code}.{format}",
       "open311", "Service definition", "none", {}},
      {"POST", R"(/open311/v2/requests\.(json|xml))", "/open311/v2/requests.{format}", "open311",
       "Create a service request (api_key = a bearer token of this gateway)", "api_key", {},
       "form or JSON: service_code, description, address_string?, lat?, long?, phone?, …"},
      {"GET", R"(/open311/v2/requests\.(json|xml))", "/open311/v2/requests.{format}", "open311", "Service requests", "none",
       {{"service_request_id", "query", "comma-separated ids"}, {"service_code", "query", "service code"},
        {"start_date", "query", "ISO 8601"}, {"end_date", "query", "ISO 8601"}, {"status", "query", "open|closed"},
        {"api_key", "query", "optional: a token, for the token's scope"}}},
      {"GET", R"(/open311/v2/requests/([^/]{1,100})\.(json|xml))", "/open311/v2/requests/{service_request_id}.{format}",
       "open311", "One service request", "none", {}},
      {"GET", R"(/open311/v2/tokens/([^/]{1,100})\.(json|xml))", "/open311/v2/tokens/{token}.{format}", "open311",
       "The request id for a token", "none", {}},
      // Platform hooks (their own signatures and tokens).
      {"POST", "/hooks/onebot", "/hooks/onebot", "hooks", "OneBot v11 events (X-Signature with the secret)", "signature", {},
       "a OneBot v11 event"},
      {"GET", "/hooks/wecom", "/hooks/wecom", "hooks", "WeCom URL verification (msg_signature, echostr)", "signature",
       {{"msg_signature", "query", ""}, {"timestamp", "query", ""}, {"nonce", "query", ""}, {"echostr", "query", ""}}},
      {"POST", "/hooks/wecom", "/hooks/wecom", "hooks", "WeCom encrypted callbacks", "signature",
       {{"msg_signature", "query", ""}, {"timestamp", "query", ""}, {"nonce", "query", ""}}, "WeCom XML envelope"},
      {"POST", "/hooks/hotline", "/hooks/hotline", "hooks", "Hotline call transcripts (bearer GRIDGATE_HOTLINE_TOKEN)", "signature", {},
       "{\"call_id\", \"caller\", \"transcript\", …}"},
      {"POST", "/hooks/sms", "/hooks/sms", "hooks", "Inbound SMS (bearer GRIDGATE_SMS_INBOUND_TOKEN)", "signature", {},
       "{\"id\", \"from\", \"text\", \"received_at\"?}"},
  };
  return docs;
}

const std::vector<std::pair<std::string, std::string>>& hookRoutes() {
  static const std::vector<std::pair<std::string, std::string>> hooks = {
      {"POST", "/hooks/onebot"}, {"GET", "/hooks/wecom"}, {"POST", "/hooks/wecom"},
      {"POST", "/hooks/hotline"}, {"POST", "/hooks/sms"}};
  return hooks;
}

}  // namespace gg
