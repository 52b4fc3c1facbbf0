#include "server/routes_metrics.h"

#include <map>

#include "core/metrics.h"

namespace gg {
namespace {

using metrics::labelText;

void family(std::string& out, const char* name, const char* type, const char* help) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void sample(std::string& out, const char* name, const metrics::Labels& labels, int64_t v) {
  out += name + labelText(labels) + " " + std::to_string(v) + "\n";
}

void pairs(std::string& out, const char* name, const char* type, const char* help, const char* a,
           const char* b, const std::vector<CountRow>& rows) {
  family(out, name, type, help);
  for (const auto& r : rows) sample(out, name, {{a, r.a}, {b, r.b}}, r.n);
}

// Reads everything the rows can tell in one snapshot.
Result<std::string> fromDatabase(Store& store, Millis now) {
  std::string out;
  Status s = store.read([&](Tx& tx) -> Status {
    auto messages = tx.metrics().messagesByChannelDecision();
    if (!messages.isOk()) return messages.status();
    auto tickets = tx.metrics().openTicketsByLevelStatus();
    if (!tickets.isOk()) return tickets.status();
    auto overdue = tx.metrics().openOverdue(now);
    if (!overdue.isOk()) return overdue.status();
    auto outbox = tx.metrics().outboxByChannelStatus();
    if (!outbox.isOk()) return outbox.status();
    auto accounts = tx.channels().accounts();
    if (!accounts.isOk()) return accounts.status();
    pairs(out, "gridgate_messages_total", "counter", "Inbound messages stored, by channel and decision",
          "channel", "decision", *messages);
    pairs(out, "gridgate_tickets_open", "gauge", "Open tickets by level and status", "level", "status", *tickets);
    family(out, "gridgate_tickets_overdue", "gauge", "Open tickets marked overdue or past a deadline");
    sample(out, "gridgate_tickets_overdue", {}, *overdue);
    pairs(out, "gridgate_outbox_rows", "gauge", "Outbound rows by channel and status", "channel", "status", *outbox);
    std::map<std::string, std::pair<int64_t, int64_t>> by_channel;  // channel -> online, known
    for (const auto& a : *accounts) {
      auto& [online, known] = by_channel[std::string(toString(a.channel))];
      online += a.online ? 1 : 0;
      ++known;
    }
    family(out, "gridgate_bot_accounts_online", "gauge", "Bot accounts heard from recently, by channel");
    for (const auto& [ch, n] : by_channel) sample(out, "gridgate_bot_accounts_online", {{"channel", ch}}, n.first);
    family(out, "gridgate_bot_accounts_known", "gauge", "Bot accounts ever connected, by channel");
    for (const auto& [ch, n] : by_channel) sample(out, "gridgate_bot_accounts_known", {{"channel", ch}}, n.second);
    return Status::ok();
  });
  if (!s.isOk()) return s;
  return out;
}

}  // namespace

void registerMetricsRoute(ApiServer& server, AppContext& ctx) {
  metrics::registry().describe("gridgate_send_seconds", "Time of one platform send, by channel and outcome");
  metrics::registry().describe("gridgate_classify_seconds", "Time to classify one message");
  metrics::registry().describe("gridgate_ingest_rejected_total",
                               "Inbound messages a hook refused with 503 + Retry-After because "
                               "channels.max_pending_ingest were already in flight, by hook");
  metrics::registry().describe("gridgate_ingest_over_limit_total",
                               "Inbound messages committed past channels.max_pending_ingest because "
                               "their client cannot resend them (OneBot WebSocket events), by hook");
  metrics::registry().describe("gridgate_outbox_interrupted_total",
                               "Outbox rows whose last attempt a crash cut off, by channel and what the "
                               "platform's own record said (found: marked sent, not sent again)");
  server.getAuthed("/metrics", [&ctx](const httplib::Request&, httplib::Response& res, const Principal& p) {
    if (p.role != Role::kAdmin && p.role != Role::kStreet) {
      return replyError(res, permissionDenied("metrics need an admin or street token"));
    }
    auto db = fromDatabase(*ctx.store, ctx.clock->now());
    if (!db.isOk()) return replyError(res, db.status());
    res.set_content(*db + metrics::registry().render(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace gg
