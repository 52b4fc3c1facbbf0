// A resident's follow-up on a matter that already has an open ticket: a complaint that it is still
// not fixed urges (or escalates) that ticket instead of opening a second one; a report that it is
// fixed is written on the ticket's timeline for its owner, who decides whether to close it.

#include "bot/ticket_service.h"
#include "bot/ticket_text.h"
#include "core/text.h"

namespace gg {

Result<std::optional<TicketRecord>> TicketService::openTicketAbout(Tx& tx, const InboundEnvelope& env,
                                                                   const Classification& c,
                                                                   const Placement& where) {
  if (where.routed() && c.hasIntent()) {
    auto dup = tx.tickets().findOpenDuplicate(where.grid_id, c.intent, where.place_key, 0);
    if (!dup.isOk() || dup->has_value()) return dup;
  }
  auto last = tx.tickets().lastByReporter(env.channel, env.sender_id);
  if (!last.isOk()) return last.status();
  if (!last->has_value()) return std::optional<TicketRecord>();
  const TicketRecord& t = **last;
  // Thanks or chit-chat read beside the follow-up ("修好了，谢谢") is no topic of its own.
  const bool no_topic = !c.hasIntent() || (c.category == "social" && c.topic_category.empty());
  const bool same_topic = no_topic || t.intent == c.intent ||
                          (!c.topic_category.empty() && t.category == c.topic_category) ||
                          (c.topic_category.empty() && t.category == c.category);
  if (!isOpenStatus(t.status) || !same_topic) return std::optional<TicketRecord>();
  return last;
}

Result<TicketRecord> TicketService::urge(Tx& tx, TicketRecord t, const MessageRecord& msg,
                                         const Classification& c, Millis now) {
  const InboundEnvelope& env = msg.envelope;
  auto reporters = tx.tickets().reporters(t.id);
  if (!reporters.isOk()) return reporters.status();
  bool known = false;
  for (const auto& r : *reporters) known = known || (r.channel == env.channel && r.sender_id == env.sender_id);
  if (!known) {
    TicketReporter reporter = reporterOf(msg, now);
    reporter.ticket_id = t.id;
    GG_RETURN_IF_ERROR(tx.tickets().addReporter(reporter));
    t.reporters += 1;
    GG_RETURN_IF_ERROR(tx.tickets().update(t));
  }
  const Actor resident{Actor::Kind::kResident, env.sender_id, env.channel, nullptr, std::nullopt};
  const std::string said = shortText(maskPhonesInText(env.text), 60);
  GG_RETURN_IF_ERROR(appendEvent(tx, t, resident, "urge", t.status, said, now));
  const std::string number = std::to_string(t.id);

  // Overdue already, or the resident is about to take it outside (12345, the media): the level
  // above takes it now rather than at the next deadline. Three escalations is the ceiling the
  // deadline timers keep too.
  const bool escalate_now = (t.overdue || c.flags.escalation_threat) && t.escalations < 3;
  if (escalate_now) {
    if (auto up = router_.escalate(t, catalog_.text("urge.escalated", {{"text", said}}))) {
      GG_RETURN_IF_ERROR(reassign(tx, t, *up, resident, "escalate", up->reason, now));
    }
  } else {
    GG_RETURN_IF_ERROR(tellAssignee(
        tx, t, catalog_.text("worker.urged", {{"ticket", number}, {"label", t.intent_label}, {"text", said}}),
        eventKey(t, "urge:" + env.sender_id, now), now));
  }
  GG_RETURN_IF_ERROR(notifier_.toResident(
      tx, ResidentAddress::of(env),
      catalog_.text("resident.ack_urged",
                    {{"ticket", number}, {"assignee", assigneeName(t)}}),
      eventKey(t, "urge-ack:" + env.sender_id, now), t.id, now));
  return t;
}

Status TicketService::recordResolvedReport(Tx& tx, const TicketRecord& t, const MessageRecord& msg,
                                           Millis now) {
  const InboundEnvelope& env = msg.envelope;
  const Actor resident{Actor::Kind::kResident, env.sender_id, env.channel, nullptr, std::nullopt};
  const std::string said = shortText(maskPhonesInText(env.text), 60);
  GG_RETURN_IF_ERROR(appendEvent(tx, t, resident, "resident_resolved", t.status, said, now));
  return tellAssignee(
      tx, t, catalog_.text("worker.resident_resolved", {{"ticket", std::to_string(t.id)}, {"text", said}}),
      eventKey(t, "resolved-report:" + env.sender_id, now), now);
}

}  // namespace gg
