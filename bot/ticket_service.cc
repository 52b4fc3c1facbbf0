#include "bot/ticket_service.h"

#include "bot/ticket_text.h"

#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include <algorithm>

#include "core/log.h"
#include "core/text.h"

namespace gg {
namespace {





const std::map<std::string, std::string>& departmentAliases() {
  static const std::map<std::string, std::string> kAliases = {
      {"城管", "urban_management"}, {"城市管理", "urban_management"}, {"物业", "property"},
      {"自来水", "water"}, {"供水", "water"}, {"水务", "water"}, {"供电", "power"},
      {"电力", "power"}, {"燃气", "gas"}, {"煤气", "gas"}, {"供暖", "heating"},
      {"热力", "heating"}, {"派出所", "police"}, {"公安", "police"}, {"民政", "civil_affairs"},
      {"医保", "medical_insurance"}, {"人社", "human_resources"}, {"社保", "human_resources"},
      {"市场监管", "market_supervision"}, {"消防", "fire"}};
  return kAliases;
}

}  // namespace

std::string Actor::kindName() const {
  switch (kind) {
    case Kind::kSystem: return "system";
    case Kind::kResident: return "resident";
    case Kind::kWorker: return "worker";
    case Kind::kToken: return "token";
    case Kind::kDepartment: return "department";
  }
  return "system";
}

std::optional<std::string> Actor::department() const {
  if (kind == Kind::kDepartment) return id;
  if (kind == Kind::kToken && principal && principal->role == Role::kDepartment) return principal->scope;
  return std::nullopt;
}

std::string TicketService::eventKey(const TicketRecord& t, const std::string& what, Millis now) const {
  return "ticket:" + std::to_string(t.id) + ":" + what + ":" + std::to_string(now);
}

Status TicketService::appendEvent(Tx& tx, const TicketRecord& t, const Actor& actor,
                                  const std::string& action, std::optional<TicketStatus> from,
                                  const std::string& note, Millis now) {
  TicketEvent e;
  e.ticket_id = t.id;
  e.at = now;
  e.actor_kind = actor.kindName();
  e.actor_id = actor.id;
  e.action = action;
  e.from_status = from ? std::string(toString(*from)) : std::string();
  e.to_status = toString(t.status);
  e.note = note;
  e.data = nlohmann::json{{"level", toString(t.level)}, {"assignee_kind", t.assignee_kind},
                          {"assignee_id", t.assignee_id}}.dump();
  return tx.tickets().appendEvent(e);
}

Status TicketService::armDeadlines(Tx& tx, const TicketRecord& t, Millis now) {
  GG_RETURN_IF_ERROR(tx.timers().cancel("ticket.", t.id));
  if (t.status == TicketStatus::kNew || t.status == TicketStatus::kAssigned) {
    TimerRecord a;
    a.kind = "ticket.accept_by";
    a.ref_id = t.id;
    a.due_at = std::max(t.accept_by, now);
    GG_RETURN_IF_ERROR(tx.timers().schedule(a));
  }
  if (isOpenStatus(t.status)) {
    TimerRecord r;
    r.kind = "ticket.resolve_by";
    r.ref_id = t.id;
    r.due_at = std::max(t.resolve_by, now);
    GG_RETURN_IF_ERROR(tx.timers().schedule(r));
  }
  if (t.status == TicketStatus::kResolved) {
    TimerRecord c;
    c.kind = "ticket.autoclose";
    c.ref_id = t.id;
    c.due_at = now + policy_.autoclose_hours * kHour;
    GG_RETURN_IF_ERROR(tx.timers().schedule(c));
  }
  return Status::ok();
}

Status TicketService::tellReporters(Tx& tx, const TicketRecord& t, const std::string& text,
                                    const std::string& key, Millis now) {
  auto reporters = tx.tickets().reporters(t.id);
  if (!reporters.isOk()) return reporters.status();
  for (const auto& r : *reporters) {
    const ChatType chat = !r.group_id.empty()      ? ChatType::kGroup
                          : r.channel == Channel::kHotline ? ChatType::kCall
                                                   : ChatType::kPrivate;
    ResidentAddress to{r.channel, chat, r.group_id, r.sender_id, r.platform_msg_id};
    GG_RETURN_IF_ERROR(notifier_.toResident(tx, to, text, key + ":" + std::string(toString(r.channel)) + ":" + r.sender_id,
                                            t.id, now));
  }
  return Status::ok();
}

Status TicketService::tellAssignee(Tx& tx, const TicketRecord& t, const std::string& text,
                                   const std::string& key, Millis now) {
  GG_RETURN_IF_ERROR(notifier_.toAssignee(tx, t.assignee_kind, t.assignee_id, text, key + ":assignee",
                                          t.id, now));
  if (!t.copied_worker_id.empty() && !(t.assignee_kind == AssigneeKind::kWorker && t.assignee_id == t.copied_worker_id)) {
    GG_RETURN_IF_ERROR(notifier_.toWorker(tx, t.copied_worker_id, catalog_.text("worker.copy", {{"text", text}}),
                                          key + ":cc", t.id, now));
  }
  return Status::ok();
}

TicketRecord TicketService::draftTicket(const MessageRecord& msg, const Classification& c,
                                        const Placement& where, Millis now) const {
  const InboundEnvelope& env = msg.envelope;
  TicketRecord t;
  t.status = TicketStatus::kNew;
  t.community_id = where.community_id;
  t.grid_id = where.grid_id;
  t.intent = c.intent;
  t.intent_label = c.label;
  t.category = c.category;
  t.dept_class = c.dept_class;
  t.urgency = c.urgency;
  t.description = env.text;
  t.location = c.toJson(true).value("entities", nlohmann::json::object()).dump();
  t.place_key = where.place_key;
  t.reporter_channel = env.channel;
  t.reporter_id = env.sender_id;
  t.reporter_name = env.sender_name;
  t.group_channel = env.group_id.empty() ? Channel::kNone : env.channel;
  t.group_id = env.group_id;
  t.source_platform_msg_id = env.platform_msg_id;
  t.source_message_id = msg.id;
  t.created_at = now;
  const Deadline d = policy_.deadlineFor(c.intent, c.category, t.urgency);
  const Millis start = policy_.clockStart(now, t.urgency);  // a night report waits for the morning
  t.accept_by = start + d.accept_minutes * kMinute;
  t.resolve_by = policy_.resolveBy(start, d);
  return t;
}

Result<OpenResult> TicketService::open(Tx& tx, const MessageRecord& msg, const Classification& c,
                                       const Placement& where, Millis now) {
  const InboundEnvelope& env = msg.envelope;
  TicketReporter reporter = reporterOf(msg, now);

  // The same need from several residents of one grid and place joins the open ticket.
  if (where.routed() && policy_.duplicate_window_minutes > 0) {
    auto dup = tx.tickets().findOpenDuplicate(where.grid_id, c.intent, where.place_key,
                                              now - policy_.duplicate_window_minutes * kMinute);
    if (!dup.isOk()) return dup.status();
    if (dup->has_value()) {
      TicketRecord t = **dup;
      reporter.ticket_id = t.id;
      GG_RETURN_IF_ERROR(tx.tickets().addReporter(reporter));
      t.reporters += 1;
      GG_RETURN_IF_ERROR(tx.tickets().update(t));
      Actor resident{Actor::Kind::kResident, env.sender_id, env.channel, nullptr, std::nullopt};
      GG_RETURN_IF_ERROR(appendEvent(tx, t, resident, "join", t.status, shortText(env.text), now));
      GG_RETURN_IF_ERROR(notifier_.toResident(
          tx, ResidentAddress::of(env),
          catalog_.text("resident.ack_duplicate",
                        {{"ticket", std::to_string(t.id)},
                         {"assignee", assigneeName(t)}}),
          eventKey(t, "join-ack:" + env.sender_id, now), t.id, now));
      return OpenResult{t, true};
    }
  }

  TicketRecord t = draftTicket(msg, c, where, now);
  if (!where.routed()) t.unrouted_reason = where.reason;

  const Assignment a = router_.assign(where, c, now, OpenLoadInTx(tx));
  a.applyTo(t);
  // A ticket only someone at community or street level can place stays "new" until dispatched.
  t.status = where.routed() ? TicketStatus::kAssigned : TicketStatus::kNew;

  auto id = tx.tickets().insert(t);
  if (!id.isOk()) return id.status();
  t.id = *id;
  reporter.ticket_id = t.id;
  GG_RETURN_IF_ERROR(tx.tickets().addReporter(reporter));
  Actor resident{Actor::Kind::kResident, env.sender_id, env.channel, nullptr, std::nullopt};
  GG_RETURN_IF_ERROR(appendEvent(tx, t, resident, "create", std::nullopt, shortText(env.text, 80), now));
  GG_RETURN_IF_ERROR(appendEvent(tx, t, Actor::system(), where.routed() ? "assign" : "unrouted", TicketStatus::kNew,
                                 a.reason, now));
  GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));

  const std::string who = assigneeName(t);
  const std::string number = std::to_string(t.id);
  std::string ack;
  if (t.urgency == Urgency::kEmergency) {
    ack = catalog_.text("resident.ack_emergency", {{"ticket", number}, {"assignee", who},
                                                   {"emergency_number", policy_.emergencyNumber(t.intent)}});
  } else if (where.routed()) {
    ack = catalog_.text("resident.ack", {{"ticket", number}, {"label", c.label}, {"assignee", who},
                                         {"accept_by", hhmm(t.accept_by)}});
  } else {
    ack = catalog_.text("resident.ack_unrouted", {{"ticket", number}, {"label", c.label}, {"assignee", who}});
  }
  GG_RETURN_IF_ERROR(notifier_.toResident(tx, ResidentAddress::of(env), ack, eventKey(t, "ack", now), t.id, now));

  const std::string place = where.place_key.empty() ? "" : "（" + where.place_key + "）";
  const std::string notice = catalog_.text(
      t.urgency == Urgency::kEmergency ? "worker.new_emergency" : "worker.new",
      {{"ticket", number}, {"label", c.label}, {"place", place}, {"text", shortText(maskPhonesInText(env.text), 60)},
       {"basis", basisLine(t)}, {"accept_by", hhmm(t.accept_by)}});
  GG_RETURN_IF_ERROR(tellAssignee(tx, t, notice, eventKey(t, "assigned", now), now));

  if (t.urgency == Urgency::kEmergency) {
    // Page everyone who can act at once: the grid's workers on duty, its leader, the community.
    if (const Grid* g = org_.grid(t.grid_id)) {
      for (const auto& w : g->workers) {
        if (w.id == t.assignee_id || w.id == t.copied_worker_id) continue;
        if (w.role == WorkerRole::kLeader || onDutyAt(w, now)) {
          GG_RETURN_IF_ERROR(notifier_.toWorker(tx, w.id, notice, eventKey(t, "page:" + w.id, now), t.id, now));
        }
      }
    }
    if (const Community* cm = org_.community(t.community_id)) {
      GG_RETURN_IF_ERROR(notifier_.toContact(tx, cm->contact, notice, eventKey(t, "page:community", now),
                                             t.id, cm->id, now));
    }
    GG_RETURN_IF_ERROR(appendEvent(tx, t, Actor::system(), "page", t.status,
                                   "emergency: worker, leader and community paged", now));
  }
  return OpenResult{t, false};
}

