#include "bot/pipeline.h"

#include <chrono>

#include "bot/chat_commands.h"
#include "bot/outbox_queue.h"
#include "bot/patrol_report.h"
#include "bot/sms_subscribers.h"
#include "core/log.h"
#include "core/metrics.h"

namespace gg {
namespace {

// What a hotline call no rule understood becomes: still a ticket, never dropped.
Classification unclassifiedCall(Classification c) {
  c.intent = "unclassified";
  c.label = "其他诉求";
  c.category = "other";
  c.kind = MessageKind::kNeed;
  c.urgency = Urgency::kNormal;
  c.owner = "grid";
  return c;
}

}  // namespace

Pipeline::Pipeline(Store& store, const OrgIndex& org, const IntentEngine& intents,
                   TicketService& tickets, Clock& clock, PipelineHooks hooks)
    : store_(store), org_(org), intents_(intents), tickets_(tickets), clock_(clock),
      hooks_(std::move(hooks)) {}

Status Pipeline::handleCommand(Tx& tx, MessageRecord& rec, Millis now) {
  const InboundEnvelope& env = rec.envelope;
  auto cmd = parseChatCommand(env.text);
  if (!cmd) return notFound("not a command");
  Actor actor;
  actor.channel = env.channel;
  if (const Worker* w = org_.workerByPlatformId(env.channel, env.sender_id)) {
    actor.kind = Actor::Kind::kWorker;
    actor.id = w->id;
    actor.worker = w;
  } else {
    actor.kind = Actor::Kind::kResident;
    actor.id = env.sender_id;
  }
  auto result = tickets_.act(tx, cmd->ticket_id, cmd->action, actor, cmd->argument, now);
  // A resident's line is a command only for a ticket they reported: otherwise ("评价一下3天
  //没人管" read as ticket 3) it goes through normal understanding, so the need is not lost.
  // act() refuses before it changes anything, so nothing needs undoing.
  if (!result.isOk() && actor.kind == Actor::Kind::kResident &&
      (result.status().code() == Code::kNotFound || result.status().code() == Code::kPermissionDenied)) {
    return notFound("not a command");
  }
  rec.decision = Decision::kCommand;
  rec.ticket_id = cmd->ticket_id;
  Notifier notifier(org_, tickets_.policy().worker_channel);
  const ResidentAddress to = ResidentAddress::of(env);
  const std::string key = "cmd:" + std::string(toString(env.channel)) + ":" + env.account + ":" + env.platform_msg_id;
  const MessageCatalog& say = tickets_.catalog();
  const std::string number = std::to_string(cmd->ticket_id);
  if (!result.isOk()) {
    // A refused command changes nothing but the sender hears why. The ticket service's refusals
    // (these four codes) carry the catalog's Chinese reason; anything else is an internal
    // failure whose text no person should read.
    rec.decision = Decision::kCommandRefused;
    const Code code = result.status().code();
    const bool refusal = code == Code::kPermissionDenied || code == Code::kConflict ||
                         code == Code::kInvalidArgument || code == Code::kNotFound;
    const std::string text = refusal ? say.text("command.refused", {{"reason", result.status().message()}})
                                     : say.text("command.failed");
    return notifier.toResident(tx, to, text, key, cmd->ticket_id, now);
  }
  // Accepting or resolving in the ticket's own group already tells that group (the reporters'
  // notice): one worker action is one group message, not two.
  const bool group_told = (cmd->action == "accept" || cmd->action == "resolve") &&
                          env.chat_type == ChatType::kGroup && result->group_id == env.group_id &&
                          result->group_channel == env.channel;
  if (group_told) return Status::ok();
  if (cmd->action == "rate" && result->status == TicketStatus::kClosed) {
    return notifier.toResident(tx, to, say.text("resident.rated", {{"ticket", number}}), key, cmd->ticket_id, now);
  }
  if (cmd->action == "rate") return Status::ok();  // a low rating: the resident was told it was reopened
  return notifier.toResident(tx, to,
                             say.text("command.done", {{"ticket", number}, {"done", say.text("done." + cmd->action)}}),
                             key, cmd->ticket_id, now);
}

Status Pipeline::ingest(const InboundEnvelope& env) {
  if (env.channel == Channel::kNone || env.platform_msg_id.empty()) {
    return invalidArgument("message needs a channel and a platform message id");
  }
  if (!isValidUtf8(env.text)) return invalidArgument("message text is not valid UTF-8");
  const Millis now = clock_.now();
  // Classify before taking the write lock: it is pure CPU and needs no database.
  const auto started = std::chrono::steady_clock::now();
  auto classified = intents_.classify(env.text, env.asr);
  metrics::observe("gridgate_classify_seconds", {},
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  Classification c;
  std::string classify_error;
  if (classified.isOk()) {
    c = std::move(classified).value();
  } else if (classified.status().code() == Code::kTooLarge ||
             classified.status().code() == Code::kInvalidArgument) {
    return classified.status();
  } else {
    // The message is still stored and visible; the failure is recorded, not hidden.
    classify_error = classified.status().toString();
    log::error("classify failed channel={} msg={}: {}", toString(env.channel), env.platform_msg_id, classify_error);
  }

  // Built before the write lock too: serialising the classification was 4-5% of the hook's CPU
  // inside the lock (perf on branch `bench`, bench/ingest.sh), and every writer waits for it.
  const std::string classification =
      classify_error.empty() ? c.toJson(true).dump() : nlohmann::json{{"error", classify_error}}.dump();

  bool queued = false;  // outbox rows were added: the dispatcher has work
  Status s = store_.write([&](Tx& tx) -> Status {
    auto ins = tx.messages().insert(env, now);
    if (!ins.isOk()) return ins.status();
    if (!ins->is_new) return Status::ok();  // redelivery: already handled
    MessageRecord rec;
    rec.id = ins->id;
    rec.envelope = env;
    rec.received_at = now;
    rec.intent = c.intent;
    rec.classification = classification;
    const Grid* chosen = env.grid_id.empty() ? nullptr : org_.grid(env.grid_id);
    if (const Grid* g = env.group_id.empty() ? chosen : org_.gridForGroup(env.channel, env.group_id)) {
      rec.grid_id = g->id;
      rec.community_id = g->community_id;
    }

    if (env.from_self) {
      rec.decision = Decision::kSelf;
      return tx.messages().annotate(rec);
    }
    Status cmd = handleCommand(tx, rec, now);
    if (cmd.isOk()) {
      queued = true;
      return tx.messages().annotate(rec);
    }
    if (cmd.code() != Code::kNotFound) return cmd;

    const bool from_worker = org_.workerByPlatformId(env.channel, env.sender_id) != nullptr;
    if (!from_worker && hooks_.observer && env.chat_type == ChatType::kGroup) {
      GG_RETURN_IF_ERROR(hooks_.observer->observeMessage(tx, rec, c, now));
    }
    if (from_worker) {
      // 网格员直报: what a worker found on patrol is a ticket they hold; anything else a worker
      // says in a group is theirs to say.
      if (patrolReportBody(env.text)) {
        const Worker* w = org_.workerByPlatformId(env.channel, env.sender_id);
        auto t = tickets_.openPatrol(tx, rec, c.hasIntent() ? c : unclassifiedCall(c), *w, now);
        if (!t.isOk()) return t.status();
        queued = true;
        rec.ticket_id = t->id;
        rec.grid_id = t->grid_id;
        rec.community_id = t->community_id;
        rec.decision = Decision::kTicket;
        return tx.messages().annotate(rec);
      }
      rec.decision = Decision::kWorker;
      return tx.messages().annotate(rec);
    }
    if (!classify_error.empty()) {
      rec.decision = Decision::kClassifyError;
      return tx.messages().annotate(rec);
    }
    // Where the message is about: its group's grid, or the place it names, or (a caller, a
    // private chat) the place of the sender's earlier ticket.
    std::optional<TicketRecord> previous;
    if (env.group_id.empty()) {
      auto prev = tx.tickets().lastByReporter(env.channel, env.sender_id);
      if (!prev.isOk()) return prev.status();
      previous = *prev;
    }
    const Placement where = tickets_.router().place(env, c, previous);

    // "电梯已经修好了": closes nothing by itself; written on the open ticket for its owner.
    if (c.act == "resolved") {
      auto about = tickets_.openTicketAbout(tx, env, c, where);
      if (!about.isOk()) return about.status();
      if (about->has_value()) {
        GG_RETURN_IF_ERROR(tickets_.recordResolvedReport(tx, **about, rec, now));
        queued = true;
        rec.ticket_id = (*about)->id;
        rec.decision = Decision::kResolvedReport;
        return tx.messages().annotate(rec);
      }
    }
    // What the street announced answers questions, and needs that ask about it ("停水到几点？"
    // while a water cut is announced): the answerer decides whether the message asks about an
    // active notice for the group, or for the grid a caller's place is in. An emergency is never
    // answered by a notice; it goes to people.
    if ((c.kind == MessageKind::kQuestion || c.kind == MessageKind::kNeed) && c.urgency != Urgency::kEmergency && hooks_.answerer) {
      const bool grouped = !rec.grid_id.empty();
      const std::string& grid = grouped ? rec.grid_id : where.grid_id;
      const std::string& community = grouped ? rec.community_id : where.community_id;
      auto answer = hooks_.answerer->answerFor(tx, env, grid, now);
      if (!answer.isOk()) return answer.status();
      if (answer->has_value() && env.channel == Channel::kWeb) {
        // The page shows the answer (and a resident who left a mobile gets it by SMS).
        Notifier notifier(org_, tickets_.policy().worker_channel);
        GG_RETURN_IF_ERROR(notifier.toResident(tx, ResidentAddress::of(env), (**answer).text,
                                               "answer:" + std::string(toString(env.channel)) + ":" + env.platform_msg_id, 0, now));
        queued = true;
        rec.decision = Decision::kReply;
        return tx.messages().annotate(rec);
      }
      if (answer->has_value()) {
        auto q = queueOutbound(tx, **answer,
                               "answer:" + std::string(toString(env.channel)) + ":" + env.account + ":" + env.platform_msg_id,
                               {SourceKind::kReply, rec.id, community, grid}, now);
        if (!q.isOk()) return q.status();
        queued = true;
        rec.decision = Decision::kReply;
        return tx.messages().annotate(rec);
      }
    }
    // A question in a group that no notice answers stays in the group, where its grid workers
    // read along (and where a just-posted answer may already stand); a caller or a private chat
    // has nobody else to ask, so their question becomes a ticket.
    if (c.kind == MessageKind::kQuestion && env.chat_type == ChatType::kGroup) {
      rec.decision = Decision::kQuestion;
      return tx.messages().annotate(rec);
    }
    // A complaint about a matter (its topic is known) is a need with a complaint mark: it urges
    // (or escalates) the open ticket on the same place and topic, or opens one. A caller always
    // reaches a person: a call that was not answered above becomes a ticket whatever it was read
    // as (a greeting-led call whose need no rule understood must not be dropped).
    const bool actionable =
        c.hasIntent() && (c.kind == MessageKind::kNeed || c.kind == MessageKind::kQuestion || c.kind == MessageKind::kComplaint);
    // A report from the resident page was written to be handled: it reaches a person too.
    const bool must_reach = env.channel == Channel::kHotline || env.channel == Channel::kSms || env.channel == Channel::kWeb;
    if (!actionable && !must_reach) {
      rec.decision = c.kind == MessageKind::kComplaint ? Decision::kObserve : Decision::kIgnore;
      return tx.messages().annotate(rec);
    }
    if (actionable && (c.act == "complaint" || c.flags.complaint)) {
      auto about = tickets_.openTicketAbout(tx, env, c, where);
      if (!about.isOk()) return about.status();
      if (about->has_value()) {
        auto urged = tickets_.urge(tx, **about, rec, c, now);
        if (!urged.isOk()) return urged.status();
        queued = true;
        rec.ticket_id = urged->id;
        rec.grid_id = urged->grid_id;
        rec.community_id = urged->community_id;
        rec.decision = Decision::kUrge;
        GG_RETURN_IF_ERROR(subscribeCaller(tx, env, rec.grid_id, now));
        return tx.messages().annotate(rec);
      }
    }
    const Classification& need = actionable ? c : unclassifiedCall(c);
    auto opened = tickets_.open(tx, rec, need, where, now);
    if (!opened.isOk()) return opened.status();
    queued = true;
    rec.ticket_id = opened->ticket.id;
    rec.grid_id = opened->ticket.grid_id;
    rec.community_id = opened->ticket.community_id;
    rec.decision = opened->joined ? Decision::kJoin : where.routed() ? Decision::kTicket : Decision::kUnrouted;
    // A caller with a need in a grid hears that grid's notices by SMS from now on (手机群发).
    GG_RETURN_IF_ERROR(subscribeCaller(tx, env, rec.grid_id, now));
    return tx.messages().annotate(rec);
  });
  if (s.isOk() && queued && waker_) waker_->wake();
  return s;
}

Result<TicketRecord> Pipeline::act(int64_t ticket_id, const std::string& action, const Actor& actor,
                                   const std::string& argument) {
  std::optional<TicketRecord> out;
  Status s = store_.write([&](Tx& tx) -> Status {
    auto r = tickets_.act(tx, ticket_id, action, actor, argument, clock_.now());
    if (!r.isOk()) return r.status();
    out = *r;
    return Status::ok();
  });
  if (!s.isOk()) return s;
  if (waker_) waker_->wake();
  return *out;
}

Result<int> Pipeline::runTimers(int limit) {
  const Millis now = clock_.now();
  std::vector<TimerRecord> due;
  GG_RETURN_IF_ERROR(store_.read([&](Tx& tx) {
    auto r = tx.timers().due(now, limit);
    if (!r.isOk()) return r.status();
    due = *r;
    return Status::ok();
  }));
  int fired = 0;
  for (const auto& timer : due) {
    if (timer.kind.rfind("ticket.", 0) != 0) continue;  // other owners run their own timers
    // Each timer in its own transaction: one failing ticket does not hold up the rest.
    Status s = store_.write([&](Tx& tx) -> Status {
      auto won = tx.timers().markFired(timer.id, now);
      if (!won.isOk()) return won.status();
      if (!*won) return Status::ok();
      ++fired;
      return tickets_.onTimer(tx, timer, now);
    });
    if (!s.isOk()) log::error("timer {} ({} #{}) failed: {}", timer.id, timer.kind, timer.ref_id, s.message());
  }
  if (fired > 0 && waker_) waker_->wake();
  return fired;
}

}  // namespace gg
