#include "bot/ticket_service.h"

#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include <algorithm>

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


bool isOpen(const std::string& status) {
  return status == "new" || status == "assigned" || status == "accepted";
}

std::string shortText(const std::string& s, size_t max_chars = 40) {
  size_t chars = 0, i = 0;
  while (i < s.size() && chars < max_chars) {
    const auto c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  return i < s.size() ? s.substr(0, i) + "…" : s;
}

// A worker's open tickets, read inside the caller's transaction (a failed read counts as none:
// it only orders equally eligible workers).
Router::LoadFn openLoadIn(Tx& tx) {
  return [&tx](const std::string& worker) {
    auto n = tx.tickets().openLoad(worker);
    return n.isOk() ? *n : 0;
  };
}

std::string hhmm(Millis t) { return formatChinaTime(t).substr(5, 11).replace(5, 1, " "); }

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
  }
  return "system";
}

std::string TicketService::eventKey(const TicketRecord& t, const std::string& what, Millis now) const {
  return "ticket:" + std::to_string(t.id) + ":" + what + ":" + std::to_string(now);
}

Status TicketService::appendEvent(Tx& tx, const TicketRecord& t, const Actor& actor,
                                  const std::string& action, const std::string& from,
                                  const std::string& note, Millis now) {
  TicketEvent e;
  e.ticket_id = t.id;
  e.at = now;
  e.actor_kind = actor.kindName();
  e.actor_id = actor.id;
  e.action = action;
  e.from_status = from;
  e.to_status = t.status;
  e.note = note;
  e.data = nlohmann::json{{"level", t.level}, {"assignee_kind", t.assignee_kind},
                          {"assignee_id", t.assignee_id}}.dump();
  return tx.tickets().appendEvent(e);
}

Status TicketService::armDeadlines(Tx& tx, const TicketRecord& t, Millis now) {
  GG_RETURN_IF_ERROR(tx.timers().cancel("ticket.", t.id));
  if (t.status == "new" || t.status == "assigned") {
    TimerRecord a;
    a.kind = "ticket.accept_by";
    a.ref_id = t.id;
    a.due_at = std::max(t.accept_by, now);
    GG_RETURN_IF_ERROR(tx.timers().schedule(a));
  }
  if (isOpen(t.status)) {
    TimerRecord r;
    r.kind = "ticket.resolve_by";
    r.ref_id = t.id;
    r.due_at = std::max(t.resolve_by, now);
    GG_RETURN_IF_ERROR(tx.timers().schedule(r));
  }
  if (t.status == "resolved") {
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
    ResidentAddress to{r.channel, r.group_id.empty() ? (r.channel == "hotline" ? "call" : "private") : "group",
                       r.group_id, r.sender_id, r.platform_msg_id};
    GG_RETURN_IF_ERROR(notifier_.toResident(tx, to, text, key + ":" + r.channel + ":" + r.sender_id,
                                            t.id, now));
  }
  return Status::ok();
}

Status TicketService::tellAssignee(Tx& tx, const TicketRecord& t, const std::string& text,
                                   const std::string& key, Millis now) {
  GG_RETURN_IF_ERROR(notifier_.toAssignee(tx, t.assignee_kind, t.assignee_id, text, key + ":assignee",
                                          t.id, now));
  if (!t.copied_worker_id.empty() && !(t.assignee_kind == "worker" && t.assignee_id == t.copied_worker_id)) {
    GG_RETURN_IF_ERROR(notifier_.toWorker(tx, t.copied_worker_id, "【抄送】" + text, key + ":cc", t.id, now));
  }
  return Status::ok();
}

