#include "bot/notices/notice_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "bot/notices/notice_board.h"
#include "bot/notices/notice_outcome.h"
#include "bot/notices/notice_sms.h"
#include "bot/notices/notice_target.h"
#include "bot/notices/notice_text.h"
#include "bot/notices/notice_view.h"
#include "bot/notices/schedule.h"
#include "bot/outbox_queue.h"
#include "core/log.h"
#include "core/text.h"

namespace gg {
namespace {

constexpr size_t kMaxAuditNote = 500;

bool visibleTo(const Principal& who, const OrgIndex& org, const std::vector<TargetGroup>& groups) {
  for (const auto& g : groups) {
    if (canAccessGrid(who, org, g.grid->id)) return true;
  }
  return false;
}

Status audit(Tx& tx, int64_t id, Millis at, const std::string& actor, const std::string& action,
             std::string note) {
  if (note.size() > kMaxAuditNote) note.resize(kMaxAuditNote);
  return tx.notices().appendAudit({0, id, at, actor, action, note});
}

}  // namespace

NoticeService::NoticeService(Store& store, const OrgIndex& org, Clock& clock,
                             NoticeSettings settings, const MessageCatalog& catalog)
    : store_(store), org_(org), clock_(clock), settings_(std::move(settings)), catalog_(catalog) {}

Channel NoticeService::outboundChannel(Channel binding_channel) const {
  return binding_channel == Channel::kWeCom ? settings_.wecom_group_channel : binding_channel;
}

Status NoticeService::checkScope(const Principal& who, const NoticeDraft& d, bool* needs_approval) {
  auto groups = resolveTarget(org_, d.target);
  if (!groups.isOk()) return groups.status();
  for (const auto& g : *groups) {
    if (!canAccessGrid(who, org_, g.grid->id)) {
      return permissionDenied("group " + g.binding->group_id + " (community " + g.community->id +
                              ") is outside this token's scope");
    }
  }
  if (needs_approval) *needs_approval = d.mention_all || communitiesOf(*groups).size() > 1;
  return Status::ok();
}

Status NoticeService::scheduleDeliveries(Tx& tx, const NoticeRecord& n, const NoticeDraft& d) {
  auto groups = resolveTarget(org_, d.target);
  if (!groups.isOk()) return groups.status();
  const Millis now = clock_.now();
  // The initial send never lies in the past at scheduling time: a late approval sends now.
  std::vector<std::pair<std::string, Millis>> sends = {{"initial", std::max(d.send_at, now)}};
  for (const auto& r : d.reminders) {
    const Millis t = reminderTime(d.deadline, r.before_ms, r.at_minute);
    if (t <= d.send_at || t >= d.deadline) continue;  // before the notice itself or too late
    sends.emplace_back(r.sendKind(), t);
  }
  const bool quiet = settings_.quiet_enabled && !(d.urgent && settings_.urgent_ignores_quiet_hours);
  for (auto& [kind, t] : sends) {
    if (quiet) {
      t = shiftOutOfQuiet(t, settings_.quiet_start_minute, settings_.quiet_end_minute);
    }
  }
  for (const auto& g : *groups) {
    for (const auto& [kind, t] : sends) {
      NoticeDelivery del;
      del.notice_id = n.id;
      del.send_kind = kind;
      del.channel = g.binding->channel;
      del.group_id = g.binding->group_id;
      del.grid_id = g.grid->id;
      del.community_id = g.community->id;
      del.due_at = t;
      auto id = tx.notices().addDelivery(del);
      if (!id.isOk()) return id.status();
    }
  }
  if (!d.sms) return Status::ok();
  return scheduleSmsDeliveries(tx, org_, n.id, targetGrids(org_, d.target, *groups), sends);
}

Result<NoticeService::Created> NoticeService::create(const Principal& who,
                                                      const NoticeDraft& draft) {
  bool needs_approval = false;
  GG_RETURN_IF_ERROR(checkScope(who, draft, &needs_approval));
  const Millis now = clock_.now();
  NoticeRecord n;
  applyDraft(draft, &n);
  n.status = needs_approval ? NoticeStatus::kPendingApproval : NoticeStatus::kScheduled;
  n.created_by = who.actor();
  n.scope = who.scope;
  n.created_at = now;
  n.updated_at = now;
  GG_RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    auto id = tx.notices().insert(n);
    if (!id.isOk()) return id.status();
    n.id = *id;
    GG_RETURN_IF_ERROR(audit(tx, n.id, now, n.created_by, "create",
                             needs_approval ? "needs approval" : ""));
    if (!needs_approval) GG_RETURN_IF_ERROR(scheduleDeliveries(tx, n, draft));
    return Status::ok();
  }));
  log::info("notice created id={} status={} by={}", n.id, toString(n.status), n.created_by);
  return Created{n.id, n.status};
}

