#pragma once
// One pipeline for every channel: adapter → envelope → normalize/classify → route → one
// transaction (message, ticket, events, outbox) → the dispatcher sends after the commit.
// ingest() returns only after that commit, so a platform is acknowledged only for what is stored.

#include <optional>

#include "bot/outbox_signals.h"
#include "bot/pipeline_hooks.h"
#include "bot/ticket_service.h"
#include "core/clock.h"
#include "intents/intent_engine.h"
#include "storage/store.h"

namespace gg {

// Implements InboundSink: the hooks and the hotline spool hand envelopes straight to accept().
class Pipeline : public InboundSink {
 public:
  Pipeline(Store& store, const OrgIndex& org, const IntentEngine& intents, TicketService& tickets,
           Clock& clock, PipelineHooks hooks = {});

  // Stores, classifies and acts on one message in one transaction. A second delivery of the same
  // platform message is OK and changes nothing. Errors only when nothing could be stored.
  Status ingest(const InboundEnvelope& env);
  Status accept(const InboundEnvelope& env) override { return ingest(env); }

  // Applies a worker's or token holder's action to a ticket in its own transaction (the API).
  Result<TicketRecord> act(int64_t ticket_id, const std::string& action, const Actor& actor,
                           const std::string& argument);

  // A grid worker's patrol report through the API (POST /api/tickets): the same ticket as a
  // 直报 in the chat, stored as a message of channel "api". request_id (the client's, or one the
  // route makes up) keys the message, so a retried request is one ticket, not two.
  Result<TicketRecord> reportPatrol(const Worker& worker, const std::string& text,
                                    const std::string& request_id);

  // Fires due durable timers (ticket deadlines, auto-close); returns how many fired.
  Result<int> runTimers(int limit = 200);

  // Woken after every commit that may have queued outbox rows (the dispatcher).
  void setOutboxWaker(OutboxWaker* waker) { waker_ = waker; }

 private:
  Status handleCommand(Tx& tx, MessageRecord& rec, Millis now);

  Store& store_;
  const OrgIndex& org_;
  const IntentEngine& intents_;
  TicketService& tickets_;
  Clock& clock_;
  PipelineHooks hooks_;
  OutboxWaker* waker_ = nullptr;
};

}  // namespace gg