Result<OpenResult> TicketService::open(Tx& tx, const MessageRecord& msg, const Classification& c,
                                       const Placement& where, Millis now) {
  const InboundEnvelope& env = msg.envelope;
  TicketReporter reporter;
  reporter.message_id = msg.id;
  reporter.channel = env.channel;
  reporter.sender_id = env.sender_id;
  reporter.sender_name = env.sender_name;
  reporter.group_id = env.group_id;
  reporter.platform_msg_id = env.platform_msg_id;
  reporter.at = now;

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
          "已收到。同一问题已有工单" + std::to_string(t.id) + "正在由" +
              notifier_.describeAssignee(t.assignee_kind, t.assignee_id) + "处理，办结后会通知您。",
          eventKey(t, "join-ack:" + env.sender_id, now), t.id, now));
      return OpenResult{t, true};
    }
  }

  TicketRecord t;
  t.status = "new";
  t.community_id = where.community_id;
  t.grid_id = where.grid_id;
  t.intent = c.intent;
  t.intent_label = c.label;
  t.category = c.category;
  t.dept_class = c.dept_class;
  t.urgency = c.urgency.empty() ? "normal" : c.urgency;
  t.description = env.text;
  t.location = c.toJson(true).value("entities", nlohmann::json::object()).dump();
  t.place_key = where.place_key;
  t.reporter_channel = env.channel;
  t.reporter_id = env.sender_id;
  t.reporter_name = env.sender_name;
  t.group_channel = env.group_id.empty() ? "" : env.channel;
  t.group_id = env.group_id;
  t.source_platform_msg_id = env.platform_msg_id;
  t.source_message_id = msg.id;
  t.created_at = now;
  const Deadline d = policy_.deadlineFor(c.intent, t.urgency);
  t.accept_by = now + d.accept_minutes * kMinute;
  t.resolve_by = policy_.resolveBy(now, d);
  if (!where.routed()) t.unrouted_reason = where.reason;

  const Assignment a = router_.assign(where, c, now, openLoadIn(tx));
  t.level = a.level;
  t.assignee_kind = a.assignee_kind;
  t.assignee_id = a.assignee_id;
  t.department_id = a.department_id;
  t.copied_worker_id = a.copied_worker_id;
  t.assign_reason = a.reason;
  // A ticket only someone at community or street level can place stays "new" until dispatched.
  t.status = where.routed() ? "assigned" : "new";

  auto id = tx.tickets().insert(t);
  if (!id.isOk()) return id.status();
  t.id = *id;
  reporter.ticket_id = t.id;
  GG_RETURN_IF_ERROR(tx.tickets().addReporter(reporter));
  Actor resident{Actor::Kind::kResident, env.sender_id, env.channel, nullptr, std::nullopt};
  GG_RETURN_IF_ERROR(appendEvent(tx, t, resident, "create", "", shortText(env.text, 80), now));
  GG_RETURN_IF_ERROR(appendEvent(tx, t, Actor::system(), where.routed() ? "assign" : "unrouted", "new",
                                 a.reason, now));
  GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));

  const std::string who = notifier_.describeAssignee(t.assignee_kind, t.assignee_id);
  const std::string number = std::to_string(t.id);
  std::string ack;
  if (t.urgency == "emergency") {
    ack = "【紧急】已收到您的求助，工单" + number + "，已同时通知" + who + "、网格长和社区。如有危险请立即拨打" +
          policy_.emergencyNumber(t.intent) + "，并远离危险区域。";
  } else if (where.routed()) {
    ack = "已收到，工单" + number + "（" + c.label + "）已交" + who + "处理，" + hhmm(t.accept_by) +
          "前接单。进展会在这里告诉您。";
  } else {
    ack = "已收到，工单" + number + "（" + c.label + "）已转" + who +
          "，工作人员会尽快联系您确认具体位置。";
  }
  GG_RETURN_IF_ERROR(notifier_.toResident(tx, ResidentAddress::of(env), ack, eventKey(t, "ack", now), t.id, now));

  const std::string place = where.place_key.empty() ? "" : "（" + where.place_key + "）";
  const std::string notice = std::string(t.urgency == "emergency" ? "【紧急】" : "【新工单】") + number + " " +
                             c.label + place + "：" + shortText(env.text, 60) + "。请于" + hhmm(t.accept_by) +
                             "前回复“接单 " + number + "”，办结后回复“办结 " + number + " 处理结果”。";
  GG_RETURN_IF_ERROR(tellAssignee(tx, t, notice, eventKey(t, "assigned", now), now));

  if (t.urgency == "emergency") {
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
    case Actor::Kind::kToken: {
      const Principal& p = *actor.principal;
      if (p.role == Role::kAdmin || p.role == Role::kStreet) return true;
      if (p.role == Role::kCommunity) return !t.community_id.empty() && p.scope == t.community_id;
      return p.role == Role::kGrid && !t.grid_id.empty() && p.scope == t.grid_id && t.level == "grid";
    }
    case Actor::Kind::kWorker: {
      const Worker* w = actor.worker;
      if (!w) return false;
      if (t.assignee_kind == "worker" && t.assignee_id == w->id) return true;
      if (t.copied_worker_id == w->id) return true;
      // The grid leader stands above the grid's workers.
      return w->role == WorkerRole::kLeader && !t.grid_id.empty() && w->grid_id == t.grid_id &&
             (t.level == "grid" || t.level == "department");
    }
  }
  return false;
}

