#include "server/routes_public.h"

#include <memory>
#include <regex>

#include "bot/notices/notice_board.h"
#include "core/log.h"
#include "core/phone_kind.h"
#include "core/random_code.h"
#include "core/text.h"
#include "server/auth_throttle.h"
#include "server/public_view.h"
#include "server/qr_svg.h"
#include "server/resident_page.h"

namespace gg {
namespace {

// A tracking code as randomCode() writes it (16 of its 32 letters); anything else is not one.
constexpr size_t kTrackingCodeChars = 16;
// Grid ids are short slugs; a longer path segment is no grid.
constexpr size_t kMaxGridIdBytes = 64;

// Everything the public routes share: settings, limits (counted per source over a rolling
// window, like the failed-token throttle) and the services they call.
struct PublicContext {
  PublicContext(AppContext& c, Pipeline& p, const TicketService& t, const MessageCatalog& m)
      : ctx(c), pipeline(p), tickets(t), say(m), settings(c.settings.public_page),
        per_ip(settings.ip_limit, std::chrono::seconds(settings.window_s)),
        per_phone(settings.phone_limit, std::chrono::seconds(settings.window_s)),
        lookups(settings.lookup_limit, std::chrono::seconds(settings.window_s)) {}
  AppContext& ctx;
  Pipeline& pipeline;
  const TicketService& tickets;
  const MessageCatalog& say;
  const PublicSettings settings;
  AuthThrottle per_ip;     // reports and ratings per address
  AuthThrottle per_phone;  // reports per mobile number
  AuthThrottle lookups;    // page views, codes and tracking look-ups per address
};

// Counts one request from key in limiter; false (and a 429 with Retry-After) when key is over it.
bool admit(AuthThrottle& limiter, const std::string& key, httplib::Response& res) {
  if (const int wait = limiter.retryAfterSeconds(key); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    replyError(res, resourceExhausted("too many requests; try again later"));
    return false;
  }
  limiter.recordFailure(key);
  return true;
}

bool validTrackingCode(const std::string& code) {
  if (code.size() != kTrackingCodeChars) return false;
  for (char c : code) {
    if (!((c >= '2' && c <= '9') || (c >= 'A' && c <= 'Z')) || c == 'I' || c == 'O') return false;
  }
  return true;
}

// Reads body[key] as an optional string of at most max_chars characters (trimmed).
Result<std::string> optionalText(const nlohmann::json& body, const char* key, int max_chars) {
  if (!body.contains(key) || body[key].is_null()) return std::string();
  if (!body[key].is_string()) return invalidArgument(std::string(key) + " must be a string");
  std::string v = body[key].get<std::string>();
  const auto b = v.find_first_not_of(" \t\r\n");
  v = b == std::string::npos ? "" : v.substr(b, v.find_last_not_of(" \t\r\n") - b + 1);
  if (utf8Length(v) > static_cast<size_t>(max_chars)) {
    return invalidArgument(std::string(key) + " is longer than " + std::to_string(max_chars) + " characters");
  }
  return v;
}

// Parses a public JSON body: over the public size limit is 413, keys outside `allowed` 400.
Result<nlohmann::json> publicBody(const httplib::Request& req, const PublicSettings& s,
                                  std::initializer_list<const char*> allowed) {
  if (req.body.size() > s.max_body_bytes) return tooLarge("request body too large");
  auto body = parseJsonBody(req);
  if (!body.isOk()) return body.status();
  for (auto it = body->begin(); it != body->end(); ++it) {
    bool known = false;
    for (const char* k : allowed) known = known || it.key() == k;
    if (!known) return invalidArgument("unknown key \"" + it.key().substr(0, 40) + "\"");
  }
  return body;
}

const Grid* gridOf(const PublicContext& pc, const std::string& id) {
  if (id.empty() || id.size() > kMaxGridIdBytes) return nullptr;
  return pc.ctx.org->grid(id);
}

void servePage(PublicContext& pc, const httplib::Request& req, httplib::Response& res) {
  if (!admit(pc.lookups, req.remote_addr, res)) return;
  const Grid* grid = gridOf(pc, req.matches[1]);
  if (!grid) return replyError(res, notFound("no such grid"));
  ResidentPageData data;
  data.grid_id = grid->id;
  data.grid_name = grid->name;
  if (const Community* c = pc.ctx.org->community(grid->community_id)) data.community_name = c->name;
  const Millis now = pc.ctx.clock->now();
  data.worker = publicWorker(*grid, now);
  data.max_text_chars = pc.settings.max_text_chars;
  data.max_place_chars = pc.settings.max_place_chars;
  data.max_comment_chars = pc.settings.max_comment_chars;
  Status s = pc.ctx.store->read([&](Tx& tx) -> Status {
    auto notices = noticesForGrid(tx, *pc.ctx.org, grid->id, now);
    if (!notices.isOk()) return notices.status();
    data.notices = std::move(notices).value();
    return Status::ok();
  });
  if (!s.isOk()) return replyError(res, s);
  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                 "connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(renderResidentPage(data, pc.say), "text/html; charset=utf-8");
}

void serveQr(PublicContext& pc, const httplib::Request& req, httplib::Response& res) {
  if (!admit(pc.lookups, req.remote_addr, res)) return;
  const Grid* grid = gridOf(pc, req.matches[1]);
  if (!grid) return replyError(res, notFound("no such grid"));
  std::string base = pc.settings.base_url;
  if (base.empty()) {
    // The Host header is the client's word: only a plain host[:port] is taken.
    static const std::regex kHost("^[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$");
    const std::string host = req.get_header_value("Host");
    if (!std::regex_match(host, kHost)) return replyError(res, invalidArgument("bad Host header"));
    base = "http://" + host;
  }
  auto svg = qrSvg(residentPageUrl(base, grid->id));
  if (!svg.isOk()) return replyError(res, svg.status());
  res.status = 200;
  res.set_header("Cache-Control", "public, max-age=3600");
  res.set_content(*svg, "image/svg+xml");
}

void report(PublicContext& pc, const httplib::Request& req, httplib::Response& res) {
  if (!admit(pc.per_ip, req.remote_addr, res)) return;
  auto body = publicBody(req, pc.settings, {"grid_id", "text", "place", "phone"});
  if (!body.isOk()) return replyError(res, body.status());
  if (!body->contains("grid_id") || !(*body)["grid_id"].is_string()) {
    return replyError(res, invalidArgument("grid_id must be a string"));
  }
  auto text = optionalText(*body, "text", pc.settings.max_text_chars);
  if (!text.isOk()) return replyError(res, text.status());
  if (text->empty()) return replyError(res, invalidArgument("text is required"));
  auto place = optionalText(*body, "place", pc.settings.max_place_chars);
  if (!place.isOk()) return replyError(res, place.status());
  auto phone = optionalText(*body, "phone", 20);
  if (!phone.isOk()) return replyError(res, phone.status());
  std::string mobile;
  if (!phone->empty()) {
    mobile = mobileForSms(*phone);
    if (mobile.empty()) return replyError(res, invalidArgument("phone must be a mobile number"));
  }
  const Grid* grid = gridOf(pc, (*body)["grid_id"].get<std::string>());
  if (!grid) return replyError(res, notFound("no such grid"));
  if (!mobile.empty() && !admit(pc.per_phone, mobile, res)) return;

  InboundEnvelope env;
  env.channel = Channel::kWeb;
  env.account = kWebAccount;
  env.platform_msg_id = "r-" + randomCode(20);
  env.chat_type = ChatType::kPage;
  // A resident who left a mobile is that number (SMS updates, 手机群发, their own tickets);
  // otherwise a fresh id nobody else holds.
  env.sender_id = mobile.empty() ? "web-" + randomCode() : mobile;
  env.text = place->empty() ? *text : *place + "，" + *text;
  env.grid_id = grid->id;
  env.sent_at = pc.ctx.clock->now();
  Status s = pc.pipeline.ingest(env);
  if (!s.isOk()) {
    if (s.code() == Code::kInvalidArgument || s.code() == Code::kTooLarge) {
      return replyError(res, invalidArgument("the text cannot be processed"));
    }
    log::error("public report failed grid={}: {}", grid->id, s.message());
    return replyError(res, unavailable("the report could not be stored; try again"));
  }
  nlohmann::json out = nlohmann::json::object();
  s = pc.ctx.store->read([&](Tx& tx) -> Status {
    auto msg = tx.messages().byPlatformId(Channel::kWeb, kWebAccount, env.platform_msg_id);
    if (!msg.isOk()) return msg.status();
    if (!msg->has_value()) return internalError("stored report not found");
    const MessageRecord& m = **msg;
    out["decision"] = std::string(toString(m.decision));
    if (!m.reply.empty()) out["reply"] = maskPhonesInText(m.reply);
    if (m.ticket_id == 0) return Status::ok();
    out["ticket_id"] = m.ticket_id;
    auto reps = tx.tickets().reporters(m.ticket_id);
    if (!reps.isOk()) return reps.status();
    // This message's row, else (the same mobile reporting the same ticket again) its earlier one.
    for (const TicketReporter& r : *reps) {
      if (r.message_id == m.id && !r.tracking_code.empty()) out["tracking_code"] = r.tracking_code;
    }
    for (const TicketReporter& r : *reps) {
      if (!out.contains("tracking_code") && r.channel == Channel::kWeb && r.sender_id == env.sender_id &&
          !r.tracking_code.empty()) {
        out["tracking_code"] = r.tracking_code;
      }
    }
    return Status::ok();
  });
  if (!s.isOk()) return replyError(res, s);
  replyJson(res, 201, out);
}

// Looks up the reporter holding code; NotFound for an unknown code.
Result<TicketReporter> reporterFor(PublicContext& pc, std::string code) {
  for (char& c : code) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;  // typed in lower case
  if (!validTrackingCode(code)) return invalidArgument("not a tracking code");
  std::optional<TicketReporter> found;
  GG_RETURN_IF_ERROR(pc.ctx.store->read([&](Tx& tx) -> Status {
    auto r = tx.tickets().reporterByTrackingCode(code);
    if (!r.isOk()) return r.status();
    found = *r;
    return Status::ok();
  }));
  if (!found) return notFound("no such tracking code");
  return *found;
}

void track(PublicContext& pc, const httplib::Request& req, httplib::Response& res) {
  if (!admit(pc.lookups, req.remote_addr, res)) return;
  auto reporter = reporterFor(pc, req.matches[1]);
  if (!reporter.isOk()) return replyError(res, reporter.status());
  nlohmann::json out;
  Status s = pc.ctx.store->read([&](Tx& tx) -> Status {
    auto t = tx.tickets().get(reporter->ticket_id);
    if (!t.isOk()) return t.status();
    if (!t->has_value()) return notFound("no such tracking code");
    auto events = tx.tickets().events(reporter->ticket_id);
    if (!events.isOk()) return events.status();
    out = publicTicketView(**t, *events, pc.tickets.assigneeName(**t), pc.say);
    return Status::ok();
  });
  if (!s.isOk()) return replyError(res, s);
  res.set_header("Cache-Control", "no-store");
  replyJson(res, 200, out);
}

void rate(PublicContext& pc, const httplib::Request& req, httplib::Response& res) {
  if (!admit(pc.per_ip, req.remote_addr, res)) return;
  auto body = publicBody(req, pc.settings, {"rating", "comment"});
  if (!body.isOk()) return replyError(res, body.status());
  const auto& r = (*body)["rating"];
  if (!r.is_number_integer() || r.get<int64_t>() < 1 || r.get<int64_t>() > 5) {
    return replyError(res, invalidArgument("rating must be a whole number 1-5"));
  }
  auto comment = optionalText(*body, "comment", pc.settings.max_comment_chars);
  if (!comment.isOk()) return replyError(res, comment.status());
  auto reporter = reporterFor(pc, req.matches[1]);
  if (!reporter.isOk()) return replyError(res, reporter.status());
  // The holder of the code acts as the resident who reported, exactly as "评价 N 分" in chat.
  Actor resident{Actor::Kind::kResident, reporter->sender_id, Channel::kWeb, nullptr, std::nullopt};
  const std::string score = std::to_string(r.get<int64_t>());
  auto rated = pc.pipeline.act(reporter->ticket_id, "rate", resident, score);
  if (!rated.isOk()) {
    // The ticket service's refusals are catalog sentences (Chinese), safe to show.
    const Code code = rated.status().code();
    if (code == Code::kConflict || code == Code::kInvalidArgument || code == Code::kPermissionDenied) {
      return replyError(res, rated.status());
    }
    log::error("public rating failed ticket={}: {}", reporter->ticket_id, rated.status().message());
    return replyError(res, unavailable("the rating could not be stored; try again"));
  }
  if (!comment->empty()) {
    Status c = pc.ctx.store->write([&](Tx& tx) -> Status {
      TicketEvent e;
      e.ticket_id = reporter->ticket_id;
      e.at = pc.ctx.clock->now();
      e.actor_kind = "resident";
      e.actor_id = reporter->sender_id;
      e.action = "comment";
      e.from_status = std::string(toString(rated->status));
      e.to_status = e.from_status;
      e.note = *comment;
      return tx.tickets().appendEvent(e);
    });
    if (!c.isOk()) log::warn("public rating comment not stored ticket={}: {}", reporter->ticket_id, c.message());
  }
  const std::string number = std::to_string(reporter->ticket_id);
  const bool reopened = rated->status != TicketStatus::kClosed;
  const std::string reply =
      reopened ? pc.say.text("resident.low_rating_reopened", {{"ticket", number}, {"score", score}})
               : pc.say.text("resident.rated", {{"ticket", number}});
  replyJson(res, 200, {{"status", std::string(toString(rated->status))}, {"reopened", reopened}, {"reply", reply}});
}

}  // namespace

std::string residentPageUrl(const std::string& base_url, const std::string& grid_id) {
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/r/" + grid_id;
}

void registerPublicRoutes(ApiServer& server, AppContext& ctx, Pipeline& pipeline,
                          const TicketService& tickets, const MessageCatalog& catalog) {
  auto pc = std::make_shared<PublicContext>(ctx, pipeline, tickets, catalog);
  server.get(R"(/r/([^/]{1,100}))", [pc](const httplib::Request& q, httplib::Response& s) { servePage(*pc, q, s); });
  server.get(R"(/r/([^/]{1,100})/qr\.svg)", [pc](const httplib::Request& q, httplib::Response& s) { serveQr(*pc, q, s); });
  server.post("/api/public/reports", [pc](const httplib::Request& q, httplib::Response& s) { report(*pc, q, s); });
  server.get(R"(/api/public/tickets/([^/]{1,100}))",
             [pc](const httplib::Request& q, httplib::Response& s) { track(*pc, q, s); });
  server.post(R"(/api/public/tickets/([^/]{1,100})/rate)",
              [pc](const httplib::Request& q, httplib::Response& s) { rate(*pc, q, s); });
}

}  // namespace gg