bool TicketService::mayAct(const TicketRecord& t, const Actor& actor) const {
  switch (actor.kind) {
    case Actor::Kind::kSystem: return true;
    case Actor::Kind::kResident: return false;  // residents only rate / reopen their own (checked in act)
    case Actor::Kind::kDepartment: return t.assignee_kind == AssigneeKind::kDepartment && t.assignee_id == actor.id;
    case Actor::Kind::kToken: {
      const Principal& p = *actor.principal;
      if (p.role == Role::kAdmin || p.role == Role::kStreet) return true;
      if (p.role == Role::kCommunity) return !t.community_id.empty() && p.scope == t.community_id;
      if (p.role == Role::kDepartment) return t.assignee_kind == AssigneeKind::kDepartment && t.assignee_id == p.scope;
      return p.role == Role::kGrid && !t.grid_id.empty() && p.scope == t.grid_id && t.level == Level::kGrid;
    }
    case Actor::Kind::kWorker: {
      const Worker* w = actor.worker;
      if (!w) return false;
      if (t.assignee_kind == AssigneeKind::kWorker && t.assignee_id == w->id) return true;
      if (t.copied_worker_id == w->id) return true;
      // The grid leader stands above the grid's workers.
      return w->role == WorkerRole::kLeader && !t.grid_id.empty() && w->grid_id == t.grid_id &&
             (t.level == Level::kGrid || t.level == Level::kDepartment);
    }
  }
  return false;
}