std::optional<Assignment> TicketService::transferTarget(const TicketRecord& t, const std::string& target,
                                                        Millis now, Tx& tx) const {
  if (target.empty()) return std::nullopt;
  Assignment a;
  a.copied_worker_id = t.assignee_kind == "worker" ? t.assignee_id : t.copied_worker_id;
  // A worker (id or name).
  for (const auto& c : org_.org().communities) {
    for (const auto& g : c.grids) {
      for (const auto& w : g.workers) {
        if (w.id == target || w.name == target) {
          a.level = "grid";
          a.assignee_kind = "worker";
          a.assignee_id = w.id;
          a.copied_worker_id.clear();
          a.reason = "transferred to " + w.name;
          return a;
        }
      }
      if (g.id == target || g.name == target) {
        std::string why;
        if (const Worker* w = router_.onDuty(g, now, openLoadIn(tx), &why)) {
          a.level = "grid";
          a.assignee_kind = "worker";
          a.assignee_id = w->id;
          a.copied_worker_id.clear();
          a.reason = "transferred to " + g.name + ": " + why;
          return a;
        }
      }
    }
    if (c.id == target || c.name == target) {
      a.level = "community";
      a.assignee_kind = "community";
      a.assignee_id = c.id;
      a.reason = "transferred to " + c.name;
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
    a.level = "department";
    a.assignee_kind = "department";
    a.assignee_id = d->id;
    a.department_id = d->id;
    a.reason = "transferred to " + d->name;
    return a;
  }
  return std::nullopt;
}

Status TicketService::reassign(Tx& tx, TicketRecord& t, const Assignment& a, const Actor& actor,
                               const std::string& action, const std::string& note, Millis now) {
  const TicketRecord before = t;
  const std::string from = t.status;
  t.level = a.level;
  t.assignee_kind = a.assignee_kind;
  t.assignee_id = a.assignee_id;
  if (!a.department_id.empty()) t.department_id = a.department_id;
  t.copied_worker_id = a.copied_worker_id;
  t.assign_reason = a.reason;
  t.status = "assigned";
  if (a.level == "grid" && t.grid_id.empty()) {
    if (const Worker* w = org_.worker(a.assignee_id)) {
      t.grid_id = w->grid_id;
      t.community_id = org_.grid(w->grid_id)->community_id;
      t.unrouted_reason.clear();
    }
  }
  const Deadline d = policy_.deadlineFor(t.intent, t.urgency);
  t.accept_by = now + d.accept_minutes * kMinute;
  t.resolve_by = std::max(t.resolve_by, now + d.accept_minutes * kMinute);
  if (action == "escalate") {
    t.escalations += 1;
    t.resolve_by = policy_.resolveBy(now, d);
  }
  GG_RETURN_IF_ERROR(tx.tickets().update(t));
  GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, action, from, note.empty() ? a.reason : note + " — " + a.reason, now));
  GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));
  const std::string number = std::to_string(t.id);
  const std::string verb = action == "escalate" ? "升级" : action == "reject" ? "退回" : "转派";
  GG_RETURN_IF_ERROR(tellAssignee(
      tx, t,
      "【" + verb + "】工单" + number + " " + t.intent_label + "：" + shortText(t.description, 60) +
          (note.empty() ? "" : "（" + note + "）") + "。请于" + hhmm(t.accept_by) + "前回复“接单 " + number + "”。",
      eventKey(t, action, now), now));
  // The previous owner learns where it went.
  if (!(before.assignee_kind == t.assignee_kind && before.assignee_id == t.assignee_id)) {
    GG_RETURN_IF_ERROR(notifier_.toAssignee(
        tx, before.assignee_kind, before.assignee_id,
        "工单" + number + "已" + verb + "至" + notifier_.describeAssignee(t.assignee_kind, t.assignee_id) +
            (note.empty() ? "" : "：" + note),
        eventKey(t, action + "-previous", now), t.id, now));
  }
  return Status::ok();
}