Result<NoticeRecord> NoticeService::loadForChange(Tx& tx, const Principal& who, int64_t id) {
  auto got = tx.notices().get(id);
  if (!got.isOk()) return got.status();
  if (!got->has_value()) return notFound("no notice " + std::to_string(id));
  auto draft = draftFromRecord(**got);
  if (!draft.isOk()) return draft.status();
  GG_RETURN_IF_ERROR(checkScope(who, *draft, nullptr));
  return **got;
}

Status NoticeService::edit(const Principal& who, int64_t id, const nlohmann::json& patch) {
  if (!patch.is_object()) return invalidArgument("patch: expected a JSON object");
  const Millis now = clock_.now();
  return store_.write([&](Tx& tx) -> Status {
    auto n = loadForChange(tx, who, id);
    if (!n.isOk()) return n.status();
    if (n->status != NoticeStatus::kPendingApproval && n->status != NoticeStatus::kScheduled) {
      return conflict("notice " + std::to_string(id) + " is " + std::string(toString(n->status)) + "; only a notice " +
                      "that has not started sending can be edited");
    }
    auto deliveries = tx.notices().deliveries(id);
    if (!deliveries.isOk()) return deliveries.status();
    for (const auto& d : *deliveries) {
      if (d.status != DeliveryStatus::kPending) {
        return conflict("notice " + std::to_string(id) + " has started sending");
      }
    }
    auto old = draftFromRecord(*n);
    if (!old.isOk()) return old.status();
    nlohmann::json merged = draftToJson(*old);
    merged.merge_patch(patch);
    auto draft = parseNoticeDraft(merged, now);
    if (!draft.isOk()) return draft.status();
    bool needs_approval = false;
    GG_RETURN_IF_ERROR(checkScope(who, *draft, &needs_approval));
    auto removed = tx.notices().deletePendingDeliveries(id);
    if (!removed.isOk()) return removed.status();
    applyDraft(*draft, &n.value());
    n->status = needs_approval ? NoticeStatus::kPendingApproval : NoticeStatus::kScheduled;
    if (needs_approval) n->approved_by.clear();
    n->updated_at = now;
    GG_RETURN_IF_ERROR(tx.notices().update(*n));
    GG_RETURN_IF_ERROR(audit(tx, id, now, who.actor(), "edit", patch.dump()));
    if (!needs_approval) GG_RETURN_IF_ERROR(scheduleDeliveries(tx, *n, *draft));
    return Status::ok();
  });
}

Status NoticeService::approve(const Principal& who, int64_t id) {
  if (who.role == Role::kGrid) {
    return permissionDenied("approval needs a community, street or admin token");
  }
  const Millis now = clock_.now();
  return store_.write([&](Tx& tx) -> Status {
    auto n = loadForChange(tx, who, id);
    if (!n.isOk()) return n.status();
    if (n->status != NoticeStatus::kPendingApproval) {
      return conflict("notice " + std::to_string(id) + " is " + std::string(toString(n->status)) +
                      ", not waiting for approval");
    }
    if (n->created_by == who.actor()) {
      return permissionDenied("a notice must be approved by someone other than its creator");
    }
    auto draft = draftFromRecord(*n);
    if (!draft.isOk()) return draft.status();
    n->status = NoticeStatus::kScheduled;
    n->approved_by = who.actor();
    n->updated_at = now;
    GG_RETURN_IF_ERROR(tx.notices().update(*n));
    GG_RETURN_IF_ERROR(audit(tx, id, now, who.actor(), "approve", ""));
    return scheduleDeliveries(tx, *n, *draft);
  });
}

Status NoticeService::cancel(const Principal& who, int64_t id) {
  const Millis now = clock_.now();
  return store_.write([&](Tx& tx) -> Status {
    auto n = loadForChange(tx, who, id);
    if (!n.isOk()) return n.status();
    if (n->status == NoticeStatus::kCancelled) return conflict("notice " + std::to_string(id) + " is cancelled");
    n->status = NoticeStatus::kCancelled;
    n->cancelled_by = who.actor();
    n->updated_at = now;
    GG_RETURN_IF_ERROR(tx.notices().update(*n));
    auto settled = tx.notices().settlePendingDeliveries(id, DeliveryStatus::kCancelled, "notice cancelled");
    if (!settled.isOk()) return settled.status();
    auto unsent = tx.outbox().cancelPending(SourceKind::kNotice, id);
    if (!unsent.isOk()) return unsent.status();
    return audit(tx, id, now, who.actor(), "cancel",
                 std::to_string(*settled) + " deliveries not yet queued, " +
                     std::to_string(*unsent) + " queued messages withdrawn");
  });
}

