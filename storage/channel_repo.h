#pragma once
// Bot accounts (one per OneBot self_id) with their presence, and the chat routes that say which
// account hears a group or a private user. Used by bot/presence (online state, alerts),
// bot/chat_routes (reply through the account that is in the group) and GET /api/channels.

#include <optional>
#include <string>
#include <vector>

#include "core/channel.h"
#include "core/clock.h"
#include "core/result.h"
#include "model/domain.h"

namespace gg {

struct BotAccountRecord {
  Channel channel = Channel::kOneBot;
  std::string self_id;
  std::string mode;            // reverse-ws | forward-ws | http
  bool connected = false;      // a WebSocket is open now (always false in http mode)
  bool online = false;         // heard from recently enough (bot/presence.h decides)
  Millis connected_since = 0;  // when the open WebSocket came up; 0 = none
  Millis disconnected_at = 0;  // when the last WebSocket closed; 0 = never
  Millis last_heartbeat_at = 0;
  Millis heartbeat_interval_ms = 0;  // as the account reports it; 0 = unknown
  Millis last_seen_at = 0;           // any frame or post from the account
  Millis offline_since = 0;          // 0 = online
  std::string offline_reason;        // heartbeat | disconnected
  bool alerted = false;              // the command centre was told it is offline
};

struct ChatRouteRecord {
  Channel channel = Channel::kOneBot;
  TargetKind kind = TargetKind::kGroup;  // kGroup | kUser
  std::string target;
  std::string self_id;
  bool bound = true;  // a grid is bound to the group (users: always true)
  Millis last_message_at = 0;
  int64_t messages = 0;  // counted for unbound groups only (bound ones are in messages)
};

class ChannelRepo {
 public:
  virtual ~ChannelRepo() = default;
  // Returns the account, or nullopt if it was never seen.
  virtual Result<std::optional<BotAccountRecord>> account(Channel channel,
                                                          const std::string& self_id) = 0;
  // Inserts or replaces the account row (keyed by channel, self_id).
  virtual Status putAccount(const BotAccountRecord& rec) = 0;
  // Returns every account, by channel then self_id.
  virtual Result<std::vector<BotAccountRecord>> accounts() = 0;

  // Records that self_id heard (channel, kind, target) at `at`: the route is created or moved to
  // self_id; for unbound groups the message count and last time are kept too.
  virtual Status touchRoute(const ChatRouteRecord& rec) = 0;
  // Returns the route of (channel, kind, target), or nullopt.
  virtual Result<std::optional<ChatRouteRecord>> route(Channel channel, TargetKind kind,
                                                       const std::string& target) = 0;
  // Returns every route, or only the groups no grid is bound to; most recent first.
  virtual Result<std::vector<ChatRouteRecord>> routes(bool unbound_only) = 0;

  struct Waiting {
    TargetKind target_kind = TargetKind::kNone;
    std::string target;
    int64_t rows = 0;
  };
  // Returns the outbox rows of channel not yet sent (pending or sending), per destination.
  virtual Result<std::vector<Waiting>> waitingRows(Channel channel) = 0;
};

}  // namespace gg