std::optional<Assignment> TicketService::transferTarget(const TicketRecord& t, const std::string& target,
                                                        Millis now, Tx& tx) const {
  if (target.empty()) return std::nullopt;
  Assignment a;
  a.copied_worker_id = t.assignee_kind == AssigneeKind::kWorker ? t.assignee_id : t.copied_worker_id;
  // A worker (id or name).
  for (const auto& c : org_.org().communities) {
    for (const auto& g : c.grids) {
      for (const auto& w : g.workers) {
        if (w.id == target || w.name == target) {
          a.level = Level::kGrid;
          a.assignee_kind = AssigneeKind::kWorker;
          a.assignee_id = w.id;
          a.copied_worker_id.clear();
          a.reason = "转给" + w.name;
          return a;
        }
      }
      if (g.id == target || g.name == target) {
        std::string why;
        if (const Worker* w = router_.onDuty(g, now, OpenLoadInTx(tx), &why)) {
          a.level = Level::kGrid;
          a.assignee_kind = AssigneeKind::kWorker;
          a.assignee_id = w->id;
          a.copied_worker_id.clear();
          a.reason = "转给" + g.name + "：" + why;
          return a;
        }
      }
    }
    if (c.id == target || c.name == target) {
      a.level = Level::kCommunity;
      a.assignee_kind = AssigneeKind::kCommunity;
      a.assignee_id = c.id;
      a.reason = "转给" + c.name;
      return a;
    }
  }
  // A department by id, name, or common short name (城管, 物业, 燃气 …).
  std::string kind;
  for (const auto& [alias, k] : departmentAliases()) {
    if (target.find(alias) != std::string::npos) { kind = k; break; }
  }
  const Department* d = org_.department(target);
  if (!d) {
    for (const auto& dep : org_.org().departments) {
      if (dep.name == target) { d = &dep; break; }
    }
  }
  if (!d && !kind.empty()) d = router_.departmentFor(kind, org_.grid(t.grid_id));
  if (d) {
    a.level = Level::kDepartment;
    a.assignee_kind = AssigneeKind::kDepartment;
    a.assignee_id = d->id;
    a.department_id = d->id;
    a.reason = "转给" + d->name;
    return a;
  }
  return std::nullopt;
}

