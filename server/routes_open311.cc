#include "server/routes_open311.h"

#include <memory>
#include <set>

#include "core/text.h"
#include "server/open311_context.h"
#include "server/open311_view.h"

namespace gg {
namespace {

using open311::Context;
using open311::Format;
using open311::formatOf;
using open311::replyError;
using open311::replyStatus;

constexpr size_t kMaxRequests = 1000;        // the spec: at most the first 1000
constexpr Millis kMaxSpan = 90 * kDay;       // the spec: start_date to end_date at most 90 days
constexpr int kMaxScanned = 1000000;         // tickets of 90 days read to filter by status/scope
constexpr size_t kMaxIdChars = 15;           // ticket numbers; longer is no ticket

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find(',', pos);
    if (end == std::string::npos) end = s.size();
    std::string v = s.substr(pos, end - pos);
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    while (!v.empty() && v.back() == ' ') v.pop_back();
    out.push_back(v);
    pos = end + 1;
  }
  return out;
}

std::optional<int64_t> requestId(const std::string& s) {
  if (s.empty() || s.size() > kMaxIdChars || s.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(s);  // at most 15 digits: cannot throw
}

// The checks every read makes first: parameters, jurisdiction, key, and the look-up limit
// without one. False when res already holds the answer; *holder is who holds the key.
bool startRead(Context& oc, const httplib::Request& req, httplib::Response& res, Format f,
               std::initializer_list<const char*> params, std::optional<Principal>* holder) {
  if (Status s = open311::onlyParams(req, params); !s.isOk()) {
    replyStatus(res, s, f);
    return false;
  }
  if (Status s = open311::checkJurisdiction(oc, req.get_param_value("jurisdiction_id")); !s.isOk()) {
    replyStatus(res, s, f);
    return false;
  }
  auto h = open311::keyHolder(oc, req, req.get_param_value("api_key"), res);
  if (!h.isOk()) {
    replyStatus(res, h.status(), f);
    return false;
  }
  *holder = *h;
  return holder->has_value() || open311::admitLookup(oc, req, res, f);
}

void listServices(Context& oc, const httplib::Request& req, httplib::Response& res) {
  const Format f = formatOf(req.matches[1].str());
  if (Status s = open311::onlyParams(req, {"jurisdiction_id", "api_key"}); !s.isOk()) return replyStatus(res, s, f);
  if (Status s = open311::checkJurisdiction(oc, req.get_param_value("jurisdiction_id")); !s.isOk()) {
    return replyStatus(res, s, f);
  }
  std::vector<nlohmann::ordered_json> rows;
  for (const auto& s : open311::servicesOf(oc.intents.pack().get())) rows.push_back(open311::serviceRow(s));
  open311::reply(res, 200, open311::renderList(rows, f, "services", "service"), f);
}

void serviceDefinition(Context& oc, const httplib::Request& req, httplib::Response& res) {
  const Format f = formatOf(req.matches[2].str());
  if (Status s = open311::onlyParams(req, {"jurisdiction_id", "api_key"}); !s.isOk()) return replyStatus(res, s, f);
  if (Status s = open311::checkJurisdiction(oc, req.get_param_value("jurisdiction_id")); !s.isOk()) {
    return replyStatus(res, s, f);
  }
  const std::string code = req.matches[1].str();
  const auto services = open311::servicesOf(oc.intents.pack().get());
  if (!open311::findService(services, code)) return replyError(res, 404, "unknown service_code", f);
  nlohmann::ordered_json def;
  def["service_code"] = code;
  def["attributes"] = nlohmann::ordered_json::array();
  open311::reply(res, 200, open311::renderObject(def, f, "service_definition"), f);
}

// The tickets a list asks for, newest first, within what p may read (everything when null).
Result<std::vector<TicketRecord>> selectTickets(Context& oc, const httplib::Request& req, const Principal* p) {
  const OrgIndex& org = *oc.ctx.org;
  std::vector<TicketRecord> out;
  if (req.has_param("service_request_id")) {
    // A list of ids overrides every other filter (the spec).
    std::set<int64_t> ids;
    for (const std::string& s : splitList(req.get_param_value("service_request_id"))) {
      auto id = requestId(s);
      if (!id) return invalidArgument("service_request_id must be a comma-separated list of request ids");
      ids.insert(*id);
    }
    if (ids.size() > kMaxRequests) return invalidArgument("at most 1000 service_request_ids");
    GG_RETURN_IF_ERROR(oc.ctx.store->read([&](Tx& tx) -> Status {
      for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
        auto t = tx.tickets().get(*it);
        if (!t.isOk()) return t.status();
        if (t->has_value() && (!p || open311::mayRead(*p, org, **t))) out.push_back(**t);
      }
      return Status::ok();
    }));
    return out;
  }
  bool want_open = true, want_closed = true;
  if (req.has_param("status")) {
    want_open = want_closed = false;
    for (const std::string& s : splitList(req.get_param_value("status"))) {
      if (s == "open") want_open = true;
      else if (s == "closed") want_closed = true;
      else return invalidArgument("status must be open, closed or open,closed");
    }
  }
  std::set<std::string> codes;
  if (req.has_param("service_code")) {
    for (const std::string& s : splitList(req.get_param_value("service_code"))) {
      if (s.empty()) return invalidArgument("service_code must be a comma-separated list of service codes");
      codes.insert(s);
    }
  }
  Millis start = 0, end = 0;
  for (auto [name, out_time] : {std::pair{"start_date", &start}, std::pair{"end_date", &end}}) {
    if (req.has_param(name) && !parseIsoTime(req.get_param_value(name), out_time)) {
      return invalidArgument(std::string(name) + " must be a w3c datetime, e.g. 2026-11-24T10:00:00+08:00");
    }
  }
  const bool has_start = req.has_param("start_date"), has_end = req.has_param("end_date");
  if (!has_end) end = has_start ? start + kMaxSpan : oc.ctx.clock->now();
  if (!has_start) start = end - kMaxSpan;
  if (end < start) return invalidArgument("end_date is before start_date");
  if (end - start > kMaxSpan) return invalidArgument("start_date to end_date may span at most 90 days");

  TicketFilter tf;
  tf.created_from = start;
  tf.created_to = end + 1;  // end_date is inclusive; the filter's end is not
  tf.limit = kMaxScanned;
  if (p && p->role == Role::kCommunity) tf.community_id = p->scope;
  if (p && p->role == Role::kGrid) tf.grid_id = p->scope;
  std::vector<TicketRecord> rows;
  GG_RETURN_IF_ERROR(oc.ctx.store->read([&](Tx& tx) -> Status {
    auto r = tx.tickets().list(tf, nullptr);
    if (!r.isOk()) return r.status();
    rows = std::move(r).value();
    return Status::ok();
  }));
  for (TicketRecord& t : rows) {
    if (out.size() == kMaxRequests) break;
    const bool open = std::string_view(open311::requestStatus(t.status)) == "open";
    if ((open && !want_open) || (!open && !want_closed)) continue;
    if (!codes.empty() && !codes.count(t.intent)) continue;
    if (p && !open311::mayRead(*p, org, t)) continue;
    out.push_back(std::move(t));
  }
  return out;
}

