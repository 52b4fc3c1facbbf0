#pragma once
// Which bot account speaks to a chat. One street may run several OneBot accounts (one per
// community, or a spare); a group hears only the account that is in it, so a reply must go out
// through that account: the one configured for the group, else the one that last received from
// it. Routes are rows (storage/channel_repo.h) so they survive a restart; a small cache keeps
// the message path from writing a row for every message.

#include <map>
#include <mutex>
#include <string>

#include "bot/sender.h"
#include "model/envelope.h"
#include "storage/store.h"

namespace gg {

class ChatRoutes : public ChatAccountLookup {
 public:
  // configured: group id -> self_id that must send to that group (channels.onebot.group_accounts).
  ChatRoutes(Store& store, std::map<std::string, std::string> configured);

  // Returns the self_id that sends to (channel, target_kind kGroup|kUser, target): the
  // configured account for a group, else the one that last received from it, else "". A storage
  // error is logged and gives "" (the caller then waits, it never guesses another account).
  std::string accountFor(Channel channel, TargetKind target_kind,
                         const std::string& target) override;

  // Records that env.account heard env's chat (group, or the private sender). Writes a row only
  // when the route is new or moved to another account. Returns a storage error unchanged.
  Status noteInbound(const InboundEnvelope& env);

 private:
  static std::string key(Channel channel, TargetKind kind, const std::string& target) {
    return std::string(toString(channel)) + '\n' + std::string(toString(kind)) + '\n' + target;
  }

  Store& store_;
  std::map<std::string, std::string> configured_;
  std::mutex mu_;
  std::map<std::string, std::string> cache_;  // key -> self_id, as stored
};

}  // namespace gg