Result<nlohmann::json> NoticeService::view(const Principal& who, int64_t id) {
  nlohmann::json out;
  GG_RETURN_IF_ERROR(store_.read([&](Tx& tx) -> Status {
    auto got = tx.notices().get(id);
    if (!got.isOk()) return got.status();
    if (!got->has_value()) return notFound("no notice " + std::to_string(id));
    const NoticeRecord& n = **got;
    auto draft = draftFromRecord(n);
    if (!draft.isOk()) return draft.status();
    auto groups = resolveTarget(org_, draft->target);
    if (!groups.isOk() || !visibleTo(who, org_, *groups)) {
      return notFound("no notice " + std::to_string(id));
    }
    out = noticeSummary(n);
    out["notice"] = draftToJson(*draft);
    out["target_groups"] = groups->size();
    out["communities"] = communitiesOf(*groups);
    auto deliveries = tx.notices().deliveries(id);
    if (!deliveries.isOk()) return deliveries.status();
    std::map<std::string, int> counts;
    nlohmann::json rows = nlohmann::json::array();
    nlohmann::json failed = nlohmann::json::array();
    for (const auto& d : *deliveries) {
      if (!canAccessGrid(who, org_, d.grid_id)) continue;
      auto [state, error] = deliveryState(tx, d);
      ++counts[state];
      // A subscriber's number is masked below community level, like every resident's.
      const bool masked = isSmsDelivery(d) && !seesClearPhones(who);
      nlohmann::json row = {{"group_id", masked ? maskPhone(d.group_id) : d.group_id},   {"channel", d.channel},
                            {"grid_id", d.grid_id},     {"community_id", d.community_id},
                            {"send", d.send_kind},      {"due_at", formatChinaTime(d.due_at)},
                            {"state", state},           {"error", error}};
      if (state == "failed") failed.push_back(row);
      rows.push_back(std::move(row));
    }
    out["counts"] = counts;
    out["deliveries"] = std::move(rows);
    out["failed"] = std::move(failed);
    auto trail = tx.notices().audit(id);
    if (!trail.isOk()) return trail.status();
    nlohmann::json a = nlohmann::json::array();
    for (const auto& e : *trail) {
      a.push_back({{"at", formatChinaTime(e.at)}, {"actor", e.actor}, {"action", e.action},
                   {"note", e.note}});
    }
    out["audit"] = std::move(a);
    return Status::ok();
  }));
  return out;
}

Result<nlohmann::json> NoticeService::list(const Principal& who, std::optional<NoticeStatus> status,
                                           int limit, int offset) {
  nlohmann::json out = nlohmann::json::array();
  // Scope is decided per notice (its target resolves to groups), so the page is cut after the
  // scope filter: a community token's limit/offset count only the notices it may see.
  constexpr int kScanCap = 20000;
  GG_RETURN_IF_ERROR(store_.read([&](Tx& tx) -> Status {
    auto rows = tx.notices().list(status, kScanCap, 0);
    if (!rows.isOk()) return rows.status();
    int skipped = 0;
    for (const auto& n : *rows) {
      if (static_cast<int>(out.size()) >= limit) break;
      auto draft = draftFromRecord(n);
      if (!draft.isOk()) continue;
      auto groups = resolveTarget(org_, draft->target);
      if (!groups.isOk() || !visibleTo(who, org_, *groups)) continue;
      if (skipped < offset) {
        ++skipped;
        continue;
      }
      nlohmann::json j = noticeSummary(n);
      nlohmann::json counts = nlohmann::json::object();
      for (DeliveryStatus s : {DeliveryStatus::kPending, DeliveryStatus::kQueued, DeliveryStatus::kCancelled,
                               DeliveryStatus::kSkipped}) {
        auto c = tx.notices().countDeliveries(n.id, s);
        if (c.isOk() && *c > 0) counts[std::string(toString(s))] = *c;
      }
      j["deliveries"] = counts;
      out.push_back(std::move(j));
    }
    return Status::ok();
  }));
  return out;
}

