#include "server/routes_assessment.h"

#include <set>

#include "bot/ticket_policy.h"
#include "core/text.h"
#include "server/csv_export.h"

namespace gg {
namespace {

// Every ticket of a street's quarter is read for a report; the cap only stops a runaway query.
constexpr int kMaxTickets = 10000000;

nlohmann::json timeOrNull(Millis t) { return t ? nlohmann::json(formatChinaTime(t)) : nlohmann::json(); }

std::string maskedPhone(const std::string& phone) {
  return isPhoneNumber(phone) ? maskPhone(phone) : maskPhonesInText(phone);
}

bool seesEverything(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStreet; }

// The org's workers the query covers, in the org's order (community, grid, worker).
std::vector<const Worker*> workersInScope(const OrgIndex& org, const AssessmentQuery& q) {
  std::vector<const Worker*> out;
  for (const auto& c : org.org().communities) {
    if (!q.community.empty() && c.id != q.community) continue;
    for (const auto& g : c.grids) {
      if (!q.grid.empty() && g.id != q.grid) continue;
      if (!canAccessGrid(q.principal, org, g.id)) continue;
      for (const auto& w : g.workers) out.push_back(&w);
    }
  }
  return out;
}

Result<std::vector<TicketHistory>> loadHistories(Store& store, const AssessmentQuery& q) {
  TicketFilter f;
  f.created_from = q.from;
  f.created_to = q.to;
  f.limit = kMaxTickets;
  std::vector<TicketHistory> out;
  // Street-wide on purpose: a ticket another grid's worker once held (a transfer) still counts
  // for that worker, and the grid_id of the ticket would not find it.
  Status s = store.read([&](Tx& tx) {
    auto rows = tx.tickets().list(f, nullptr);
    if (!rows.isOk()) return rows.status();
    out.reserve(rows->size());
    for (auto& t : *rows) {
      auto events = tx.tickets().events(t.id);
      if (!events.isOk()) return events.status();
      out.push_back({std::move(t), std::move(events).value()});
    }
    return Status::ok();
  });
  if (!s.isOk()) return s;
  return out;
}

nlohmann::json workerItem(const Worker& w, const OrgIndex& org) {
  const Grid* g = org.grid(w.grid_id);
  const Community* c = g ? org.community(g->community_id) : nullptr;
  return {{"worker_id", w.id},
          {"name", maskPhonesInText(w.name)},
          {"role", workerRoleName(w.role)},
          {"phone", maskedPhone(w.phone)},
          {"grid_id", w.grid_id},
          {"grid_name", g ? g->name : ""},
          {"community_id", c ? c->id : ""},
          {"community_name", c ? c->name : ""}};
}

Result<Millis> timeParam(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return Millis{0};
  Millis t = 0;
  if (!parseIsoTime(req.get_param_value(name), &t)) {
    return invalidArgument(std::string(name) + " must be ISO 8601, e.g. 2026-10-01 or 2026-10-01T08:00:00+08:00");
  }
  return t;
}

std::string csvName(const AssessmentQuery& q) {
  std::string name = "assessment-" + q.by;
  if (q.from) name += "-" + formatChinaDate(q.from);
  if (q.to) name += "-" + formatChinaDate(q.to);
  return name + ".csv";
}

}  // namespace

Status checkAssessmentQuery(const OrgIndex& org, const AssessmentQuery& q) {
  static const std::set<std::string> kBy = {"worker", "grid", "community"};
  if (!kBy.count(q.by)) return invalidArgument("by must be worker, grid or community");
  if (q.from && q.to && q.from >= q.to) return invalidArgument("from must be before to");
  const Principal& p = q.principal;
  if (p.role == Role::kDepartment) return permissionDenied("a department token sees only its department's tickets");
  if (p.role == Role::kCommunity && !org.community(p.scope)) {
    return permissionDenied("this token's community is no longer in the organisation");
  }
  if (p.role == Role::kGrid && !org.grid(p.scope)) {
    return permissionDenied("this token's grid is no longer in the organisation");
  }
  if (!q.community.empty()) {
    const Community* c = org.community(q.community);
    if (!c) return notFound("no community \"" + q.community + "\"");
    bool any = false;
    for (const auto& g : c->grids) any = any || canAccessGrid(p, org, g.id);
    if (!any) return permissionDenied("community outside this token's scope");
  }
  if (!q.grid.empty()) {
    const Grid* g = org.grid(q.grid);
    if (!g) return notFound("no grid \"" + q.grid + "\"");
    if (!canAccessGrid(p, org, g->id)) return permissionDenied("grid outside this token's scope");
    if (!q.community.empty() && g->community_id != q.community) {
      return invalidArgument("grid \"" + q.grid + "\" is not in community \"" + q.community + "\"");
    }
  }
  return Status::ok();
}

Result<nlohmann::json> assessmentReport(Store& store, const OrgIndex& org, const AssessmentQuery& q) {
  auto histories = loadHistories(store, q);
  if (!histories.isOk()) return histories.status();
  const auto per_worker = assessWorkers(*histories, q.options);
  const auto workers = workersInScope(org, q);

  nlohmann::json items = nlohmann::json::array();
  Assessment total;
  for (const Worker* w : workers) {
    auto it = per_worker.find(w->id);
    if (it != per_worker.end()) total.add(it->second);
  }
  // Tickets of workers since removed from the roster still count, for those who see the street.
  std::vector<std::string> gone;
  if (seesEverything(q.principal) && q.community.empty() && q.grid.empty()) {
    for (const auto& [id, a] : per_worker) {
      if (org.worker(id)) continue;
      gone.push_back(id);
      total.add(a);
    }
  }
  if (q.by == "worker") {
    for (const Worker* w : workers) {
      nlohmann::json item = workerItem(*w, org);
      auto it = per_worker.find(w->id);
      item.update(assessmentJson(it == per_worker.end() ? Assessment{} : it->second, q.weights));
      items.push_back(std::move(item));
    }
    for (const auto& id : gone) {
      nlohmann::json item = {{"worker_id", id}, {"name", ""}, {"role", ""}, {"phone", ""}, {"grid_id", ""},
                             {"grid_name", ""}, {"community_id", ""}, {"community_name", ""}, {"in_roster", false}};
      item.update(assessmentJson(per_worker.at(id), q.weights));
      items.push_back(std::move(item));
    }
  } else {
    const auto groups = groupAssessments(per_worker, org, q.by, workers);
    // In the org's order, not the map's.
    std::vector<std::string> order;
    for (const auto& c : org.org().communities) {
      if (q.by == "community") order.push_back(c.id);
      else for (const auto& g : c.grids) order.push_back(g.id);
    }
    for (const auto& key : order) {
      auto it = groups.find(key);
      if (it == groups.end()) continue;
      nlohmann::json item;
      if (q.by == "grid") {
        const Grid* g = org.grid(key);
        const Community* c = org.community(g->community_id);
        item = {{"grid_id", g->id}, {"grid_name", g->name}, {"community_id", c ? c->id : ""},
                {"community_name", c ? c->name : ""}};
      } else {
        item = {{"community_id", key}, {"community_name", org.community(key)->name}};
      }
      item["workers"] = it->second.workers;
      item.update(assessmentJson(it->second.figures, q.weights));
      items.push_back(std::move(item));
    }
  }
  nlohmann::json totals = assessmentJson(total, q.weights);
  totals["workers"] = static_cast<int64_t>(workers.size() + gone.size());
  return nlohmann::json{{"period", {{"from", timeOrNull(q.from)}, {"to", timeOrNull(q.to)}}},
                        {"by", q.by},
                        {"scope", {{"role", roleName(q.principal.role)}, {"community", q.community}, {"grid", q.grid}}},
                        {"weights", weightsJson(q.weights)},
                        {"low_rating", q.options.low_rating},
                        {"items", items},
                        {"totals", totals}};
}

void registerAssessmentRoutes(ApiServer& server, AppContext& ctx) {
  // The gateway refused to start on a bad policy, so the default is never used in a running one.
  auto policy = parseTicketPolicy(ctx.settings.tickets);
  const int low_rating = policy.isOk() ? policy->low_rating : TicketPolicy{}.low_rating;
  server.getAuthed("/api/assessment", [&ctx, low_rating](const httplib::Request& req, httplib::Response& res,
                                                         const Principal& p) {
    AssessmentQuery q;
    q.principal = p;
    q.by = req.has_param("by") ? req.get_param_value("by") : "worker";
    q.community = req.get_param_value("community");
    q.grid = req.get_param_value("grid");
    q.weights = ctx.settings.assessment_weights;
    q.options.low_rating = low_rating;
    q.options.now = ctx.clock->now();
    const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
    if (format != "json" && format != "csv") return replyError(res, invalidArgument("format must be json or csv"));
    auto from = timeParam(req, "from");
    auto to = timeParam(req, "to");
    if (!from.isOk()) return replyError(res, from.status());
    if (!to.isOk()) return replyError(res, to.status());
    q.from = *from;
    q.to = *to;
    Status ok = checkAssessmentQuery(*ctx.org, q);
    if (!ok.isOk()) return replyError(res, ok);
    auto report = assessmentReport(*ctx.store, *ctx.org, q);
    if (!report.isOk()) return replyError(res, report.status());
    if (format == "csv") return replyCsv(res, assessmentCsv(*report), csvName(q));
    replyJson(res, 200, *report);
  });
}

}  // namespace gg