Result<TicketRecord> TicketService::act(Tx& tx, int64_t id, const std::string& action,
                                        const Actor& actor, const std::string& argument, Millis now) {
  auto got = tx.tickets().get(id);
  if (!got.isOk()) return got.status();
  if (!got->has_value()) return notFound("no ticket " + std::to_string(id));
  TicketRecord t = **got;
  const std::string number = std::to_string(t.id);
  const std::string from = t.status;

  const bool resident_action = action == "rate" || action == "reopen" || action == "close";
  if (actor.kind == Actor::Kind::kResident) {
    if (!resident_action) return permissionDenied("only the grid worker handling ticket " + number + " can do that");
    auto reps = tx.tickets().reporters(t.id);
    if (!reps.isOk()) return reps.status();
    const bool is_reporter = std::any_of(reps->begin(), reps->end(), [&](const TicketReporter& r) {
      return r.sender_id == actor.id && r.channel == actor.channel;
    });
    if (!is_reporter) return permissionDenied("only residents who reported ticket " + number + " can rate or reopen it");
  } else if (!mayAct(t, actor)) {
    return permissionDenied("ticket " + number + " is handled by " +
                            notifier_.describeAssignee(t.assignee_kind, t.assignee_id) +
                            "; only they or someone above them may act on it");
  }

  auto illegal = [&](const std::string& why) -> Status {
    return conflict("ticket " + number + " is " + t.status + ": " + why);
  };

  if (action == "accept") {
    if (t.status != "assigned") return illegal("only an assigned ticket can be accepted");
    t.status = "accepted";
    t.accepted_at = now;
    if (actor.kind == Actor::Kind::kWorker && t.assignee_kind != "worker") {
      // A copied grid worker taking a department's ticket makes it theirs to chase.
      t.copied_worker_id = actor.worker->id;
    }
    GG_RETURN_IF_ERROR(tx.tickets().update(t));
    GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "accept", from, argument, now));
    GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));
    GG_RETURN_IF_ERROR(tellReporters(tx, t,
        "工单" + number + "已由" + notifier_.describeAssignee(t.assignee_kind, t.assignee_id) +
            "接单，正在处理，预计" + hhmm(t.resolve_by) + "前办结。",
        eventKey(t, "accepted", now), now));
    return t;
  }
  if (action == "resolve") {
    if (t.status != "accepted") {
      return illegal(t.status == "assigned" ? "accept it first (接单 " + number + ")" : "it cannot be resolved now");
    }
    if (argument.empty()) return invalidArgument("say what was done: 办结 " + number + " 处理结果");
    t.status = "resolved";
    t.resolved_at = now;
    t.resolution = argument;
    if (t.resolve_by > 0 && now > t.resolve_by) t.overdue = true;
    GG_RETURN_IF_ERROR(tx.tickets().update(t));
    GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "resolve", from, argument, now));
    GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));
    GG_RETURN_IF_ERROR(tellReporters(tx, t,
        "工单" + number + "已办结：" + argument + "。请回复“评价 " + number +
            " 分数”（1-5分，5分最满意）；如未解决请回复“未解决 " + number + " 原因”。",
        eventKey(t, "resolved", now), now));
    return t;
  }
  if (action == "transfer") {
    if (!isOpen(t.status)) return illegal("only an open ticket can be transferred");
    auto target = transferTarget(t, argument, now, tx);
    if (!target) return invalidArgument("unknown transfer target \"" + argument + "\" (a worker, grid, community or department)");
    GG_RETURN_IF_ERROR(reassign(tx, t, *target, actor, "transfer", "", now));
    return t;
  }
  if (action == "escalate") {
    if (!isOpen(t.status)) return illegal("only an open ticket can be escalated");
    auto up = router_.escalate(t, argument.empty() ? "requested" : argument);
    if (!up) return illegal("it is already at the top level (" + t.level + ")");
    GG_RETURN_IF_ERROR(reassign(tx, t, *up, actor, "escalate", argument, now));
    return t;
  }
  if (action == "reject") {
    if (t.status != "assigned" && t.status != "accepted") return illegal("only an assigned ticket can be sent back");
    if (argument.empty()) return invalidArgument("say why: 退回 " + number + " 原因");
    Assignment back;
    if (!t.community_id.empty()) {
      back.level = "community";
      back.assignee_kind = "community";
      back.assignee_id = t.community_id;
    } else {
      back.level = "street";
      back.assignee_kind = "street";
      back.assignee_id = org_.org().street.id;
    }
    back.reason = "sent back: " + argument;
    GG_RETURN_IF_ERROR(reassign(tx, t, back, actor, "reject", argument, now));
    t.status = "new";  // waits for the community to dispatch it again
    GG_RETURN_IF_ERROR(tx.tickets().update(t));
    return t;
  }
  if (action == "reopen") {
    if (t.status != "resolved" && t.status != "closed") return illegal("only a resolved or closed ticket can be reopened");
    t.status = "assigned";
    t.reopen_count += 1;
    t.resolved_at = 0;
    t.closed_at = 0;
    if (t.reopen_count >= 2) t.flagged = true;
    const Deadline d = policy_.deadlineFor(t.intent, t.urgency);
    t.accept_by = now + d.accept_minutes * kMinute;
    t.resolve_by = policy_.resolveBy(now, d);
    GG_RETURN_IF_ERROR(tx.tickets().update(t));
    GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "reopen", from, argument, now));
    GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));
    GG_RETURN_IF_ERROR(tellAssignee(tx, t,
        "【重新办理】工单" + number + "居民反映仍未解决" + (argument.empty() ? "" : "：" + argument) +
            "。请于" + hhmm(t.accept_by) + "前回复“接单 " + number + "”。",
        eventKey(t, "reopened", now), now));
    return t;
  }
  if (action == "rate") {
    if (t.status != "resolved" && t.status != "closed") return illegal("only a resolved ticket can be rated");
    const int score = parseRatingScore(argument);
    if (score == 0) return invalidArgument("评分须为1到5分，例如“评价 " + number + " 5”");
    t.rating = score;
    t.rated_at = now;
    GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "rate", from, std::to_string(score), now));
    if (score <= policy_.low_rating) {
      // Unhappy: the ticket goes back and the community looks at it.
      t.flagged = true;
      GG_RETURN_IF_ERROR(tx.tickets().update(t));
      auto reopened = act(tx, id, "reopen", Actor::system(), "评价" + std::to_string(score) + "分", now);
      if (!reopened.isOk()) return reopened.status();
      if (const Community* cm = org_.community(t.community_id)) {
        GG_RETURN_IF_ERROR(notifier_.toContact(tx, cm->contact,
            "【低分提醒】工单" + number + "居民评价" + std::to_string(score) + "分，已重新派办，请关注。",
            eventKey(t, "low-rating", now), t.id, cm->id, now));
      }
      return *reopened;
    }
    if (t.status == "resolved") {
      t.status = "closed";
      t.closed_at = now;
      GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "close", "resolved", "resident rated " + std::to_string(score), now));
    }
    GG_RETURN_IF_ERROR(tx.tickets().update(t));
    GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));
    return t;
  }
  if (action == "close") {
    if (t.status != "resolved") return illegal("only a resolved ticket can be closed");
    t.status = "closed";
    t.closed_at = now;
    GG_RETURN_IF_ERROR(tx.tickets().update(t));
    GG_RETURN_IF_ERROR(appendEvent(tx, t, actor, "close", from, argument, now));
    GG_RETURN_IF_ERROR(armDeadlines(tx, t, now));
    return t;
  }
  return invalidArgument("unknown action \"" + action + "\"");
}