void replyRequests(Context& oc, httplib::Response& res, const std::vector<TicketRecord>& tickets,
                   const std::optional<Principal>& holder, Format f) {
  const bool staff = holder.has_value();
  const bool clear = staff && seesClearPhones(*holder);
  std::vector<nlohmann::ordered_json> rows;
  rows.reserve(tickets.size());
  for (const auto& t : tickets) rows.push_back(open311::requestRow(t, *oc.ctx.org, oc.say, staff, clear));
  res.set_header("Cache-Control", "no-store");
  open311::reply(res, 200, open311::renderList(rows, f, "service_requests", "request"), f);
}

void listRequests(Context& oc, const httplib::Request& req, httplib::Response& res) {
  const Format f = formatOf(req.matches[1].str());
  std::optional<Principal> holder;
  if (!startRead(oc, req, res, f,
                 {"api_key", "jurisdiction_id", "service_request_id", "service_code", "start_date", "end_date",
                  "status"},
                 &holder)) {
    return;
  }
  auto tickets = selectTickets(oc, req, holder ? &*holder : nullptr);
  if (!tickets.isOk()) return replyStatus(res, tickets.status(), f);
  replyRequests(oc, res, *tickets, holder, f);
}

void getRequest(Context& oc, const httplib::Request& req, httplib::Response& res) {
  const Format f = formatOf(req.matches[2].str());
  std::optional<Principal> holder;
  if (!startRead(oc, req, res, f, {"api_key", "jurisdiction_id"}, &holder)) return;
  const auto id = requestId(req.matches[1].str());
  if (!id) return replyError(res, 404, "no such service request", f);
  std::optional<TicketRecord> t;
  Status s = oc.ctx.store->read([&](Tx& tx) -> Status {
    auto r = tx.tickets().get(*id);
    if (!r.isOk()) return r.status();
    t = *r;
    return Status::ok();
  });
  if (!s.isOk()) return replyStatus(res, s, f);
  if (!t) return replyError(res, 404, "no such service request", f);
  if (holder && !open311::mayRead(*holder, *oc.ctx.org, *t)) {
    return replyError(res, 403, "service request outside this api_key's scope", f);
  }
  replyRequests(oc, res, {*t}, holder, f);
}

