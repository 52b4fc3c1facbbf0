#include "bot/outbox_queue.h"

#include <algorithm>

#include "bot/message_split.h"
#include "core/log.h"

namespace gg {
namespace {

int laneOf(const OutboxSource& source) {
  if (source.priority >= kLaneBroadcast && source.priority <= kLaneEmergency) return source.priority;
  if (source.kind == SourceKind::kNotice) return kLaneBroadcast;
  if (source.kind == SourceKind::kReply) return kLaneInteractive;
  return kLaneStaff;
}

Result<int64_t> queueRows(Tx& tx, const OutboundMessage& msg, const std::string& dedup_key,
                          const OutboxSource& source, Millis now, Millis not_before,
                          const std::string& reach_group, int reach_rank) {
  // No sender exists for the resident page: a row for it would wait as pending forever. The
  // notifier keeps page answers on their message instead; this is the last line of defence.
  if (msg.channel == Channel::kWeb) {
    log::warn("outbox: not queuing {} for channel web (the page has no sender)", dedup_key);
    return int64_t{0};
  }
  const auto parts = splitForChannel(msg);
  int64_t first = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    OutboxRecord r;
    // The first part keeps the plain key, so a notice delivery or an alert points at it.
    r.dedup_key = i == 0 ? dedup_key : dedup_key + "#" + std::to_string(i + 1);
    r.message = parts[i];
    r.created_at = now;
    r.next_attempt_at = std::max(now, not_before);
    r.source_kind = source.kind;
    r.source_id = source.id;
    r.community_id = source.community_id;
    r.grid_id = source.grid_id;
    r.priority = laneOf(source);
    r.give_up_at = source.give_up_at;
    r.reach_group = reach_group;
    r.reach_rank = reach_rank;
    r.status = reach_rank > 0 ? OutboxStatus::kStandby : OutboxStatus::kPending;
    auto id = tx.outbox().enqueue(r);
    if (!id.isOk()) return id.status();
    if (i == 0) first = *id;
  }
  return first;
}

}  // namespace

Result<int64_t> queueOutbound(Tx& tx, const OutboundMessage& msg, const std::string& dedup_key,
                              const OutboxSource& source, Millis now, Millis not_before) {
  return queueRows(tx, msg, dedup_key, source, now, not_before, "", 0);
}

Result<int64_t> queueWithFallbacks(Tx& tx, const std::vector<OutboundMessage>& routes,
                                   const std::string& dedup_key, const OutboxSource& source,
                                   Millis now) {
  if (routes.empty()) return invalidArgument("queueWithFallbacks needs at least one route");
  if (routes.size() == 1) return queueOutbound(tx, routes[0], dedup_key, source, now);
  int64_t first = 0;
  for (size_t i = 0; i < routes.size(); ++i) {
    const std::string key = i == 0 ? dedup_key : dedup_key + "~" + std::string(toString(routes[i].channel));
    auto id = queueRows(tx, routes[i], key, source, now, 0, dedup_key, static_cast<int>(i));
    if (!id.isOk()) return id.status();
    if (i == 0) first = *id;
  }
  return first;
}

}  // namespace gg