Status NoticeService::tick() {
  for (int i = 0; i < settings_.tick_max_batches; ++i) {
    int processed = 0;
    GG_RETURN_IF_ERROR(tickBatch(&processed));
    if (processed < settings_.tick_batch) break;
  }
  return store_.write([&](Tx& tx) { return settleNoticeOutcomes(tx, clock_.now()).status(); });
}

Status NoticeService::tickBatch(int* processed) {
  return store_.write([&](Tx& tx) -> Status {
    const Millis now = clock_.now();
    auto due = tx.notices().dueDeliveries(now, settings_.tick_batch);
    if (!due.isOk()) return due.status();
    *processed = static_cast<int>(due->size());
    std::map<int64_t, std::optional<std::pair<NoticeRecord, NoticeDraft>>> notices;
    std::set<int64_t> touched;
    for (auto& d : *due) {
      auto it = notices.find(d.notice_id);
      if (it == notices.end()) {
        auto got = tx.notices().get(d.notice_id);
        if (!got.isOk()) return got.status();
        std::optional<std::pair<NoticeRecord, NoticeDraft>> entry;
        if (got->has_value()) {
          auto draft = draftFromRecord(**got);
          if (draft.isOk()) entry.emplace(**got, *draft);
        }
        it = notices.emplace(d.notice_id, std::move(entry)).first;
      }
      touched.insert(d.notice_id);
      if (!it->second) {
        d.status = DeliveryStatus::kFailed;
        d.error = "notice missing or corrupt";
        GG_RETURN_IF_ERROR(tx.notices().updateDelivery(d));
        continue;
      }
      const NoticeRecord& n = it->second->first;
      const NoticeDraft& draft = it->second->second;
      Millis send_at = now;
      if (settings_.quiet_enabled && !(n.urgent && settings_.urgent_ignores_quiet_hours)) {
        send_at = shiftOutOfQuiet(now, settings_.quiet_start_minute, settings_.quiet_end_minute);
      }
      std::string skip;
      if (n.status == NoticeStatus::kCancelled) {
        d.status = DeliveryStatus::kCancelled;
        d.error = "notice cancelled";
      } else if (n.status == NoticeStatus::kPendingApproval) {
        skip = "not approved";  // deliveries are rebuilt on approval; never send these
      } else if (n.deadline && send_at >= n.deadline) {
        skip = "deadline passed before it could be sent";
      } else if (!settings_.send_late_if_before_deadline && now - d.due_at > settings_.late_grace) {
        skip = "send time missed while the server was down";
      }
      if (!skip.empty()) {
        d.status = DeliveryStatus::kSkipped;
        d.error = skip;
      }
      if (d.status != DeliveryStatus::kPending) {
        GG_RETURN_IF_ERROR(tx.notices().updateDelivery(d));
        continue;
      }
      const Grid* grid = org_.grid(d.grid_id);
      const Community* community = org_.community(d.community_id);
      OutboundMessage m;
      m.channel = outboundChannel(d.channel);
      m.target_kind = TargetKind::kGroup;
      m.target = d.group_id;
      m.text = noticeText(draft, d.send_kind, send_at, noticeVars(draft, grid, community), catalog_);
      m.mention_all = n.mention_all;
      if (isSmsDelivery(d)) {
        auto reachable = addressSmsDelivery(tx, d, &m);
        if (!reachable.isOk()) return reachable.status();
        if (!*reachable) {
          d.status = DeliveryStatus::kSkipped;
          d.error = "opted out (TD)";
          GG_RETURN_IF_ERROR(tx.notices().updateDelivery(d));
          continue;
        }
      }
      auto outbox_id = queueOutbound(
          tx, m, "notice:" + std::to_string(n.id) + ":" + d.send_kind + ":" + std::string(toString(m.channel)) + ":" + d.group_id,
          {SourceKind::kNotice, n.id, d.community_id, d.grid_id, -1, n.deadline}, now, send_at);
      if (!outbox_id.isOk()) return outbox_id.status();
      d.status = DeliveryStatus::kQueued;
      d.outbox_id = *outbox_id;
      GG_RETURN_IF_ERROR(tx.notices().updateDelivery(d));
    }
    for (int64_t id : touched) {
      auto& entry = notices[id];
      if (!entry) continue;
      NoticeRecord& n = entry->first;
      if (n.status != NoticeStatus::kScheduled && n.status != NoticeStatus::kSending) continue;
      auto pending = tx.notices().countDeliveries(id, DeliveryStatus::kPending);
      if (!pending.isOk()) return pending.status();
      // Every delivery queued is not every message sent: notice_outcome settles done, partial
      // or failed from the outbox rows.
      const NoticeStatus next = NoticeStatus::kSending;
      if (next == n.status) continue;
      if (n.status == NoticeStatus::kScheduled) GG_RETURN_IF_ERROR(audit(tx, id, now, "system", "send", ""));
      n.status = next;
      n.updated_at = now;
      GG_RETURN_IF_ERROR(tx.notices().update(n));
    }
    return Status::ok();
  });
}

