#include "bot/sms_inbox.h"

#include "bot/chat_commands.h"
#include "bot/notifier.h"
#include "bot/outbox_queue.h"
#include "core/phone_kind.h"
#include "core/text.h"

namespace gg {
namespace {

// Channels whose reporter id is a phone number: the same person as the SMS sender.
constexpr Channel kPhoneChannels[] = {Channel::kHotline, Channel::kSms};

std::string trimmed(const std::string& s) {
  const char* ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

bool isOptOutText(const std::string& t) {
  return t == "TD" || t == "td" || t == "Td" || t == "tD" || t == "退订";
}

// "5" (also "５" and "5分"): a score with nothing else.
int bareScore(const std::string& t) {
  std::string s = t;
  if (s.size() > 3 && s.compare(s.size() - 3, 3, "分") == 0) s = s.substr(0, s.size() - 3);
  if (s.size() == 1 && s[0] >= '1' && s[0] <= '5') return s[0] - '0';
  if (s.size() == 3 && static_cast<unsigned char>(s[0]) == 0xEF && static_cast<unsigned char>(s[1]) == 0xBC) {
    const int d = static_cast<unsigned char>(s[2]) - 0x90;  // U+FF10… full-width digits
    if (d >= 1 && d <= 5) return d;
  }
  return 0;
}

// The department whose contact texts from this (national) mobile number, or nullptr.
const Department* departmentOfMobile(const Org& org, const std::string& mobile) {
  for (const auto& d : org.departments) {
    for (const auto& c : d.contacts) {
      for (const std::string* n : {&c.mobile, &c.phone}) {
        if (!n->empty() && mobileForSms(*n) == mobile) return &d;
      }
    }
  }
  return nullptr;
}

// The answer to a refused command: the ticket service's refusals (these four codes) carry the
// catalog's Chinese reason and mark the message refused; anything else is a failure no person
// should read, returned as the error so the transaction rolls back.
Result<std::string> refusalText(const Status& s, const MessageCatalog& say, MessageRecord* rec) {
  const Code code = s.code();
  const bool refusal = code == Code::kPermissionDenied || code == Code::kConflict ||
                       code == Code::kInvalidArgument || code == Code::kNotFound;
  if (!refusal) return s;
  rec->decision = Decision::kCommandRefused;
  return say.text("command.refused", {{"reason", s.message()}});
}

// The signal that a Store::write lambda found the message is not this handler's: roll back,
// let the next one read it.
Status notMine() { return notFound("not handled here"); }

}  // namespace

Status SmsInbox::accept(const InboundEnvelope& env) {
  if (env.channel != Channel::kSms) return pipeline_.accept(env);
  if (!isValidUtf8(env.text)) return invalidArgument("message text is not valid UTF-8");
  Status s = optOut(env);
  if (s.code() != Code::kNotFound) return s;
  s = departmentCommand(env);
  if (s.code() != Code::kNotFound) return s;
  s = residentCommand(env);
  if (s.code() != Code::kNotFound) return s;
  return pipeline_.accept(env);
}

Status SmsInbox::optOut(const InboundEnvelope& env) {
  if (!isOptOutText(trimmed(env.text))) return notMine();
  return storeOnce(env, Decision::kOptOut, [&](Tx& tx, MessageRecord& rec, Millis now) -> Status {
    auto fresh = tx.subscribers().optOut(env.sender_id, rec.id, now);
    if (!fresh.isOk()) return fresh.status();
    if (!*fresh) return Status::ok();  // already out: one confirmation is enough
    OutboundMessage m;
    m.channel = Channel::kSms;
    m.target_kind = TargetKind::kPhone;
    m.target = env.sender_id;
    m.text = tickets_.catalog().text("resident.sms_opted_out");
    return queueOutbound(tx, m, "optout:" + env.sender_id, {SourceKind::kReply, rec.id, "", ""}, now).status();
  });
}

Status SmsInbox::departmentCommand(const InboundEnvelope& env) {
  const Department* dept = departmentOfMobile(org_.org(), env.sender_id);
  if (!dept) return notMine();
  auto cmd = parseChatCommand(trimmed(env.text));
  if (!cmd || (cmd->action != "accept" && cmd->action != "resolve" && cmd->action != "reject")) {
    return notMine();
  }
  return storeOnce(env, Decision::kCommand, [&](Tx& tx, MessageRecord& rec, Millis now) -> Status {
    rec.ticket_id = cmd->ticket_id;
    Actor actor;
    actor.kind = Actor::Kind::kDepartment;
    actor.id = dept->id;
    actor.channel = Channel::kSms;
    auto result = tickets_.act(tx, cmd->ticket_id, cmd->action, actor, cmd->argument, now);
    const MessageCatalog& say = tickets_.catalog();
    std::string reply;
    if (!result.isOk()) {
      auto refused = refusalText(result.status(), say, &rec);
      if (!refused.isOk()) return refused.status();
      reply = *refused;
    } else {
      reply = say.text("command.done", {{"ticket", std::to_string(cmd->ticket_id)},
                                        {"done", say.text("done." + cmd->action)}});
    }
    return replyBySms(tx, env, reply, cmd->ticket_id, now);
  });
}

Status SmsInbox::residentCommand(const InboundEnvelope& env) {
  const std::string text = trimmed(env.text);
  auto cmd = parseChatCommand(text);
  const int score = cmd ? 0 : bareScore(text);
  if (cmd && cmd->action != "rate" && cmd->action != "reopen") return notMine();
  if (!cmd && score == 0) return notMine();
  return storeOnce(env, Decision::kCommand, [&](Tx& tx, MessageRecord& rec, Millis now) -> Status {
    // Which ticket, and under which channel this number reported it.
    int64_t ticket_id = cmd ? cmd->ticket_id : 0;
    Channel reported_by = Channel::kNone;
    if (!cmd) {
      // A bare score answers the newest rating request: the newest resolved ticket this number
      // reported, by call or by SMS.
      Millis newest = -1;
      for (Channel ch : kPhoneChannels) {
        auto last = tx.tickets().lastByReporter(ch, env.sender_id);
        if (!last.isOk()) return last.status();
        if (last->has_value() && (*last)->status == TicketStatus::kResolved && (*last)->resolved_at > newest) {
          newest = (*last)->resolved_at;
          ticket_id = (*last)->id;
          reported_by = ch;
        }
      }
      if (ticket_id == 0) return notMine();
    } else {
      auto reps = tx.tickets().reporters(ticket_id);
      if (!reps.isOk()) return reps.status();
      for (const auto& r : *reps) {
        for (Channel ch : kPhoneChannels) {
          if (r.channel == ch && r.sender_id == env.sender_id) reported_by = ch;
        }
      }
      if (reported_by == Channel::kNone) return notMine();  // not theirs: the pipeline reads the line
    }
    rec.ticket_id = ticket_id;
    Actor actor;
    actor.kind = Actor::Kind::kResident;
    actor.id = env.sender_id;
    actor.channel = reported_by;
    const std::string action = cmd ? cmd->action : "rate";
    const std::string argument = cmd ? cmd->argument : std::to_string(score);
    auto result = tickets_.act(tx, ticket_id, action, actor, argument, now);
    const MessageCatalog& say = tickets_.catalog();
    const std::string number = std::to_string(ticket_id);
    std::string reply;
    if (!result.isOk()) {
      auto refused = refusalText(result.status(), say, &rec);
      if (!refused.isOk()) return refused.status();
      reply = *refused;
    } else if (action == "rate") {
      // A low score reopens the ticket and the resident is told so by the ticket service.
      if (result->status == TicketStatus::kClosed) reply = say.text("resident.rated", {{"ticket", number}});
    } else {
      reply = say.text("command.done", {{"ticket", number}, {"done", say.text("done." + action)}});
    }
    if (reply.empty()) return Status::ok();
    return replyBySms(tx, env, reply, ticket_id, now);
  });
}

Status SmsInbox::storeOnce(const InboundEnvelope& env, Decision decision, const Handler& handle) {
  const Millis now = clock_.now();
  bool fresh = false;
  Status s = store_.write([&](Tx& tx) -> Status {
    auto ins = tx.messages().insert(env, now);
    if (!ins.isOk()) return ins.status();
    if (!ins->is_new) return Status::ok();  // the gateway sent it again: done the first time
    MessageRecord rec;
    rec.id = ins->id;
    rec.envelope = env;
    rec.received_at = now;
    rec.decision = decision;
    GG_RETURN_IF_ERROR(handle(tx, rec, now));
    fresh = true;
    return tx.messages().annotate(rec);
  });
  if (s.isOk() && fresh && waker_) waker_->wake();
  return s;
}

Status SmsInbox::replyBySms(Tx& tx, const InboundEnvelope& env, const std::string& text,
                            int64_t ticket_id, Millis now) const {
  Notifier notifier(org_, tickets_.policy().worker_channel);
  return notifier.toResident(tx, {Channel::kSms, ChatType::kPrivate, "", env.sender_id, env.platform_msg_id}, text,
                             "cmd:sms:" + env.platform_msg_id, ticket_id, now);
}

}  // namespace gg