Status TicketService::reassign(Tx& tx, TicketRecord& t, const Assignment& a, const Actor& actor,
                               const std::string& action, const std::string& note, Millis now) {
  const TicketRecord before = t;
  const TicketStatus from = t.status;
  t.level = a.level;
  t.assignee_kind = a.assignee_kind;
  t.assignee_id = a.assignee_id;
  if (!a.department_id.empty()) t.department_id = a.department_id;
  t.copied_worker_id = a.copied_worker_id;
  t.assign_reason = a.reason;
  t.status = TicketStatus::kAssigned;
  // A person re-assigning by hand ends the street's hold on a missed department ticket.
  if (actor.kind != Actor::Kind::kSystem) t.street_hold = false;
  if (a.level == Level::kGrid && t.grid_id.empty()) {
    if (const Worker* w = org_.worker(a.assignee_id)) {
      t.grid_id = w->grid_id;
      t.community_id = org_.grid(w->grid_id)->community_id;
      t.unrouted_reason.clear();
    }
  }
  const Deadline d = policy_.deadlineFor(t.intent, t.category, t.urgency);
  const Millis start = policy_.clockStart(now, t.urgency);
  t.accept_by = start + d.accept_minutes * kMinute;
  t.resolve_by = std::max(t.resolve_by, t.accept_by);
  if (action == "escalate") {
    t.escalations += 1;
    t.resolve_by = policy_.resolveBy(start, d);
  }
  GG_RETURN_IF_ERROR(tx.tickets().update(t));
  GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, action, from, note.empty() ? a.reason : note + " — " + a.reason, now));
  GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));
  const std::string number = std::to_string(t.id);
  const std::string verb = catalog_.text("verb." + action);
  GG_RETURN_IF_ERROR(tellAssignee(
      tx, t,
      catalog_.text("worker.reassigned", {{"verb", verb}, {"ticket", number}, {"label", t.intent_label},
                                          {"text", shortText(maskPhonesInText(t.description), 60)},
                                          {"note", note.empty() ? "" : "（" + note + "）"},
                                          {"basis", basisLine(t)}, {"accept_by", hhmm(t.accept_by)}}),
      eventKey(t, action, now), now));
  // The previous owner learns where it went.
  if (!(before.assignee_kind == t.assignee_kind && before.assignee_id == t.assignee_id)) {
    GG_RETURN_IF_ERROR(notifier_.toAssignee(
        tx, before.assignee_kind, before.assignee_id,
        catalog_.text("worker.reassigned_away",
                      {{"ticket", number}, {"verb", verb},
                       {"assignee", assigneeName(t)},
                       {"note", note.empty() ? "" : "：" + note}}),
        eventKey(t, action + "-previous", now), t.id, now));
  }
  return Status::ok();
}

