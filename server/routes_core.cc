#include "server/routes_core.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <filesystem>

#include "server/org_view.h"

namespace gg {
namespace {

}  // namespace

void registerCoreRoutes(ApiServer& server, AppContext& ctx) {
  // "ok" only when the database answers, the outbox is not piling up and the disk has room;
  // otherwise "degraded" with the reasons, so a command centre sees trouble before residents do.
  // Browsers ask every site for an icon; answering it keeps their consoles (and the browser
  // tests) free of a 404 on the first visit. A 3x3 grid: the 网格.
  server.get("/favicon.ico", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "public, max-age=86400");
    res.set_content(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 3 3\"><path fill=\"#c0392b\" "
        "d=\"M0 0h.9v.9H0zM1.05 0h.9v.9h-.9zM2.1 0H3v.9h-.9zM0 1.05h.9v.9H0zM1.05 1.05h.9v.9h-.9z"
        "M2.1 1.05H3v.9h-.9zM0 2.1h.9V3H0zM1.05 2.1h.9V3h-.9zM2.1 2.1H3V3h-.9z\"/></svg>",
        "image/svg+xml");
  });

  server.get("/healthz", [&ctx](const httplib::Request&, httplib::Response& res) {
    nlohmann::json db = ctx.store->health();
    const bool db_ok = db.value("ok", false);
    nlohmann::json reasons = nlohmann::json::array();
    if (!db_ok) reasons.push_back("database not readable");
    // The engine remembers a write that failed below the application (locked, read-only, full,
    // I/O error) until one succeeds again.
    if (db.value("writable", true) == false) {
      reasons.push_back("database not writable: " + db.value("write_error", std::string()));
    }
    int64_t pending = 0, dead = 0;
    Status counted = ctx.store->read([&](Tx& tx) -> Status {
      auto p = tx.outbox().countWithStatus(OutboxStatus::kPending);
      auto d = tx.outbox().countWithStatus(OutboxStatus::kDead);
      if (!p.isOk()) return p.status();
      if (!d.isOk()) return d.status();
      pending = *p;
      dead = *d;
      return Status::ok();
    });
    if (!counted.isOk()) reasons.push_back("outbox not readable");
    if (pending > ctx.settings.health.outbox_backlog) {
      reasons.push_back("outbox backlog: " + std::to_string(pending) + " messages waiting");
    }
    const std::string dir = ctx.settings.db_path.empty()
                                ? std::string(".")
                                : std::filesystem::path(ctx.settings.db_path).parent_path().string();
    struct statvfs fs {};
    nlohmann::json disk = nlohmann::json::object();
    if (::statvfs(dir.empty() ? "." : dir.c_str(), &fs) == 0 && fs.f_blocks > 0) {
      const double free_share = static_cast<double>(fs.f_bavail) / static_cast<double>(fs.f_blocks);
      const uint64_t free_bytes = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
      disk = {{"free_bytes", free_bytes}, {"free_share", free_share}};
      if (free_bytes < static_cast<uint64_t>(ctx.settings.health.min_free_disk_mb) << 20) {
        reasons.push_back("disk nearly full: " + std::to_string(free_bytes >> 20) + " MiB free");
      }
    }
    if (!dir.empty() && ::access(dir.c_str(), W_OK) != 0) reasons.push_back("database directory not writable");
    if (ctx.channel_health) {
      for (const auto& r : ctx.channel_health->reasons()) reasons.push_back(r);
    }
    // A bot account that is offline means its groups hear nothing.
    Status presence = ctx.store->read([&](Tx& tx) -> Status {
      auto accounts = tx.channels().accounts();
      if (!accounts.isOk()) return accounts.status();
      for (const auto& a : *accounts) {
        if (!a.online) reasons.push_back(std::string(toString(a.channel)) + " account " + a.self_id + " offline (" + a.offline_reason + ")");
      }
      return Status::ok();
    });
    if (!presence.isOk()) reasons.push_back("bot accounts not readable");
    const bool ok = reasons.empty();
    nlohmann::json onebot_ws = ctx.onebot_ws_url.empty() ? nlohmann::json() : nlohmann::json(ctx.onebot_ws_url);
    replyJson(res, db_ok ? 200 : 503,
              {{"status", ok ? "ok" : "degraded"}, {"reasons", reasons}, {"version", GRIDGATE_VERSION},
               {"database", db}, {"outbox", {{"pending", pending}, {"dead", dead}}}, {"disk", disk},
               {"street", ctx.org->org().street.name}, {"onebot_ws", onebot_ws}});
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