Status TicketService::onTimer(Tx& tx, const TimerRecord& timer, Millis now) {
  auto got = tx.tickets().get(timer.ref_id);
  if (!got.isOk()) return got.status();
  if (!got->has_value()) return Status::ok();
  TicketRecord t = **got;
  if (timer.kind == "ticket.autoclose") {
    if (t.status != "resolved") return Status::ok();
    t.status = "closed";
    t.closed_at = now;
    GG_RETURN_IF_ERROR(tx.tickets().update(t));
    return appendEvent(tx, t, Actor::system(), "close", "resolved",
                       "no objection within " + std::to_string(policy_.autoclose_hours) + " h", now);
  }
  const bool accept_overdue = timer.kind == "ticket.accept_by" && (t.status == "new" || t.status == "assigned");
  const bool resolve_overdue = timer.kind == "ticket.resolve_by" && isOpen(t.status);
  if (!accept_overdue && !resolve_overdue) return Status::ok();
  t.overdue = true;
  const std::string why = accept_overdue ? "not accepted by " + hhmm(t.accept_by) : "not resolved by " + hhmm(t.resolve_by);
  GG_RETURN_IF_ERROR(tx.tickets().update(t));
  GG_RETURN_IF_ERROR(appendEvent(tx, t, Actor::system(), "overdue", t.status, why, now));
  auto up = router_.escalate(t, why);
  if (!up || t.escalations >= 3) {
    // At the top: keep chasing the current owner instead of bouncing further.
    return notifier_.toAssignee(tx, t.assignee_kind, t.assignee_id,
                                "【超期督办】工单" + std::to_string(t.id) + " " + why + "，请尽快处理。",
                                eventKey(t, "chase", now), t.id, now);
  }
  log::info("ticket {} overdue ({}), escalating {} -> {}", t.id, why, t.level, up->level);
  return reassign(tx, t, *up, Actor::system(), "escalate", "超期自动升级：" + why, now);
}

}  // namespace gg
