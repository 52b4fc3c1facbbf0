// TicketService::act and ::onTimer: what each action does once the lifecycle table
// (ticket_lifecycle.h) has allowed it, and what the people concerned are told.
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "bot/ticket_service.h"
#include "bot/ticket_text.h"
#include "core/log.h"

namespace gg {
namespace {

// A rating is one score 1-5 at the start, written "5", "５", "五", optionally followed by 分/星
// and then a space, punctuation or a comment. "10", "-3", "5x", "0" are refused (0), never
// read as a digit they happen to contain.
int parseRatingScore(const std::string& arg) {
  static const std::vector<std::pair<std::string, int>> kForms = {
      {"1", 1}, {"2", 2}, {"3", 3}, {"4", 4}, {"5", 5},
      {"\xEF\xBC\x91", 1}, {"\xEF\xBC\x92", 2}, {"\xEF\xBC\x93", 3}, {"\xEF\xBC\x94", 4},
      {"\xEF\xBC\x95", 5}, {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3}, {"四", 4}, {"五", 5}};
  size_t i = 0;
  while (i < arg.size() && (arg[i] == ' ' || arg[i] == '\t')) ++i;
  for (const auto& [form, value] : kForms) {
    if (arg.compare(i, form.size(), form) != 0) continue;
    size_t j = i + form.size();
    for (const char* unit : {"颗星", "星", "分"}) {
      const size_t n = std::char_traits<char>::length(unit);
      if (arg.compare(j, n, unit) == 0) {
        j += n;
        break;
      }
    }
    if (j == arg.size()) return value;
    const unsigned char next = static_cast<unsigned char>(arg[j]);
    // ASCII letters, digits, '.', '-' right after the score make it another token ("5x", "10").
    if (std::isalnum(next) || next == '.' || next == '-' || next == '_') return 0;
    if (arg.compare(j, 2, "\xEF\xBC") == 0 && j + 2 < arg.size() &&
        static_cast<unsigned char>(arg[j + 2]) >= 0x90 && static_cast<unsigned char>(arg[j + 2]) <= 0x99) {
      return 0;  // a full-width digit follows
    }
    if (value == 1 && form == "一" ) {
      // "一般" (so-so) is not a score of 1.
      if (arg.compare(j, 3, "般") == 0) return 0;
    }
    return value;
  }
  return 0;
}


}  // namespace

Status TicketService::refusal(Code code, std::string_view key, MessageCatalog::Vars vars) const {
  return Status(code, catalog_.text(key, vars));
}

Result<TicketRecord> TicketService::act(Tx& tx, int64_t id, const std::string& action_name,
                                        const Actor& actor, const std::string& argument, Millis now) {
  const std::string number = std::to_string(id);
  TicketAction action;
  if (!parseTicketAction(action_name, &action)) {
    return refusal(Code::kInvalidArgument, "refuse.unknown_action", {});
  }
  auto got = tx.tickets().get(id);
  if (!got.isOk()) return got.status();
  if (!got->has_value()) return refusal(Code::kNotFound, "refuse.no_ticket", {{"ticket", number}});
  TicketRecord t = **got;
  const TicketStatus from = t.status;
  const Transition& row = transitionFor(action);

  // Who may ask: the table says resident and/or staff; then the one scope rule (mayAct) or,
  // for residents, having reported this ticket.
  if (actor.kind == Actor::Kind::kResident) {
    if (!(row.by & kByResident)) return refusal(Code::kPermissionDenied, "refuse.resident_action", {{"ticket", number}});
    auto reps = tx.tickets().reporters(t.id);
    if (!reps.isOk()) return reps.status();
    const bool is_reporter = std::any_of(reps->begin(), reps->end(), [&](const TicketReporter& r) {
      return r.sender_id == actor.id && r.channel == actor.channel;
    });
    if (!is_reporter) return refusal(Code::kPermissionDenied, "refuse.not_reporter", {{"ticket", number}});
  } else if (const auto dept = actor.department()) {
    // A department takes, finishes or hands back what is assigned to it, nothing else.
    if (!(row.by & kByDepartment)) {
      return refusal(Code::kPermissionDenied, "refuse.department_action", {{"ticket", number}});
    }
    if (t.assignee_kind != AssigneeKind::kDepartment || t.assignee_id != *dept) {
      return refusal(Code::kPermissionDenied, "refuse.not_yours",
                     {{"ticket", number}, {"assignee", assigneeName(t)}});
    }
  } else if (actor.kind != Actor::Kind::kSystem) {
    if (!(row.by & kByStaff) || !mayAct(t, actor)) {
      return refusal(Code::kPermissionDenied, "refuse.not_yours",
                     {{"ticket", number}, {"assignee", assigneeName(t)}});
    }
  }
  if (!allowedFrom(row, t.status)) {
    if (action == TicketAction::kResolve && t.status == TicketStatus::kAssigned) {
      return refusal(Code::kConflict, "refuse.accept_first", {{"ticket", number}});
    }
    return refusal(Code::kConflict, "refuse.state",
                   {{"ticket", number}, {"state", catalog_.text("state." + std::string(toString(t.status)))},
                    {"action", catalog_.text(std::string("action.") + ticketActionName(action))}});
  }

  switch (action) {
    case TicketAction::kAccept: {
      t.status = *row.to;
      t.accepted_at = now;
      if (actor.kind == Actor::Kind::kWorker && t.assignee_kind != AssigneeKind::kWorker) {
        // A copied grid worker taking a department's ticket makes it theirs to chase.
        t.copied_worker_id = actor.worker->id;
      }
      GG_RETURN_IF_ERROR(tx.tickets().update(t));
      GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "accept", from, argument, now));
      GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));
      GG_RETURN_IF_ERROR(tellReporters(
          tx, t,
          catalog_.text("resident.accepted",
                        {{"ticket", number},
                         {"assignee", actorName(actor, t)},
                         {"resolve_by", hhmm(t.resolve_by)}}),
          eventKey(t, "accepted", now), now));
      return t;
    }
    case TicketAction::kResolve: {
      if (argument.empty()) return refusal(Code::kInvalidArgument, "refuse.resolve_note", {{"ticket", number}});
      t.status = *row.to;
      t.resolved_at = now;
      t.resolution = argument;
      if (t.resolve_by > 0 && now > t.resolve_by) t.overdue = true;
      GG_RETURN_IF_ERROR(tx.tickets().update(t));
      GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "resolve", from, argument, now));
      GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));
      GG_RETURN_IF_ERROR(tellReporters(
          tx, t,
          catalog_.text("resident.resolved",
                        {{"ticket", number}, {"actor", actorName(actor, t)}, {"resolution", argument}}),
          eventKey(t, "resolved", now), now));
      return t;
    }
    case TicketAction::kTransfer: {
      auto target = transferTarget(t, argument, now, tx);
      if (!target) return refusal(Code::kInvalidArgument, "refuse.unknown_target", {{"target", argument}});
      GG_RETURN_IF_ERROR(reassign(tx, t, *target, actor, "transfer", "", now));
      return t;
    }
    case TicketAction::kEscalate: {
      auto up = router_.escalate(t, argument.empty() ? "应要求上报" : argument);
      if (!up) return refusal(Code::kConflict, "refuse.top_level", {{"ticket", number}});
      GG_RETURN_IF_ERROR(reassign(tx, t, *up, actor, "escalate", argument, now));
      return t;
    }
    case TicketAction::kReject: {
      if (argument.empty()) return refusal(Code::kInvalidArgument, "refuse.reject_reason", {{"ticket", number}});
      if (actor.department() && !t.grid_id.empty()) {
        // A department hands the ticket back to the grid it came from, to its worker on duty.
        if (auto grid = transferTarget(t, t.grid_id, now, tx)) {
          grid->reason = "退回：" + argument;
          GG_RETURN_IF_ERROR(reassign(tx, t, *grid, actor, "reject", argument, now));
          return t;
        }
      }
      Assignment back;
      if (!t.community_id.empty()) {
        back.level = Level::kCommunity;
        back.assignee_kind = AssigneeKind::kCommunity;
        back.assignee_id = t.community_id;
      } else {
        back.level = Level::kStreet;
        back.assignee_kind = AssigneeKind::kStreet;
        back.assignee_id = org_.org().street.id;
      }
      back.reason = "退回：" + argument;
      GG_RETURN_IF_ERROR(reassign(tx, t, back, actor, "reject", argument, now));
      t.status = *row.to;  // waits for the community to dispatch it again
      GG_RETURN_IF_ERROR(tx.tickets().update(t));
      return t;
    }
    case TicketAction::kReopen: {
      t.status = *row.to;
      t.reopen_count += 1;
      t.resolved_at = 0;
      t.closed_at = 0;
      if (t.reopen_count >= 2) t.flagged = true;
      const Deadline d = policy_.deadlineFor(t.intent, t.category, t.urgency);
      const Millis start = policy_.clockStart(now, t.urgency);
      t.accept_by = start + d.accept_minutes * kMinute;
      t.resolve_by = policy_.resolveBy(start, d);
      GG_RETURN_IF_ERROR(tx.tickets().update(t));
      GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "reopen", from, argument, now));
      GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));
      GG_RETURN_IF_ERROR(tellAssignee(
          tx, t,
          catalog_.text("worker.reopened", {{"ticket", number},
                                            {"reason", argument.empty() ? "" : "：" + argument},
                                            {"accept_by", hhmm(t.accept_by)}}),
          eventKey(t, "reopened", now), now));
      return t;
    }
    case TicketAction::kRate: {
      const int score = parseRatingScore(argument);
      if (score == 0) return refusal(Code::kInvalidArgument, "refuse.bad_rating", {{"ticket", number}});
      const std::string points = std::to_string(score);
      t.rating = score;
      t.rated_at = now;
      GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "rate", from, points, now));
      if (score <= policy_.low_rating) {
        // Unhappy: the ticket goes back, the community looks at it, and the resident is told.
        t.flagged = true;
        GG_RETURN_IF_ERROR(tx.tickets().update(t));
        auto reopened = act(tx, id, "reopen", Actor::system(), "评价" + points + "分", now);
        if (!reopened.isOk()) return reopened.status();
        if (const Community* cm = org_.community(t.community_id)) {
          GG_RETURN_IF_ERROR(notifier_.toContact(
              tx, cm->contact, catalog_.text("community.low_rating", {{"ticket", number}, {"score", points}}),
              eventKey(t, "low-rating", now), t.id, cm->id, now));
        }
        GG_RETURN_IF_ERROR(tellReporters(
            tx, *reopened,
            catalog_.text("resident.low_rating_reopened", {{"ticket", number}, {"score", points}}),
            eventKey(t, "low-rating-resident", now), now));
        return *reopened;
      }
      if (t.status == TicketStatus::kResolved) {
        t.status = TicketStatus::kClosed;
        t.closed_at = now;
        GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "close", TicketStatus::kResolved, "居民评价" + points + "分", now));
      }
      GG_RETURN_IF_ERROR(tx.tickets().update(t));
      GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));
      return t;
    }
    case TicketAction::kClose: {
      t.status = *row.to;
      t.closed_at = now;
      GG_RETURN_IF_ERROR(tx.tickets().update(t));
      GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "close", from, argument, now));
      GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));
      return t;
    }
  }
  return refusal(Code::kInvalidArgument, "refuse.unknown_action", {});
}

