#pragma once
// The ticket lifecycle: open (or join a duplicate), the state machine of worker actions,
// deadlines as durable timers with escalation one level up, emergencies paging everyone at once,
// and what the resident hears at each step. Every method runs inside the caller's transaction,
// so the ticket, its events, its timers and its outbox rows commit together. Which action may
// start from which state, and who may ask for it, is the table in bot/ticket_lifecycle.h; every
// word a person reads comes from the message catalog (bot/message_catalog.h).
// ticket_service.cc opens and reassigns tickets; ticket_actions.cc applies actions and timers.

#include <optional>
#include <string>

#include "bot/message_catalog.h"
#include "bot/notifier.h"
#include "bot/ticket_lifecycle.h"
#include "bot/router.h"
#include "bot/ticket_policy.h"
#include "core/random_code.h"
#include "intents/classification.h"
#include "model/principal.h"
#include "storage/store.h"

namespace gg {

// Who is acting on a ticket.
struct Actor {
  // kDepartment: a department's contact acting from their mobile (SMS 接单/办结/退回).
  enum class Kind { kSystem, kResident, kWorker, kToken, kDepartment };
  Kind kind = Kind::kSystem;
  std::string id;           // worker id, resident platform id, token actor label, department id
  Channel channel = Channel::kNone;  // for residents: the channel they wrote from
  const Worker* worker = nullptr;
  std::optional<Principal> principal;

  static Actor system() { return Actor{}; }
  std::string kindName() const;
  // The department this actor speaks for (its mobile, or a department token), else nullopt.
  std::optional<std::string> department() const;
};

// The reporter row for a stored message (its ticket_id is set by the caller).
inline TicketReporter reporterOf(const MessageRecord& msg, Millis now) {
  const InboundEnvelope& env = msg.envelope;
  TicketReporter r;
  r.message_id = msg.id;
  r.channel = env.channel;
  r.sender_id = env.sender_id;
  r.sender_name = env.sender_name;
  r.group_id = env.group_id;
  r.platform_msg_id = env.platform_msg_id;
  r.at = now;
  // A page reporter has no chat to follow the ticket in: they hold an unguessable code instead.
  if (env.channel == Channel::kWeb) r.tracking_code = randomCode();
  return r;
}

// What a new ticket's opening did, for the caller's decision record.
struct OpenResult {
  TicketRecord ticket;
  bool joined = false;  // merged into an existing open ticket
};

class TicketService {
 public:
  // org and catalog must outlive the service.
  TicketService(const OrgIndex& org, TicketPolicy policy,
                const MessageCatalog& catalog = MessageCatalog::builtin())
      : org_(org), policy_(std::move(policy)), router_(org), notifier_(org, policy_.worker_channel),
        catalog_(catalog) {}

  const TicketPolicy& policy() const { return policy_; }
  const Router& router() const { return router_; }
  const MessageCatalog& catalog() const { return catalog_; }
  // Returns who handles t, as a resident reads it: "网格员王芳（滨河一网格）", a community, a
  // department (the catalog's assignee.* words).
  std::string assigneeName(const TicketRecord& t) const;
  // Returns the line naming t's basis (法律法规/政策文件依据) and its resolve-by time, from its
  // responsibility entry (the catalog's responsibility.basis); "" when the list has none.
  std::string basisLine(const TicketRecord& t) const;

  // Opens a ticket for a resident's message (or joins the open duplicate of the same need in the
  // same grid and place), records who reported it, arms its deadlines and queues the
  // acknowledgement, the worker's notice and — for emergencies — the pages.
  Result<OpenResult> open(Tx& tx, const MessageRecord& msg, const Classification& c,
                          const Placement& where, Millis now);

  // Applies an action (accept | resolve | transfer | escalate | reject | reopen | rate | close).
  // PermissionDenied if the actor may not act on this ticket, Conflict for an illegal transition
  // (nothing changes), NotFound for an unknown ticket, InvalidArgument for a bad argument. The
  // message of each of those is the catalog's Chinese reason, fit to show the person who asked.
  Result<TicketRecord> act(Tx& tx, int64_t id, const std::string& action, const Actor& actor,
                           const std::string& argument, Millis now);

  // A resident's follow-up on a matter that may already have a ticket (bot/ticket_followups.cc).
  // Returns the open ticket the message is about: the open one on the same grid, topic and place
  // (whatever its age), else the sender's own newest ticket while it is open and on the same topic.
  Result<std::optional<TicketRecord>> openTicketAbout(Tx& tx, const InboundEnvelope& env,
                                                      const Classification& c, const Placement& where);
  // A complaint ("说了多少次了还没修") about the open ticket t: the resident joins it, the owner is
  // urged; when t is already overdue or the resident threatens to go to 12345 or the media, t
  // moves one level up at once.
  Result<TicketRecord> urge(Tx& tx, TicketRecord t, const MessageRecord& msg, const Classification& c,
                            Millis now);
  // "电梯已经修好了": recorded on the open ticket t for its owner to check and close; it closes
  // nothing by itself.
  Status recordResolvedReport(Tx& tx, const TicketRecord& t, const MessageRecord& msg, Millis now);

  // Opens the ticket of a grid worker's patrol report (bot/patrol_report.h): held and accepted
  // by the worker, or the owning department's with the worker copied. The worker is told the
  // ticket number in the chat they wrote from.
  Result<TicketRecord> openPatrol(Tx& tx, const MessageRecord& msg, const Classification& c,
                                  const Worker& worker, Millis now);

  // Handles a due ticket timer (accept/resolve deadline → overdue escalation; auto-close).
  Status onTimer(Tx& tx, const TimerRecord& timer, Millis now);

  // True if actor may act on t (the assignee, the copied worker, the grid's leader, or a token
  // whose scope covers the ticket).
  bool mayAct(const TicketRecord& t, const Actor& actor) const;

 private:
  Status appendEvent(Tx& tx, const TicketRecord& t, const Actor& actor, const std::string& action,
                     std::optional<TicketStatus> from, const std::string& note, Millis now);
  Status armDeadlines(Tx& tx, const TicketRecord& t, Millis now);
  Status reassign(Tx& tx, TicketRecord& t, const Assignment& a, const Actor& actor,
                  const std::string& action, const std::string& note, Millis now);
  Status tellReporters(Tx& tx, const TicketRecord& t, const std::string& text,
                       const std::string& key, Millis now);
  Status tellAssignee(Tx& tx, const TicketRecord& t, const std::string& text,
                      const std::string& key, Millis now);
  std::optional<Assignment> transferTarget(const TicketRecord& t, const std::string& target,
                                           Millis now, Tx& tx) const;
  std::string eventKey(const TicketRecord& t, const std::string& what, Millis now) const;
  // A new ticket's fields from the message, its reading and its place, with its deadlines; not
  // yet assigned or stored.
  TicketRecord draftTicket(const MessageRecord& msg, const Classification& c, const Placement& where,
                           Millis now) const;
  // Who did what actor did, as a resident reads it: the worker, the department, the community
  // or the street behind a token — not the ticket's assignee when someone else acted.
  std::string actorName(const Actor& actor, const TicketRecord& t) const;
  // A refusal whose message is the catalog's text for key: fit to show the person who asked.
  Status refusal(Code code, std::string_view key, MessageCatalog::Vars vars) const;

  const OrgIndex& org_;
  TicketPolicy policy_;
  Router router_;
  Notifier notifier_;
  const MessageCatalog& catalog_;
};

}  // namespace gg
