#include "bot/presence.h"

#include "bot/outbox_queue.h"
#include "core/log.h"

namespace gg {
namespace {

// "2026-12-01 21:40" in China time: what a person reads, without the ISO punctuation.
std::string humanTime(Millis t) {
  const std::string iso = formatChinaTime(t);
  return iso.size() >= 16 ? iso.substr(0, 10) + " " + iso.substr(11, 5) : iso;
}

}  // namespace

Presence::Presence(Store& store, const OrgIndex& org, Clock& clock, const MessageCatalog& catalog,
                   PresenceSettings settings)
    : store_(store), org_(org), clock_(clock), catalog_(catalog), settings_(settings) {}

Result<BotAccountRecord> Presence::load(Tx& tx, Channel channel,
                                        const std::string& self_id, const std::string& mode) {
  auto found = tx.channels().account(channel, self_id);
  if (!found.isOk()) return found.status();
  if (found->has_value()) return **found;
  BotAccountRecord rec;
  rec.channel = channel;
  rec.self_id = self_id;
  rec.mode = mode;
  return rec;
}

Status Presence::update(Channel channel, const std::string& self_id, const std::string& mode,
                        const Change& change) {
  const Millis now = clock_.now();
  return store_.write([&](Tx& tx) -> Status {
    auto rec = load(tx, channel, self_id, mode);
    if (!rec.isOk()) return rec.status();
    if (rec->mode.empty()) rec->mode = mode;
    rec->last_seen_at = now;
    return change(tx, *rec, now);
  });
}

Status Presence::connected(Channel channel, const std::string& self_id,
                           const std::string& mode) {
  return update(channel, self_id, mode, [&](Tx& tx, BotAccountRecord& rec, Millis now) -> Status {
    rec.mode = mode;
    rec.connected = true;
    rec.connected_since = now;
    GG_RETURN_IF_ERROR(backOnline(tx, rec, now));
    return tx.channels().putAccount(rec);
  });
}

Status Presence::disconnected(Channel channel, const std::string& self_id) {
  const Millis now = clock_.now();
  return store_.write([&](Tx& tx) -> Status {
    auto found = tx.channels().account(channel, self_id);
    if (!found.isOk()) return found.status();
    if (!found->has_value()) return Status::ok();  // never connected: nothing to record
    BotAccountRecord* rec = &**found;
    rec->connected = false;
    rec->connected_since = 0;
    rec->disconnected_at = now;
    return tx.channels().putAccount(*rec);
  });
}

Status Presence::heard(Channel channel, const std::string& self_id,
                       const std::string& mode, bool heartbeat, Millis heartbeat_interval_ms) {
  return update(channel, self_id, mode, [&](Tx& tx, BotAccountRecord& rec, Millis now) -> Status {
    if (heartbeat) {
      rec.last_heartbeat_at = now;
      if (heartbeat_interval_ms > 0) rec.heartbeat_interval_ms = heartbeat_interval_ms;
    }
    GG_RETURN_IF_ERROR(backOnline(tx, rec, now));
    return tx.channels().putAccount(rec);
  });
}

Status Presence::backOnline(Tx& tx, BotAccountRecord& rec, Millis now) {
  const bool was_alerted = rec.alerted;
  const Millis outage = rec.offline_since;
  rec.online = true;
  rec.offline_since = 0;
  rec.offline_reason.clear();
  rec.alerted = false;
  if (!was_alerted) return Status::ok();
  log::info("presence: account channel={} self_id={} back online", toString(rec.channel), rec.self_id);
  return queueToCentre(tx, catalog_.text("presence.back", {{"account", rec.self_id}}),
                       "presence:" + std::string(toString(rec.channel)) + ":" + rec.self_id + ":back:" + std::to_string(outage), now);
}

Status Presence::check() {
  const Millis now = clock_.now();
  return store_.write([&](Tx& tx) -> Status {
    auto all = tx.channels().accounts();
    if (!all.isOk()) return all.status();
    for (BotAccountRecord& rec : *all) {
      if (!rec.online) continue;
      std::string reason;
      Millis since = 0;
      const bool websocket = rec.mode != "http";
      if (websocket && !rec.connected && rec.disconnected_at > 0 &&
          now - rec.disconnected_at > settings_.offline_after_disconnect) {
        reason = "disconnected";
        since = rec.disconnected_at;
      } else if (rec.heartbeat_interval_ms > 0 && (rec.connected || !websocket) &&
                 now - rec.last_heartbeat_at > settings_.missed_heartbeats * rec.heartbeat_interval_ms) {
        reason = "heartbeat";
        since = rec.last_heartbeat_at;
      }
      if (reason.empty()) continue;
      GG_RETURN_IF_ERROR(markOffline(tx, rec, reason, since, now));
    }
    return Status::ok();
  });
}

Status Presence::disabled(Channel channel, const std::string& self_id,
                          const std::string& mode) {
  return update(channel, self_id, mode, [&](Tx& tx, BotAccountRecord& rec, Millis now) -> Status {
    if (mode != "http") {
      rec.connected = false;
      rec.connected_since = 0;
      rec.disconnected_at = now;
    }
    if (!rec.online && rec.alerted) return tx.channels().putAccount(rec);  // already told
    return markOffline(tx, rec, "disabled", now, now);
  });
}

Status Presence::markOffline(Tx& tx, BotAccountRecord& rec, const std::string& reason, Millis since,
                             Millis now) {
  rec.online = false;
  rec.offline_since = now;
  rec.offline_reason = reason;
  rec.alerted = true;
  log::warn("presence: account channel={} self_id={} offline ({})", toString(rec.channel), rec.self_id, reason);
  const std::string text =
      catalog_.text("presence.offline", {{"account", rec.self_id},
                                         {"since", humanTime(since)},
                                         {"reason", catalog_.text("presence.reason_" + reason)}});
  GG_RETURN_IF_ERROR(queueToCentre(
      tx, text, "presence:" + std::string(toString(rec.channel)) + ":" + rec.self_id + ":offline:" + std::to_string(now), now));
  return tx.channels().putAccount(rec);
}

Status Presence::queueToCentre(Tx& tx, const std::string& text, const std::string& dedup_key, Millis now) {
  // Not through the OneBot account that is offline: WeCom app first, then SMS, then OneBot (a
  // second account may still be online).
  const Contact& c = org_.org().street.contact;
  OutboundMessage msg;
  msg.text = text;
  if (!c.wecom_userid.empty()) {
    msg.channel = Channel::kWeComApp;
    msg.target_kind = TargetKind::kUser;
    msg.target = c.wecom_userid;
  } else if (!c.phone.empty()) {
    msg.channel = Channel::kSms;
    msg.target_kind = TargetKind::kPhone;
    msg.target = c.phone;
  } else if (!c.onebot_user_id.empty()) {
    msg.channel = Channel::kOneBot;
    msg.target_kind = TargetKind::kUser;
    msg.target = c.onebot_user_id;
  } else {
    log::warn("presence: the street contact has no way to be reached; alert not queued");
    return Status::ok();
  }
  OutboxSource source;
  source.kind = SourceKind::kAlert;
  auto id = queueOutbound(tx, msg, dedup_key, source, now);
  return id.status();
}

}  // namespace gg