std::string TicketService::basisLine(const TicketRecord& t) const {
  const Responsibility* r =
      policy_.responsibilities ? policy_.responsibilities->find(t.intent, t.category) : nullptr;
  if (!r) return "";
  return catalog_.text("responsibility.basis", {{"basis", basisText(*r)}, {"resolve_by", hhmm(t.resolve_by)}});
}

std::string TicketService::assigneeName(const TicketRecord& t) const {
  const std::string& id = t.assignee_id;
  if (t.assignee_kind == AssigneeKind::kWorker) {
    if (const Worker* w = org_.worker(id)) {
      const Grid* g = org_.grid(w->grid_id);
      return g ? catalog_.text("assignee.worker", {{"worker", w->name}, {"grid", g->name}})
               : catalog_.text("assignee.worker_no_grid", {{"worker", w->name}});
    }
  } else if (t.assignee_kind == AssigneeKind::kCommunity) {
    if (const Community* c = org_.community(id)) return c->name;
  } else if (t.assignee_kind == AssigneeKind::kStreet) {
    return catalog_.text("assignee.street", {{"street", org_.org().street.name}});
  } else if (t.assignee_kind == AssigneeKind::kDepartment) {
    if (const Department* d = org_.department(id)) return d->name;
  }
  // A unit no longer in the config: its id is the only name left, still not an English word.
  return id;
}

std::string TicketService::actorName(const Actor& actor, const TicketRecord& t) const {
  if (auto dept = actor.department()) {
    if (const Department* d = org_.department(*dept)) return d->name;
  }
  if (actor.kind == Actor::Kind::kWorker && actor.worker) {
    const Grid* g = org_.grid(actor.worker->grid_id);
    return g ? catalog_.text("assignee.worker", {{"worker", actor.worker->name}, {"grid", g->name}})
             : catalog_.text("assignee.worker_no_grid", {{"worker", actor.worker->name}});
  }
  if (actor.kind == Actor::Kind::kToken && actor.principal) {
    const Principal& p = *actor.principal;
    switch (p.role) {
      case Role::kAdmin:
      case Role::kStreet: return catalog_.text("assignee.street", {{"street", org_.org().street.name}});
      case Role::kCommunity:
        if (const Community* c = org_.community(p.scope)) return c->name;
        break;
      case Role::kGrid:
        if (const Grid* g = org_.grid(p.scope)) return g->name;
        break;
      case Role::kDepartment: break;
    }
  }
  return assigneeName(t);
}

}  // namespace gg
