#pragma once
// What a text message to the street's SMS number means, before the pipeline reads it as a
// resident's message. A resident who called the hotline is the same person when they text from
// that number, so their 评价/未解决 act on the ticket their call opened, and a bare "5" right
// after a rating request is that rating. A department contact's mobile takes (接单), finishes
// (办结) or hands back (退回) its department's tickets. "TD" / "退订" opts the number out of 手机群发. Anything
// else goes to the pipeline like a hotline call (understood, routed, answered by SMS).

#include <functional>

#include "bot/pipeline.h"
#include "bot/ticket_service.h"
#include "core/clock.h"
#include "storage/store.h"

namespace gg {

class SmsInbox : public InboundSink {
 public:
  // All references must outlive the inbox.
  SmsInbox(Store& store, const OrgIndex& org, TicketService& tickets, Pipeline& pipeline, Clock& clock)
      : store_(store), org_(org), tickets_(tickets), pipeline_(pipeline), clock_(clock) {}

  // InboundSink. Envelopes of other channels go straight to the pipeline. For "sms": an opt-out,
  // or a rating / 未解决 on a ticket this number reported, is stored and done in one
  // transaction; everything else is the pipeline's. The same message twice changes nothing.
  Status accept(const InboundEnvelope& env) override;

  // Called after a commit that queued outbox rows.
  void setOutboxWaker(OutboxWaker* waker) { waker_ = waker; }

 private:
  // Handles an opt-out; NotFound when the text is not one.
  Status optOut(const InboundEnvelope& env);
  // Handles 接单 / 办结 / 退回 from a department contact's mobile; NotFound when the number is no
  // department's or the text is not one of those commands.
  Status departmentCommand(const InboundEnvelope& env);
  // Handles a rating or 未解决 from a reporter; NotFound when the text is not one for a ticket
  // this number reported (the pipeline then reads it).
  Status residentCommand(const InboundEnvelope& env);

  // Runs handle(tx, rec, now) for a message seen for the first time, rec filled (id, envelope,
  // time, decision) and annotated after handle (which may change it); a repeat changes nothing.
  // handle's error rolls the message back (NotFound: the text was not this handler's). Wakes
  // the dispatcher after a commit.
  using Handler = std::function<Status(Tx& tx, MessageRecord& rec, Millis now)>;
  Status storeOnce(const InboundEnvelope& env, Decision decision, const Handler& handle);
  // Queues text to the number env came from, keyed by env's id (one reply per message).
  Status replyBySms(Tx& tx, const InboundEnvelope& env, const std::string& text, int64_t ticket_id,
                    Millis now) const;

  Store& store_;
  const OrgIndex& org_;
  TicketService& tickets_;
  Pipeline& pipeline_;
  Clock& clock_;
  OutboxWaker* waker_ = nullptr;
};

}  // namespace gg
