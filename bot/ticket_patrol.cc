// TicketService::openPatrol: a grid worker's patrol report (网格员直报) becomes a ticket the
// worker already holds, or the owning department's with the worker copied. Kept apart from
// open(): no duplicate merging (the worker is reporting what they see, not joining residents),
// no resident acknowledgement, no emergency paging of the worker who is already there.

#include "bot/ticket_service.h"
#include "bot/ticket_text.h"
#include "core/text.h"

namespace gg {

Result<TicketRecord> TicketService::openPatrol(Tx& tx, const MessageRecord& msg, const Classification& c,
                                               const Worker& worker, Millis now) {
  const InboundEnvelope& env = msg.envelope;
  const Grid* grid = org_.grid(worker.grid_id);
  if (!grid) return notFound("worker " + worker.id + " has no grid");
  Placement where;
  where.grid_id = grid->id;
  where.community_id = grid->community_id;
  where.reason = catalog_.text("patrol.reason", {{"worker", worker.name}});
  // The place the report names, when it is in the worker's own grid, keys later duplicates.
  const Placement named = router_.place(env, c, std::nullopt);
  if (named.grid_id == grid->id) where.place_key = named.place_key;

  TicketRecord t = draftTicket(msg, c, where, now);
  t.source = "patrol";
  t.reporter_name = worker.name;

  const Assignment a = router_.assign(where, c, now, OpenLoadInTx(tx));
  const bool to_department = a.level == Level::kDepartment;
  if (to_department) {
    a.applyTo(t);
    t.copied_worker_id = worker.id;
    t.status = TicketStatus::kAssigned;
  } else {
    // The grid can handle it: the worker who found it holds it, already accepted.
    t.level = Level::kGrid;
    t.assignee_kind = AssigneeKind::kWorker;
    t.assignee_id = worker.id;
    t.assign_reason = where.reason;
    t.status = TicketStatus::kAccepted;
    t.accepted_at = now;
  }
  auto id = tx.tickets().insert(t);
  if (!id.isOk()) return id.status();
  t.id = *id;
  TicketReporter reporter = reporterOf(msg, now);
  reporter.ticket_id = t.id;
  reporter.sender_name = worker.name;
  GG_RETURN_IF_ERROR(tx.tickets().addReporter(reporter));
  Actor actor;
  actor.kind = Actor::Kind::kWorker;
  actor.id = worker.id;
  actor.worker = &worker;
  GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "create", std::nullopt, shortText(env.text, 80), now));
  GG_RETURN_IF_ERROR(appendEvent(tx, t, to_department ? Actor::system() : actor,
                                 to_department ? "assign" : "accept", TicketStatus::kNew, t.assign_reason, now));
  GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));

  const std::string number = std::to_string(t.id);
  if (to_department) {
    const std::string place = where.place_key.empty() ? "" : "（" + where.place_key + "）";
    GG_RETURN_IF_ERROR(notifier_.toAssignee(
        tx, t.assignee_kind, t.assignee_id,
        catalog_.text("worker.new", {{"ticket", number}, {"label", c.label}, {"place", place},
                                     {"text", shortText(maskPhonesInText(env.text), 60)},
                                     {"basis", basisLine(t)}, {"accept_by", hhmm(t.accept_by)}}),
        eventKey(t, "assigned", now) + ":assignee", t.id, now));
  }
  const std::string ack =
      to_department
          ? catalog_.text("patrol.ack_department", {{"ticket", number}, {"label", c.label}, {"assignee", assigneeName(t)}})
          : catalog_.text("patrol.ack_accepted",
                          {{"ticket", number}, {"label", c.label}, {"resolve_by", hhmm(t.resolve_by)}});
  // Through the API the answer carries the number: there is no chat to write back to.
  if (env.channel == Channel::kApi) return t;
  GG_RETURN_IF_ERROR(notifier_.toResident(tx, ResidentAddress::of(env), ack, eventKey(t, "patrol-ack", now), t.id, now));
  return t;
}

}  // namespace gg
