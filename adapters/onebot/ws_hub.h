#pragma once
// Every open OneBot WebSocket, by account (self_id), and what their frames mean: message events
// go to the InboundSink (the pipeline, through the group gate) — committed there before the next
// frame of that connection is read; meta events and connections keep the account's presence;
// API answers are matched to the waiting call by echo. The outbound side is OneBotWsSender,
// which sends a row through the account that is in the chat.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/onebot/ws_session.h"
#include "bot/presence.h"
#include "core/admission.h"
#include "bot/sender.h"
#include "model/envelope.h"

namespace gg {

// At most this many connections per account (a universal one, or an api and an event one). A
// new one over the limit replaces the oldest: a client reconnecting after a network cut must
// not be locked out by its own socket that we have not yet seen die.
constexpr size_t kMaxConnectionsPerAccount = 2;

// How long a message event waits for room on the write path (max_pending_ingest, shared with the
// HTTP hooks). OneBot v11 has no acknowledgement of a WebSocket event to withhold and clients do
// not resend one, so refusing would lose it: the event waits instead, and since the connection
// reads its next frame only after this one, TCP holds the client back. Past this wait it is
// committed anyway, over the bound (counted in gridgate_ingest_over_limit_total and logged): the
// bound is there so that overload answers fast where the client can retry, and here it cannot.
// What goes past it is small by construction: each io thread commits one frame at a time, so at
// most as many events as there are io threads are ever over the bound.
constexpr Millis kWsAdmissionWait = 2 * kSecond;

class OneBotWsHub : public WsSessionHandler {
 public:
  // presence may be null (then nothing tracks accounts); admission may be null (then message
  // events are not bounded), else each one holds a pass of it while it is committed, waiting up
  // to admission_wait for one.
  OneBotWsHub(InboundSink& sink, Presence* presence, AdmissionGate* admission = nullptr,
              Millis admission_wait = kWsAdmissionWait);

  // Registers an open connection (its self_id known) and starts it; over
  // kMaxConnectionsPerAccount the oldest connection of the account is closed.
  void add(const WsSessionPtr& session);
  // Names the account behind a connection opened without one (forward mode), once.
  void bindAccount(const WsSessionPtr& session, const std::string& self_id);
  // Calls action over a connection of self_id that carries API calls (universal or api).
  // notFound when the account has no such connection; otherwise as WsSession::call.
  Result<nlohmann::json> call(const std::string& self_id, const std::string& action,
                              const nlohmann::json& params, Millis timeout);
  // Returns the self_ids with at least one open connection.
  std::vector<std::string> connectedAccounts() const;
  // Returns how many open connections the account has.
  size_t connections(const std::string& self_id) const;
  // Returns the open connections of one mode (reverse-ws, forward-ws), bound or not: what a
  // listener or a dialler closes when it stops. Only its own: both share this hub.
  std::vector<WsSessionPtr> sessionsOf(const std::string& mode) const;
  // Drops one connection without closing it: for a socket whose io_context was stopped before
  // the connection could end, so that no socket outlives its io_context inside the hub.
  void forget(const WsSessionPtr& session);

  // WsSessionHandler.
  void onFrame(const std::shared_ptr<WsSession>& session, const std::string& text) override;
  void onClosed(const std::shared_ptr<WsSession>& session) override;

 private:
  void presenceFailed(const Status& s) const;

  // Returns a pass of admission_ (an empty one after admission_wait_), or an empty one at once
  // when there is no gate.
  AdmissionGate::Pass admit() const;

  InboundSink& sink_;
  Presence* presence_;
  AdmissionGate* admission_;
  Millis admission_wait_;
  mutable std::mutex mu_;
  std::map<std::string, std::vector<WsSessionPtr>> sessions_;  // self_id -> oldest first
  std::vector<WsSessionPtr> unbound_;  // forward mode before the account is known
};

// The Sender for channel "onebot" when WebSocket is configured: finds the account that is in
// the chat (the ChatAccountLookup, else the only connected account) and calls
// send_group_msg / send_private_msg over its connection. No connection for that account: the
// row waits (kWait), it is never dead-lettered for it. A failed or unanswered call is kRetry,
// like an HTTP failure; an answer other than retcode 0 (or async) is kPermanent.
class OneBotWsSender : public Sender {
 public:
  // accounts must outlive the sender.
  OneBotWsSender(OneBotWsHub& hub, ChatAccountLookup& accounts, Millis call_timeout, Millis wait_retry);
  SendOutcome send(const OutboundMessage& msg, const std::string& idempotency_key) override;
  // Sender. Group messages only: get_group_msg_history over the account's connection.
  SentLookup findSent(const OutboundMessage& msg, Millis since) override;

 private:
  // The account that speaks to msg's chat, or "" when none is known to.
  std::string accountFor(const OutboundMessage& msg) const;

  OneBotWsHub& hub_;
  ChatAccountLookup& accounts_;
  Millis call_timeout_;
  Millis wait_retry_;
};

}  // namespace gg
