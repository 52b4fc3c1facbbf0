#pragma once
// Whether each bot account can be heard. When a OneBot account is kicked offline, or its
// connection drops, no group it is in hears anything: the command centre must know. Connection
// events, heartbeats (meta_event frames and HTTP posts) and any other frame update the account's
// row; check() — run by the background worker, its state is only rows, so it survives restarts —
// marks an account offline when it has been silent for more than 3 of its heartbeat intervals or
// disconnected for longer than the configured grace, and tells the street's command-centre
// contact once; when the account is heard again it is online and the contact is told once more.

#include <functional>
#include <string>

#include "bot/message_catalog.h"
#include "core/clock.h"
#include "org/model.h"
#include "storage/store.h"

namespace gg {

struct PresenceSettings {
  int missed_heartbeats = 3;                  // silent longer than this many intervals = offline
  Millis offline_after_disconnect = kMinute;  // channels.onebot.offline_after_seconds
};

class Presence {
 public:
  // All references must outlive the tracker. Thread-safe (every call is one transaction).
  Presence(Store& store, const OrgIndex& org, Clock& clock, const MessageCatalog& catalog,
           PresenceSettings settings);

  // Records that a WebSocket of (channel, self_id) opened in mode (reverse-ws | forward-ws).
  Status connected(Channel channel, const std::string& self_id, const std::string& mode);
  // Records that the account's WebSocket closed; it goes offline after the grace in check().
  Status disconnected(Channel channel, const std::string& self_id);
  // Records that the implementation announced the account is no longer served (OneBot
  // lifecycle "disable", e.g. kicked offline or logged out): offline at once, one alert.
  Status disabled(Channel channel, const std::string& self_id, const std::string& mode);
  // Records a frame or post from the account. heartbeat_interval_ms > 0: it was a heartbeat
  // reporting that interval. mode is kept for accounts first seen here (http).
  Status heard(Channel channel, const std::string& self_id, const std::string& mode,
               bool heartbeat, Millis heartbeat_interval_ms);
  // Marks silent or long-disconnected accounts offline, queueing one alert to the street's
  // command-centre contact per outage. Returns a storage error unchanged.
  Status check();

 private:
  // Marks rec offline for reason (heartbeat | disconnected | disabled), silent since `since`,
  // queues the one alert to the command centre and stores rec.
  Status markOffline(Tx& tx, BotAccountRecord& rec, const std::string& reason, Millis since, Millis now);
  // Puts rec online; if the command centre was told it was offline, queues the "back" message.
  Status backOnline(Tx& tx, BotAccountRecord& rec, Millis now);
  Status queueToCentre(Tx& tx, const std::string& text, const std::string& dedup_key, Millis now);
  Result<BotAccountRecord> load(Tx& tx, Channel channel, const std::string& self_id,
                                const std::string& mode);
  // Loads (or starts) the account's row in one transaction, notes it was seen now, and hands it
  // to change, which stores it.
  using Change = std::function<Status(Tx& tx, BotAccountRecord& rec, Millis now)>;
  Status update(Channel channel, const std::string& self_id, const std::string& mode,
                const Change& change);

  Store& store_;
  const OrgIndex& org_;
  Clock& clock_;
  const MessageCatalog& catalog_;
  PresenceSettings settings_;
};

}  // namespace gg