Result<std::optional<OutboundMessage>> NoticeService::answerFor(Tx& tx, const InboundEnvelope& env,
                                                                const std::string& grid_id,
                                                                Millis now) {
  using Answer = std::optional<OutboundMessage>;
  if (env.from_self) return Answer();
  if (env.chat_type != ChatType::kGroup || env.group_id.empty()) return answerPerson(tx, env, grid_id, now);
  auto last = tx.notices().lastAnswerAt(env.channel, env.group_id);
  if (!last.isOk()) return last.status();
  if (*last != 0 && now - *last < settings_.answer_cooldown) return Answer();
  auto deliveries = tx.notices().deliveriesForGroup(env.channel, env.group_id);
  if (!deliveries.isOk()) return deliveries.status();
  std::set<int64_t> seen;
  for (const auto& d : *deliveries) {
    // Only notices whose first message already reached (or is on its way to) this group.
    if (d.send_kind != "initial" || d.status != DeliveryStatus::kQueued) continue;
    if (!seen.insert(d.notice_id).second) continue;
    auto got = tx.notices().get(d.notice_id);
    if (!got.isOk()) return got.status();
    if (!got->has_value()) continue;
    const NoticeRecord& n = **got;
    if (n.status == NoticeStatus::kCancelled || n.status == NoticeStatus::kPendingApproval) continue;
    if (n.deadline && now >= n.deadline) continue;
    auto draft = draftFromRecord(n);
    if (!draft.isOk() || !isQuestionAbout(env.text, draft->keywords)) continue;
    const Grid* grid = org_.grid(grid_id.empty() ? d.grid_id : grid_id);
    const Community* community = grid ? org_.community(grid->community_id) : nullptr;
    OutboundMessage m;
    m.channel = outboundChannel(env.channel);
    m.target_kind = TargetKind::kGroup;
    m.target = env.group_id;
    m.text = answerText(*draft, noticeVars(*draft, grid, community), catalog_);
    m.reply_to = env.platform_msg_id;
    if (!env.sender_id.empty()) m.mention_user_ids.push_back(env.sender_id);
    GG_RETURN_IF_ERROR(
        tx.notices().recordAnswer(env.channel, env.group_id, n.id, env.platform_msg_id, now));
    return Answer(std::move(m));
  }
  return Answer();
}

Result<std::optional<OutboundMessage>> NoticeService::answerPerson(Tx& tx, const InboundEnvelope& env,
                                                                   const std::string& grid_id,
                                                                   Millis now) {
  using Answer = std::optional<OutboundMessage>;
  const Grid* grid = org_.grid(grid_id);
  if (!grid || env.sender_id.empty()) return Answer();
  const Community* community = org_.community(grid->community_id);
  auto in_force = noticesInForce(tx, org_, *grid, now);
  if (!in_force.isOk()) return in_force.status();
  for (const NoticeInForce& f : *in_force) {
    if (!isQuestionAbout(env.text, f.draft.keywords)) continue;
    // The person asked directly: the answer goes back the way they came — a hotline caller
    // by SMS to the calling number, a WeCom resident through the app, a QQ private chat there.
    OutboundMessage m;
    if (env.channel == Channel::kHotline || env.channel == Channel::kSms) {
      m.channel = Channel::kSms;
      m.target_kind = TargetKind::kPhone;
    } else if (env.channel == Channel::kWeCom) {
      m.channel = Channel::kWeComApp;
      m.target_kind = TargetKind::kUser;
    } else {
      m.channel = env.channel;
      m.target_kind = TargetKind::kUser;
    }
    m.target = env.sender_id;
    m.text = answerText(f.draft, noticeVars(f.draft, grid, community), catalog_);
    GG_RETURN_IF_ERROR(tx.notices().recordAnswer(env.channel, "", f.record.id, env.platform_msg_id, now));
    return Answer(std::move(m));
  }
  return Answer();
}

}  // namespace gg
