#include "server/routes_core.h"

#include "server/org_view.h"

namespace gg {

void registerCoreRoutes(ApiServer& server, AppContext& ctx) {
  server.get("/healthz", [&ctx](const httplib::Request&, httplib::Response& res) {
    nlohmann::json db = ctx.store->health();
    const bool ok = db.value("ok", false);
    replyJson(res, ok ? 200 : 503,
              {{"status", ok ? "ok" : "degraded"}, {"version", GRIDGATE_VERSION}, {"database", db},
               {"street", ctx.org->org().street.name}});
  });

  server.getAuthed("/api/me", [](const httplib::Request&, httplib::Response& res, const Principal& p) {
    replyJson(res, 200, {{"role", roleName(p.role)}, {"scope", p.scope}, {"name", p.name},
                         {"token_id", p.token_id}});
  });

  // ?community=ID narrows the view; asking for a community outside the token's scope is 403.
  server.getAuthed("/api/org", [&ctx](const httplib::Request& req, httplib::Response& res,
                                      const Principal& p) {
    const OrgIndex& org = *ctx.org;
    nlohmann::json view = orgView(org, p);
    if (req.has_param("community")) {
      const std::string id = req.get_param_value("community");
      if (!org.community(id)) return replyError(res, notFound("no community \"" + id + "\""));
      if (!canAccessCommunity(p, id)) {
        return replyError(res, permissionDenied("community \"" + id + "\" is outside this token's scope"));
      }
      nlohmann::json only = nlohmann::json::array();
      for (auto& c : view["communities"]) if (c["id"] == id) only.push_back(c);
      view["communities"] = only;
    }
    replyJson(res, 200, view);
  });

  server.getAuthed(R"(/api/org/grids/([^/]+))", [&ctx](const httplib::Request& req,
                                                      httplib::Response& res, const Principal& p) {
    const std::string id = req.matches[1];
    const Grid* g = ctx.org->grid(id);
    if (!g) return replyError(res, notFound("no grid \"" + id + "\""));
    if (!canAccessGrid(p, *ctx.org, id)) {
      return replyError(res, permissionDenied("grid \"" + id + "\" is outside this token's scope"));
    }
    nlohmann::json workers = nlohmann::json::array();
    for (const auto& w : g->workers) workers.push_back(workerView(w));
    replyJson(res, 200, {{"id", g->id}, {"name", g->name}, {"community_id", g->community_id},
                         {"workers", workers}});
  });
}

}  // namespace gg
