#include "server/routes_notices.h"

#include <algorithm>

namespace gg {
namespace {

constexpr int kMaxPage = 200;

nlohmann::json alertJson(const AlertRecord& a) {
  return {{"id", a.id},
          {"community_id", a.community_id},
          {"grid_id", a.grid_id},
          {"channel", a.channel},
          {"group_id", a.group_id},
          {"kind", a.kind},
          {"opened_at", formatChinaTime(a.opened_at)},
          {"cleared_at", a.cleared_at ? nlohmann::json(formatChinaTime(a.cleared_at)) : nlohmann::json()},
          {"open", a.cleared_at == 0},
          {"negative_count", a.negative_count},
          {"residents", a.residents},
          {"escalations", a.escalations},
          {"subject", a.subject},
          {"summary", a.summary}};
}

}  // namespace

void registerNoticeRoutes(ApiServer& server, AppContext& ctx, NoticeService& notices) {
  server.postAuthed("/api/notices", [&ctx, &notices](const httplib::Request& req,
                                                     httplib::Response& res, const Principal& p) {
    auto body = parseJsonBody(req);
    if (!body.isOk()) return replyError(res, body.status());
    auto draft = parseNoticeDraft(*body, ctx.clock->now());
    if (!draft.isOk()) return replyError(res, draft.status());
    auto created = notices.create(p, *draft);
    if (!created.isOk()) return replyError(res, created.status());
    replyJson(res, 201, {{"id", created->id}, {"status", created->status},
                         {"needs_approval", created->status == NoticeStatus::kPendingApproval}});
  });

  server.getAuthed("/api/notices", [&notices](const httplib::Request& req, httplib::Response& res,
                                              const Principal& p) {
    const std::string text = req.get_param_value("status");
    std::optional<NoticeStatus> status;
    if (!text.empty() && !(status = parseNoticeStatus(text))) {
      return replyError(res, invalidArgument(
          "status must be pending_approval, scheduled, sending, done, partial, failed or cancelled"));
    }
    auto limit = intParam(req, "limit", 50, 1, kMaxPage);
    if (!limit.isOk()) return replyError(res, limit.status());
    auto offset = intParam(req, "offset", 0, 0, 1000000);
    if (!offset.isOk()) return replyError(res, offset.status());
    auto rows = notices.list(p, status, *limit, *offset);
    if (!rows.isOk()) return replyError(res, rows.status());
    replyJson(res, 200, {{"notices", *rows}});
  });

  server.getAuthed(R"(/api/notices/(\d+))", [&notices](const httplib::Request& req,
                                                       httplib::Response& res, const Principal& p) {
    auto id = pathId(req, 1);
    if (!id.isOk()) return replyError(res, id.status());
    auto view = notices.view(p, *id);
    if (!view.isOk()) return replyError(res, view.status());
    replyJson(res, 200, *view);
  });

  server.patchAuthed(R"(/api/notices/(\d+))", [&notices](const httplib::Request& req,
                                                         httplib::Response& res, const Principal& p) {
    auto id = pathId(req, 1);
    if (!id.isOk()) return replyError(res, id.status());
    auto body = parseJsonBody(req);
    if (!body.isOk()) return replyError(res, body.status());
    Status s = notices.edit(p, *id, *body);
    if (!s.isOk()) return replyError(res, s);
    auto view = notices.view(p, *id);
    if (!view.isOk()) return replyError(res, view.status());
    replyJson(res, 200, *view);
  });

  server.deleteAuthed(R"(/api/notices/(\d+))", [&notices](const httplib::Request& req,
                                                          httplib::Response& res, const Principal& p) {
    auto id = pathId(req, 1);
    if (!id.isOk()) return replyError(res, id.status());
    Status s = notices.cancel(p, *id);
    if (!s.isOk()) return replyError(res, s);
    replyJson(res, 200, {{"id", *id}, {"status", "cancelled"}});
  });

  server.postAuthed(R"(/api/notices/(\d+)/approve)", [&notices](const httplib::Request& req,
                                                                httplib::Response& res,
                                                                const Principal& p) {
    auto id = pathId(req, 1);
    if (!id.isOk()) return replyError(res, id.status());
    Status s = notices.approve(p, *id);
    if (!s.isOk()) return replyError(res, s);
    replyJson(res, 200, {{"id", *id}, {"status", "scheduled"}});
  });

  // ?community=ID narrows; ?open=1 only open alerts. Grid tokens see their grid's alerts.
  server.getAuthed("/api/alerts", [&ctx](const httplib::Request& req, httplib::Response& res,
                                         const Principal& p) {
    std::string community = req.has_param("community") ? req.get_param_value("community") : "";
    if (!community.empty() && !ctx.org->community(community)) {
      return replyError(res, notFound("no community \"" + community + "\""));
    }
    if (!community.empty() && !canAccessCommunity(p, community)) {
      return replyError(res, permissionDenied("community \"" + community +
                                              "\" is outside this token's scope"));
    }
    if (community.empty() && p.role == Role::kCommunity) community = p.scope;
    const bool open_only = req.has_param("open") && req.get_param_value("open") == "1";
    auto limit = intParam(req, "limit", 50, 1, kMaxPage);
    if (!limit.isOk()) return replyError(res, limit.status());
    auto offset = intParam(req, "offset", 0, 0, 1000000);
    if (!offset.isOk()) return replyError(res, offset.status());
    nlohmann::json out = nlohmann::json::array();
    Status s = ctx.store->read([&](Tx& tx) -> Status {
      // Grid tokens are filtered per row, so the page is cut after the filter.
      auto rows = tx.alerts().list(community, open_only, 20000, 0);
      if (!rows.isOk()) return rows.status();
      int skipped = 0;
      for (const auto& a : *rows) {
        if (static_cast<int>(out.size()) >= *limit) break;
        const bool visible = p.role == Role::kGrid ? canAccessGrid(p, *ctx.org, a.grid_id)
                                                   : canAccessCommunity(p, a.community_id);
        if (!visible) continue;
        if (skipped++ < *offset) continue;
        out.push_back(alertJson(a));
      }
      return Status::ok();
    });
    if (!s.isOk()) return replyError(res, s);
    replyJson(res, 200, {{"alerts", out}});
  });
}

}  // namespace gg
