#include "bot/opinion/opinion_watch.h"

#include <algorithm>
#include <map>
#include <vector>

#include "bot/notices/schedule.h"
#include "bot/notifier.h"
#include "bot/outbox_queue.h"
#include "core/log.h"

namespace gg {
namespace {

constexpr const char* kDigestTimer = "opinion.digest";
constexpr int kHeatingMin = 3;  // flagged messages in a day before a group counts as heating up

std::string groupLabel(const OrgIndex& org, const MessageCatalog& say, Channel channel,
                       const std::string& group) {
  const Grid* g = org.gridForGroup(channel, group);
  return say.text("opinion.group", {{"grid", g ? g->name : say.text("opinion.unknown_grid")}, {"group", group}});
}

std::string alertText(const OrgIndex& org, const MessageCatalog& say, const AlertRecord& a, Millis window) {
  return say.text(
      "opinion.alert",
      {{"group", groupLabel(org, say, a.channel, a.group_id)},
       {"minutes", std::to_string(window / kMinute)},
       {"count", std::to_string(a.negative_count)},
       {"residents", std::to_string(a.residents)},
       {"subject", a.subject.empty() ? "" : say.text("opinion.alert_subject", {{"subject", a.subject}})},
       {"threats", a.escalations > 0 ? say.text("opinion.alert_threats", {{"count", std::to_string(a.escalations)}})
                                     : ""}});
}

bool flagged(const OpinionEvent& e) { return e.negative || e.complaint || e.escalation; }

}  // namespace

OpinionWatch::OpinionWatch(Store& store, const OrgIndex& org, OpinionSettings settings,
                           const MessageCatalog& catalog)
    : store_(store), org_(org), settings_(std::move(settings)), catalog_(catalog) {}

Status OpinionWatch::observe(Tx& tx, const MessageRecord& msg, bool negative, bool complaint,
                             bool escalation_threat, const std::string& subject, Millis now) {
  const InboundEnvelope& env = msg.envelope;
  if (env.from_self || env.chat_type != ChatType::kGroup || env.group_id.empty()) return Status::ok();
  const bool is_flagged = negative || complaint || escalation_threat;
  if (!is_flagged && subject.empty()) return Status::ok();
  OpinionEvent e;
  e.message_id = msg.id;
  e.channel = env.channel;
  e.group_id = env.group_id;
  e.grid_id = msg.grid_id;
  e.community_id = msg.community_id;
  if (e.grid_id.empty() || e.community_id.empty()) {
    if (const Grid* g = org_.gridForGroup(env.channel, env.group_id)) {
      e.grid_id = g->id;
      e.community_id = g->community_id;
    }
  }
  e.sender_id = env.sender_id;
  e.subject = subject;
  e.negative = negative;
  e.complaint = complaint;
  e.escalation = escalation_threat;
  e.at = now;
  auto fresh = tx.alerts().recordEvent(e);
  if (!fresh.isOk()) return fresh.status();
  if (!*fresh || !is_flagged) return Status::ok();

  auto cleared = tx.alerts().clearStale(now, settings_.window);
  if (!cleared.isOk()) return cleared.status();
  auto stats = tx.alerts().groupStats(e.channel, e.group_id, now - settings_.window, now);
  if (!stats.isOk()) return stats.status();
  auto open = tx.alerts().openAlert(e.channel, e.group_id);
  if (!open.isOk()) return open.status();
  if (open->has_value()) {
    // Still the same episode: keep the numbers current, tell nobody again.
    AlertRecord a = **open;
    a.last_event_at = now;
    a.negative_count = std::max(a.negative_count, stats->flagged);
    a.residents = std::max(a.residents, stats->residents);
    a.escalations = std::max(a.escalations, stats->escalations);
    if (!stats->top_subject.empty()) a.subject = stats->top_subject;
    // The stored summary states the stored counts (the notification already sent keeps its own
    // words in its outbox row).
    a.summary = alertText(org_, catalog_, a, settings_.window);
    return tx.alerts().update(a);
  }
  if (stats->flagged < settings_.min_negative || stats->residents < settings_.min_residents) {
    return Status::ok();
  }
  AlertRecord a;
  a.community_id = e.community_id;
  a.channel = e.channel;
  a.group_id = e.group_id;
  a.grid_id = e.grid_id;
  a.opened_at = now;
  a.last_event_at = now;
  a.negative_count = stats->flagged;
  a.residents = stats->residents;
  a.escalations = stats->escalations;
  a.subject = stats->top_subject;
  a.summary = alertText(org_, catalog_, a, settings_.window);
  auto id = tx.alerts().insert(a);
  if (!id.isOk()) return id.status();
  a.id = *id;
  const Community* c = org_.community(a.community_id);
  // The community's duty contact, by its reach order, with fallbacks (bot/staff_reach.h).
  Result<int64_t> outbox_id = int64_t{0};
  if (c) {
    outbox_id = Notifier(org_, Channel::kWeComApp).queueToContact(
        tx, c->contact, StaffRole::kCommunity, a.summary, "alert:" + std::to_string(a.id),
        {SourceKind::kAlert, a.id, a.community_id, a.grid_id}, now);
    if (!outbox_id.isOk()) return outbox_id.status();
  }
  if (*outbox_id != 0) {
    a.outbox_id = *outbox_id;
    GG_RETURN_IF_ERROR(tx.alerts().update(a));
  } else {
    log::warn("opinion alert id={} community={} has no contact to notify", a.id,
              a.community_id);
  }
  log::info("opinion alert raised id={} group={} flagged={} residents={}", a.id, a.group_id,
            a.negative_count, a.residents);
  return Status::ok();
}

Status OpinionWatch::sweep(Millis now) {
  return store_.write(
      [&](Tx& tx) { return tx.alerts().clearStale(now, settings_.window).status(); });
}

Status OpinionWatch::dailyDigest(Millis now) {
  if (chinaMinuteOfDay(now) < settings_.digest_minute) return Status::ok();
  GG_RETURN_IF_ERROR(sweep(now));
  const std::string date = formatChinaDate(now);
  return store_.write([&](Tx& tx) -> Status {
    auto timers = tx.timers().forRef(kDigestTimer, 0);
    if (!timers.isOk()) return timers.status();
    for (const auto& t : *timers) {
      if (t.key == date && t.fired_at != 0) return Status::ok();  // already sent today
    }
    for (const auto& c : org_.org().communities) {
      auto events = tx.alerts().communityEvents(c.id, now - 2 * kDay, now);
      if (!events.isOk()) return events.status();
      std::map<std::string, int> subjects;
      using GroupKey = std::pair<Channel, std::string>;    // (channel, group id)
      std::map<GroupKey, std::pair<int, int>> groups;      // → (today, the day before)
      int today_flagged = 0;
      for (const auto& e : *events) {
        if (!flagged(e)) continue;
        const GroupKey key{e.channel, e.group_id};
        if (e.at >= now - kDay) {
          ++today_flagged;
          ++groups[key].first;
          if (!e.subject.empty()) ++subjects[e.subject];
        } else {
          ++groups[key].second;
        }
      }
      auto alerts = tx.alerts().list(c.id, false, 100, 0);
      if (!alerts.isOk()) return alerts.status();
      const auto raised = std::count_if(alerts->begin(), alerts->end(),
                                        [&](const AlertRecord& a) { return a.opened_at >= now - kDay; });
      if (today_flagged == 0 && raised == 0) continue;
      std::vector<std::pair<std::string, int>> top(subjects.begin(), subjects.end());
      std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
      });
      if (top.size() > 3) top.resize(3);
      std::string topics;
      for (size_t i = 0; i < top.size(); ++i) {
        topics += (i ? "、" : "") + top[i].first + "(" + std::to_string(top[i].second) + ")";
      }
      std::string heating;
      for (const auto& [key, n] : groups) {
        if (n.first >= kHeatingMin && n.first > n.second) {
          heating += "\n· " + groupLabel(org_, catalog_, key.first, key.second) + " " +
                     std::to_string(n.second) + "→" + std::to_string(n.first);
        }
      }
      const std::string text = catalog_.text(
          "opinion.digest",
          {{"community", c.name}, {"date", date}, {"count", std::to_string(today_flagged)},
           {"alerts", std::to_string(raised)},
           {"topics", topics.empty() ? "" : catalog_.text("opinion.digest_topics", {{"topics", topics}})},
           {"heating", heating.empty() ? "" : catalog_.text("opinion.digest_heating", {{"groups", heating}})}});
      auto id = Notifier(org_, Channel::kWeComApp).queueToContact(
          tx, c.contact, StaffRole::kCommunity, text, "digest:" + c.id + ":" + date,
          {SourceKind::kDigest, 0, c.id, ""}, now);
      if (!id.isOk()) return id.status();
    }
    TimerRecord t;
    t.kind = kDigestTimer;
    t.ref_id = 0;
    t.key = date;
    t.due_at = now;
    GG_RETURN_IF_ERROR(tx.timers().schedule(t));
    auto mine = tx.timers().forRef(kDigestTimer, 0);
    if (!mine.isOk()) return mine.status();
    for (const auto& row : *mine) {
      if (row.key == date) return tx.timers().markFired(row.id, now).status();
    }
    return internalError("digest timer vanished");
  });
}

}  // namespace gg