Status TicketService::onTimer(Tx& tx, const TimerRecord& timer, Millis now) {
  auto got = tx.tickets().get(timer.ref_id);
  if (!got.isOk()) return got.status();
  if (!got->has_value()) return Status::ok();
  TicketRecord t = **got;
  if (timer.kind == "ticket.autoclose") {
    if (t.status != TicketStatus::kResolved) return Status::ok();
    t.status = TicketStatus::kClosed;
    t.closed_at = now;
    GG_RETURN_IF_ERROR(tx.tickets().update(t));
    return appendEvent(tx, t, Actor::system(), "close", TicketStatus::kResolved,
                       std::to_string(policy_.autoclose_hours) + "小时内居民无异议，自动结单", now);
  }
  const bool accept_overdue = timer.kind == "ticket.accept_by" && (t.status == TicketStatus::kNew || t.status == TicketStatus::kAssigned);
  const bool resolve_overdue = timer.kind == "ticket.resolve_by" && isOpenStatus(t.status);
  if (!accept_overdue && !resolve_overdue) return Status::ok();
  t.overdue = true;
  const std::string why =
      accept_overdue ? catalog_.text("overdue.not_accepted", {{"time", hhmm(t.accept_by)}})
                     : catalog_.text("overdue.not_resolved", {{"time", hhmm(t.resolve_by)}});
  GG_RETURN_IF_ERROR(tx.tickets().update(t));
  GG_RETURN_IF_ERROR(appendEvent(tx, t, Actor::system(), "overdue", t.status, why, now));
  auto up = router_.escalate(t, why);
  // A department that missed its deadline hands the ticket to the street for good: the street
  // re-assigns it by hand, it does not bounce back to the department by timer.
  if (t.level == Level::kStreet && t.street_hold) up.reset();
  if (up && t.level == Level::kDepartment) t.street_hold = true;
  if (!up || t.escalations >= 3) {
    // At the top: keep chasing the current owner instead of bouncing further.
    return notifier_.toAssignee(tx, t.assignee_kind, t.assignee_id,
                                catalog_.text("worker.overdue", {{"ticket", std::to_string(t.id)}, {"why", why}}),
                                eventKey(t, "chase", now), t.id, now);
  }
  log::info("ticket {} overdue, escalating {} -> {}", t.id, toString(t.level), toString(up->level));
  return reassign(tx, t, *up, Actor::system(), "escalate", catalog_.text("overdue.escalated", {{"why", why}}),
                  now);
}

}  // namespace gg