// GET tokens/{token}: the request a token became (a request answered without a ticket has none).
void getToken(Context& oc, const httplib::Request& req, httplib::Response& res) {
  const Format f = formatOf(req.matches[2].str());
  std::optional<Principal> holder;
  if (!startRead(oc, req, res, f, {"api_key", "jurisdiction_id"}, &holder)) return;
  const std::string token = req.matches[1].str();
  std::optional<MessageRecord> m;
  if (token.rfind("o311-", 0) == 0) {
    Status s = oc.ctx.store->read([&](Tx& tx) -> Status {
      auto r = tx.messages().byPlatformId(Channel::kWeb, kWebAccount, token);
      if (!r.isOk()) return r.status();
      m = *r;
      return Status::ok();
    });
    if (!s.isOk()) return replyStatus(res, s, f);
  }
  if (!m) return replyError(res, 404, "no such token", f);
  nlohmann::ordered_json row;
  row["service_request_id"] = m->ticket_id ? nlohmann::ordered_json(std::to_string(m->ticket_id)) : nlohmann::ordered_json();
  row["token"] = token;
  open311::reply(res, 200, open311::renderList({row}, f, "service_requests", "request"), f);
}

void unknownRoute(const httplib::Request& req, httplib::Response& res) {
  replyError(res, 404, "no such Open311 resource; see /open311/v2/services.json", open311::formatOfPath(req.path));
}

}  // namespace

void registerOpen311Routes(ApiServer& server, AppContext& ctx, Pipeline& pipeline,
                           const IntentEngine& intents, const MessageCatalog& catalog) {
  auto oc = std::make_shared<Context>(ctx, pipeline, intents, catalog);
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  server.get(R"(/open311/v2/services\.(json|xml))", [oc](Req q, Res s) { listServices(*oc, q, s); });
  server.get(R"(/open311/v2/services/([^/]{1,100})\.(json|xml))", [oc](Req q, Res s) { serviceDefinition(*oc, q, s); });
  server.post(R"(/open311/v2/requests\.(json|xml))", [oc](Req q, Res s) { open311::postRequest(*oc, q, s); });
  server.get(R"(/open311/v2/requests\.(json|xml))", [oc](Req q, Res s) { listRequests(*oc, q, s); });
  server.get(R"(/open311/v2/requests/([^/]{1,100})\.(json|xml))", [oc](Req q, Res s) { getRequest(*oc, q, s); });
  server.get(R"(/open311/v2/tokens/([^/]{1,100})\.(json|xml))", [oc](Req q, Res s) { getToken(*oc, q, s); });
  // Registered last: httplib tries a method's routes in order, so these only catch the rest.
  const std::string rest = R"(/open311(/.*)?)";
  httplib::Server& raw = server.raw();
  raw.Get(rest, unknownRoute);
  raw.Post(rest, unknownRoute);
  raw.Put(rest, unknownRoute);
  raw.Patch(rest, unknownRoute);
  raw.Delete(rest, unknownRoute);
}

}  // namespace gg
