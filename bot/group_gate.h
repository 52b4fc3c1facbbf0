#pragma once
// The first step of the message path for group messages: a group no grid is bound to is a
// group the street never asked gridgate to serve (the bot account was added to it by someone,
// or the binding was removed). Its messages are stored — the admin sees the group in
// GET /api/channels — but they never reach understanding: no answer, no ticket. Messages of
// bound groups and private chats go on to the next sink, and the account that heard them is
// remembered (bot/chat_routes.h) so replies go out through it.

#include "bot/chat_routes.h"
#include "core/clock.h"
#include "model/envelope.h"
#include "org/model.h"
#include "storage/store.h"

namespace gg {

class GroupGate : public InboundSink {
 public:
  // All references must outlive the gate.
  GroupGate(Store& store, const OrgIndex& org, Clock& clock, ChatRoutes& routes, InboundSink& next);

  // InboundSink. An unbound group's message is stored once (decision Decision::kUnknownGroup) and its
  // group listed, in one transaction; everything else is next.accept(env). OK only after commit.
  Status accept(const InboundEnvelope& env) override;

 private:
  Status storeUnbound(const InboundEnvelope& env);

  Store& store_;
  const OrgIndex& org_;
  Clock& clock_;
  ChatRoutes& routes_;
  InboundSink& next_;
};

}  // namespace gg
