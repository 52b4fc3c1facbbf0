#include "server/routes_channels.h"

#include <map>

namespace gg {
namespace {

nlohmann::json timeOrNull(Millis t) { return t > 0 ? nlohmann::json(formatChinaTime(t)) : nlohmann::json(); }

}  // namespace

void registerChannelRoutes(ApiServer& server, AppContext& ctx, ChatRoutes& routes) {
  server.getAuthed("/api/channels", [&ctx, &routes](const httplib::Request&, httplib::Response& res,
                                                     const Principal& p) {
    if (p.role != Role::kAdmin && p.role != Role::kStreet) {
      return replyError(res, permissionDenied("the channel list needs an admin or street token"));
    }
    std::vector<BotAccountRecord> accounts;
    std::vector<ChatRouteRecord> unbound;
    std::vector<ChannelRepo::Waiting> waiting;
    Status s = ctx.store->read([&](Tx& tx) -> Status {
      auto a = tx.channels().accounts();
      if (!a.isOk()) return a.status();
      accounts = std::move(a).value();
      auto u = tx.channels().routes(/*unbound_only=*/true);
      if (!u.isOk()) return u.status();
      unbound = std::move(u).value();
      auto w = tx.channels().waitingRows(Channel::kOneBot);
      if (!w.isOk()) return w.status();
      waiting = std::move(w).value();
      return Status::ok();
    });
    if (!s.isOk()) return replyError(res, s);
    // A waiting row belongs to the account that would send it; "" = no account known yet.
    std::map<std::string, int64_t> rows_by_account;
    for (const auto& w : waiting) {
      rows_by_account[routes.accountFor(Channel::kOneBot, w.target_kind, w.target)] += w.rows;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& a : accounts) {
      list.push_back({{"channel", a.channel},
                      {"self_id", a.self_id},
                      {"mode", a.mode},
                      {"online", a.online},
                      {"connected", a.connected},
                      {"last_heartbeat", timeOrNull(a.last_heartbeat_at)},
                      {"heartbeat_interval_ms", a.heartbeat_interval_ms},
                      {"connected_since", timeOrNull(a.connected_since)},
                      {"last_seen", timeOrNull(a.last_seen_at)},
                      {"offline_since", timeOrNull(a.offline_since)},
                      {"offline_reason", a.offline_reason},
                      {"rows_waiting", a.channel == Channel::kOneBot ? rows_by_account[a.self_id] : 0}});
    }
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& g : unbound) {
      groups.push_back({{"channel", g.channel},
                        {"group_id", g.target},
                        {"self_id", g.self_id},
                        {"last_message_at", timeOrNull(g.last_message_at)},
                        {"messages", g.messages}});
    }
    replyJson(res, 200, {{"accounts", list},
                         {"unknown_groups", groups},
                         {"rows_waiting_without_account", rows_by_account[""]}});
  });
}

}  // namespace gg
