#include "storage/channel_repo.h"
#include "storage/sql/sql_repos.h"
#include "storage/sql/sql_util.h"

namespace gg::sql {
namespace {

BotAccountRecord readAccount(Statement& q) {
  BotAccountRecord r;
  r.channel = enumColumn(q, "channel", parseChannel);
  r.self_id = str(q, "self_id");
  r.mode = str(q, "mode");
  r.connected = i64(q, "connected") != 0;
  r.online = i64(q, "online") != 0;
  r.connected_since = i64(q, "connected_since");
  r.disconnected_at = i64(q, "disconnected_at");
  r.last_heartbeat_at = i64(q, "last_heartbeat_at");
  r.heartbeat_interval_ms = i64(q, "heartbeat_interval_ms");
  r.last_seen_at = i64(q, "last_seen_at");
  r.offline_since = i64(q, "offline_since");
  r.offline_reason = str(q, "offline_reason");
  r.alerted = i64(q, "alerted") != 0;
  return r;
}

ChatRouteRecord readRoute(Statement& q) {
  ChatRouteRecord r;
  r.channel = enumColumn(q, "channel", parseChannel);
  r.kind = enumColumn(q, "kind", parseTargetKind);
  r.target = str(q, "target");
  r.self_id = str(q, "self_id");
  r.bound = i64(q, "bound") != 0;
  r.last_message_at = i64(q, "last_message_at");
  r.messages = i64(q, "messages");
  return r;
}

class SqlChannelRepo : public ChannelRepo {
 public:
  explicit SqlChannelRepo(Connection& db) : db_(db) {}

  Result<std::optional<BotAccountRecord>> account(Channel channel,
                                                  const std::string& self_id) override {
    return guarded("channels.account", [&]() -> Result<std::optional<BotAccountRecord>> {
      Statement q(db_, "SELECT * FROM bot_accounts WHERE channel = ? AND self_id = ?");
      q.bind(1, name(channel));
      q.bind(2, self_id);
      if (!q.executeStep()) return std::optional<BotAccountRecord>();
      return std::optional<BotAccountRecord>(readAccount(q));
    });
  }

  Status putAccount(const BotAccountRecord& r) override {
    return guarded("channels.putAccount", [&]() -> Status {
      Statement q(db_,
          "INSERT INTO bot_accounts (channel, self_id, mode, connected, online, "
          "connected_since, disconnected_at, last_heartbeat_at, heartbeat_interval_ms, "
          "last_seen_at, offline_since, offline_reason, alerted) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          // Both engines spell an upsert this way (SQLite's OR REPLACE is its own).
          "ON CONFLICT (channel, self_id) DO UPDATE SET mode = excluded.mode, "
          "connected = excluded.connected, online = excluded.online, "
          "connected_since = excluded.connected_since, "
          "disconnected_at = excluded.disconnected_at, "
          "last_heartbeat_at = excluded.last_heartbeat_at, "
          "heartbeat_interval_ms = excluded.heartbeat_interval_ms, "
          "last_seen_at = excluded.last_seen_at, offline_since = excluded.offline_since, "
          "offline_reason = excluded.offline_reason, alerted = excluded.alerted");
      q.bind(1, name(r.channel));
      q.bind(2, r.self_id);
      q.bind(3, r.mode);
      q.bind(4, r.connected ? 1 : 0);
      q.bind(5, r.online ? 1 : 0);
      q.bind(6, static_cast<int64_t>(r.connected_since));
      q.bind(7, static_cast<int64_t>(r.disconnected_at));
      q.bind(8, static_cast<int64_t>(r.last_heartbeat_at));
      q.bind(9, static_cast<int64_t>(r.heartbeat_interval_ms));
      q.bind(10, static_cast<int64_t>(r.last_seen_at));
      q.bind(11, static_cast<int64_t>(r.offline_since));
      q.bind(12, r.offline_reason);
      q.bind(13, r.alerted ? 1 : 0);
      q.exec();
      return Status::ok();
    });
  }

  Result<std::vector<BotAccountRecord>> accounts() override {
    return guarded("channels.accounts", [&]() -> Result<std::vector<BotAccountRecord>> {
      Statement q(db_, "SELECT * FROM bot_accounts ORDER BY channel, self_id");
      std::vector<BotAccountRecord> out;
      while (q.executeStep()) out.push_back(readAccount(q));
      return out;
    });
  }

  Status touchRoute(const ChatRouteRecord& r) override {
    return guarded("channels.touchRoute", [&]() -> Status {
      Statement q(db_,
          "INSERT INTO chat_routes (channel, kind, target, self_id, bound, last_message_at, "
          "messages) VALUES (?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (channel, kind, target) DO UPDATE SET self_id = excluded.self_id, "
          "bound = excluded.bound, last_message_at = CASE WHEN "
          "excluded.last_message_at > chat_routes.last_message_at THEN "
          "excluded.last_message_at ELSE chat_routes.last_message_at END, messages = chat_routes.messages + excluded.messages");
      q.bind(1, name(r.channel));
      q.bind(2, std::string(toString(r.kind)));
      q.bind(3, r.target);
      q.bind(4, r.self_id);
      q.bind(5, r.bound ? 1 : 0);
      q.bind(6, static_cast<int64_t>(r.last_message_at));
      q.bind(7, r.messages);
      q.exec();
      return Status::ok();
    });
  }

  Result<std::optional<ChatRouteRecord>> route(Channel channel, TargetKind kind,
                                               const std::string& target) override {
    return guarded("channels.route", [&]() -> Result<std::optional<ChatRouteRecord>> {
      Statement q(db_, "SELECT * FROM chat_routes WHERE channel = ? AND kind = ? AND target = ?");
      q.bind(1, name(channel));
      q.bind(2, std::string(toString(kind)));
      q.bind(3, target);
      if (!q.executeStep()) return std::optional<ChatRouteRecord>();
      return std::optional<ChatRouteRecord>(readRoute(q));
    });
  }

  Result<std::vector<ChatRouteRecord>> routes(bool unbound_only) override {
    return guarded("channels.routes", [&]() -> Result<std::vector<ChatRouteRecord>> {
      Statement q(db_, unbound_only
                                   ? "SELECT * FROM chat_routes WHERE kind = 'group' AND bound = 0 "
                                     "ORDER BY last_message_at DESC LIMIT 1000"
                                   : "SELECT * FROM chat_routes ORDER BY last_message_at DESC LIMIT 1000");
      std::vector<ChatRouteRecord> out;
      while (q.executeStep()) out.push_back(readRoute(q));
      return out;
    });
  }

  Result<std::vector<Waiting>> waitingRows(Channel channel) override {
    return guarded("channels.waitingRows", [&]() -> Result<std::vector<Waiting>> {
      Statement q(db_,
          "SELECT target_kind, target, COUNT(*) AS n FROM outbox WHERE channel = ? AND "
          "status IN ('pending', 'sending') GROUP BY target_kind, target");
      q.bind(1, name(channel));
      std::vector<Waiting> out;
      while (q.executeStep()) {
        out.push_back({enumColumn(q, "target_kind", parseTargetKind), str(q, "target"), i64(q, "n")});
      }
      return out;
    });
  }

 private:
  Connection& db_;
};

}  // namespace

std::unique_ptr<ChannelRepo> makeChannelRepo(Connection& db) {
  return std::make_unique<SqlChannelRepo>(db);
}

}  // namespace gg::sql
