#include "server/routes_events.h"

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include "core/log.h"
#include "server/auth.h"
#include "server/routes_tickets.h"

namespace gg {
namespace {

constexpr auto kPoll = std::chrono::seconds(1);
constexpr auto kHeartbeat = std::chrono::seconds(15);
constexpr auto kMaxStream = std::chrono::minutes(30);
constexpr int kBatch = 200;

std::atomic<int> g_streams{0};

// One stream's view of what it has already told the client.
struct StreamState {
  Principal principal;
  int64_t cursor = 0;
  bool primed = false;                                     // first poll records, does not emit
  std::map<int64_t, std::string> notices;                  // id -> status
  std::map<int64_t, std::pair<std::string, int64_t>> alerts;  // id -> state, count
  std::string channels;                                    // the last channel event's JSON
  std::chrono::steady_clock::time_point started, last_write;
};

std::string frame(const char* event, const nlohmann::json& data, int64_t id = 0) {
  std::string out = std::string("event: ") + event + "\n";
  if (id > 0) out += "id: " + std::to_string(id) + "\n";
  return out + "data: " + data.dump() + "\n\n";
}

// Reads what changed since the last poll and returns the frames to send.
Result<std::string> poll(AppContext& ctx, StreamState& st) {
  std::string out;
  const OrgIndex& org = *ctx.org;
  Status s = ctx.store->read([&](Tx& tx) -> Status {
    auto events = tx.feed().ticketEventsAfter(st.cursor, kBatch);
    if (!events.isOk()) return events.status();
    for (const auto& e : *events) {
      st.cursor = e.id;
      auto t = tx.tickets().get(e.ticket_id);
      if (!t.isOk()) return t.status();
      if (!t->has_value() || !canSee(st.principal, org, **t)) continue;
      const TicketRecord& r = **t;
      out += frame("ticket",
                   {{"event_id", e.id}, {"ticket_id", r.id}, {"action", e.action}, {"status", r.status},
                    {"level", r.level}, {"grid_id", r.grid_id}, {"community_id", r.community_id},
                    {"urgency", r.urgency}, {"overdue", r.overdue}, {"at", formatChinaTime(e.at)}},
                   e.id);
    }
    auto notices = tx.feed().noticeStates(kBatch);
    if (!notices.isOk()) return notices.status();
    for (const auto& n : *notices) {
      auto& known = st.notices[n.id];
      if (known != n.state && st.primed) out += frame("notice", {{"id", n.id}, {"status", n.state}});
      known = n.state;
    }
    auto alerts = tx.feed().alertStates(kBatch);
    if (!alerts.isOk()) return alerts.status();
    for (const auto& a : *alerts) {
      if (!canAccessCommunity(st.principal, a.community_id)) continue;
      auto& known = st.alerts[a.id];
      const std::pair<std::string, int64_t> now{a.state, a.count};
      if (known != now && st.primed) {
        out += frame("alert", {{"id", a.id}, {"community_id", a.community_id}, {"state", a.state}, {"count", a.count}});
      }
      known = now;
    }
    auto accounts = tx.channels().accounts();
    if (!accounts.isOk()) return accounts.status();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& a : *accounts) {
      list.push_back({{"channel", a.channel}, {"self_id", a.self_id}, {"online", a.online}, {"connected", a.connected}});
    }
    nlohmann::json reasons = nlohmann::json::array();
    if (ctx.channel_health) {
      for (const auto& r : ctx.channel_health->reasons()) reasons.push_back(r);
    }
    const nlohmann::json channel = {{"accounts", list}, {"reasons", reasons}};
    if (channel.dump() != st.channels) {
      if (st.primed) out += frame("channel", channel);
      st.channels = channel.dump();
    }
    return Status::ok();
  });
  if (!s.isOk()) return s;
  st.primed = true;
  return out;
}

// Sleeps up to d, waking early when the server stops. Returns false if it is stopping.
bool nap(const ApiServer& server, std::chrono::milliseconds d) {
  const auto until = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < until) {
    if (server.stopping()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return !server.stopping();
}

}  // namespace

void registerEventRoutes(ApiServer& server, AppContext& ctx) {
  server.getAuthedStream("/api/events", [&server, &ctx](const httplib::Request& req, httplib::Response& res,
                                                  const Principal& p) {
    if (g_streams.fetch_add(1) >= kMaxEventStreams) {
      g_streams.fetch_sub(1);
      res.set_header("Retry-After", "10");
      return replyError(res, unavailable("too many live streams; try again shortly"));
    }
    auto st = std::make_shared<StreamState>();
    st->principal = p;
    st->started = st->last_write = std::chrono::steady_clock::now();
    const bool resuming = req.has_header("Last-Event-ID");
    const std::string last = req.get_header_value("Last-Event-ID");
    int64_t resume = 0;
    if (resuming) {
      try {
        resume = std::stoll(last);
      } catch (...) {
        resume = -1;
      }
      if (resume < 0) {
        g_streams.fetch_sub(1);
        return replyError(res, invalidArgument("Last-Event-ID must be an event id"));
      }
    }
    if (resuming) {
      st->cursor = resume;
    } else {
      Status s = ctx.store->read([&](Tx& tx) -> Status {
        auto id = tx.feed().lastTicketEventId();
        if (!id.isOk()) return id.status();
        st->cursor = *id;
        return Status::ok();
      });
      if (!s.isOk()) {
        g_streams.fetch_sub(1);
        return replyError(res, s);
      }
    }
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Accel-Buffering", "no");  // nginx: do not buffer the stream
    res.set_chunked_content_provider(
        // Exactly "text/event-stream": cpp-httplib gzips any other text/* type for a browser (which
        // sends Accept-Encoding: gzip), and a gzip stream holds the events back until it flushes.
        "text/event-stream",
        [&server, &ctx, st](size_t, httplib::DataSink& sink) {
          std::string out;
          if (st->cursor >= 0 && !st->primed) out += "retry: 3000\n" + frame("hello", {{"cursor", st->cursor}});
          auto frames = poll(ctx, *st);
          if (!frames.isOk()) {
            log::warn("events: {}", frames.status().message());
            return false;  // the client reconnects and resumes from its last id
          }
          out += *frames;
          const auto now = std::chrono::steady_clock::now();
          if (out.empty() && now - st->last_write >= kHeartbeat) out = ": ping\n\n";
          if (!out.empty()) {
            if (!sink.write(out.data(), out.size())) return false;
            st->last_write = now;
          }
          if (now - st->started >= kMaxStream || !sink.is_writable()) {
            sink.done();
            return true;
          }
          if (!nap(server, std::chrono::duration_cast<std::chrono::milliseconds>(kPoll))) {
            sink.done();  // the server is stopping: end the stream cleanly; EventSource reconnects
          }
          return true;
        },
        [](bool) { g_streams.fetch_sub(1); });
  });
}

}  // namespace gg
