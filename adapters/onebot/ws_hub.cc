#include "adapters/onebot/ws_hub.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "adapters/onebot/onebot_action.h"
#include "adapters/onebot/onebot_event.h"
#include "adapters/onebot/onebot_frame.h"
#include "adapters/onebot/onebot_presence.h"
#include "adapters/onebot/onebot_sender.h"
#include "core/log.h"
#include "core/metrics.h"

namespace gg {

OneBotWsHub::OneBotWsHub(InboundSink& sink, Presence* presence, AdmissionGate* admission,
                         Millis admission_wait)
    : sink_(sink), presence_(presence), admission_(admission), admission_wait_(admission_wait) {}

AdmissionGate::Pass OneBotWsHub::admit() const {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(admission_wait_);
  for (;;) {
    if (auto pass = admission_->tryEnter()) return pass;
    if (std::chrono::steady_clock::now() >= give_up) return AdmissionGate::Pass();
    // A pass frees when a commit ends (a few ms); polling keeps the gate a lock-free counter.
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void OneBotWsHub::presenceFailed(const Status& s) const {
  if (!s.isOk()) log::warn("onebot ws: presence not recorded: {}", s.message());
}

void OneBotWsHub::add(const WsSessionPtr& session) {
  WsSessionPtr replaced;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (session->selfId().empty()) {
      unbound_.push_back(session);
    } else {
      auto& list = sessions_[session->selfId()];
      list.push_back(session);
      if (list.size() > kMaxConnectionsPerAccount) {
        replaced = list.front();
        list.erase(list.begin());
      }
    }
  }
  if (replaced) {
    log::warn("onebot ws self_id={}: more than {} connections, closing the oldest ({})",
              session->selfId(), kMaxConnectionsPerAccount, replaced->peer());
    replaced->close();
  }
  if (presence_ && !session->selfId().empty()) {
    presenceFailed(presence_->connected(Channel::kOneBot, session->selfId(), session->mode()));
  }
  log::info("onebot ws self_id={} mode={} role={} peer={} connected", session->selfId(),
            session->mode(), session->role(), session->peer());
  session->start();
}

void OneBotWsHub::onFrame(const std::shared_ptr<WsSession>& session, const std::string& text) {
  auto frame = classifyOneBotFrame(text);
  if (!frame.isOk()) {
    log::warn("onebot ws self_id={}: frame of {} bytes ignored: {}", session->selfId(), text.size(),
              frame.status().message());
    return;
  }
  if (frame->kind == OneBotFrame::Kind::kResponse) {
    if (!session->resolve(frame->echo, frame->json)) {
      log::warn("onebot ws self_id={}: answer with unknown echo ignored", session->selfId());
    }
    return;
  }
  // Forward mode: the first event names the account behind this connection.
  if (session->selfId().empty()) bindAccount(session, frame->self_id);
  if (frame->self_id != session->selfId()) {
    // One connection speaks for one account: a frame naming another is not believed.
    log::warn("onebot ws self_id={}: event for self_id={} ignored", session->selfId(), frame->self_id);
    return;
  }
  switch (frame->kind) {
    case OneBotFrame::Kind::kMeta:
      if (presence_) presenceFailed(recordOneBotMeta(*presence_, *frame, session->mode()));
      return;
    case OneBotFrame::Kind::kOtherEvent:
      return;  // notices and requests: nothing gridgate acts on yet
    case OneBotFrame::Kind::kMessage:
      break;
    case OneBotFrame::Kind::kResponse:
      return;
  }
  auto ev = parseOneBotEvent(text);
  if (!ev.isOk()) {
    log::warn("onebot ws self_id={}: message event ignored: {}", session->selfId(), ev.status().message());
    return;
  }
  if (!ev->has_value()) return;
  AdmissionGate::Pass pass;
  if (admission_) {
    pass = admit();
    if (!pass) {
      // Not refused: nobody would send it again (kWsAdmissionWait says why this stays small).
      metrics::add("gridgate_ingest_over_limit_total", {{"hook", "onebot_ws"}});
      log::warn("onebot ws self_id={} msg_id={}: write path full for {} ms, committing over the bound",
                session->selfId(), (*ev)->platform_msg_id, admission_wait_);
    }
  }
  // WebSocket has no acknowledgement to withhold: a failed commit is logged loudly; the client
  // does not resend, so this is where the operator learns about it.
  Status s = sink_.accept(**ev);
  if (!s.isOk()) {
    log::error("onebot ws self_id={} msg_id={}: not stored: {}", session->selfId(),
               (*ev)->platform_msg_id, s.toString());
  }
}

void OneBotWsHub::bindAccount(const WsSessionPtr& session, const std::string& self_id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!session->selfId().empty()) return;
    auto it = std::find(unbound_.begin(), unbound_.end(), session);
    if (it == unbound_.end()) return;  // closed meanwhile
    unbound_.erase(it);
    session->setSelfId(self_id);
    sessions_[self_id].push_back(session);
  }
  log::info("onebot ws peer={} is account self_id={}", session->peer(), self_id);
  if (presence_) presenceFailed(presence_->connected(Channel::kOneBot, self_id, session->mode()));
}

void OneBotWsHub::onClosed(const std::shared_ptr<WsSession>& session) {
  bool last = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    unbound_.erase(std::remove(unbound_.begin(), unbound_.end(), session), unbound_.end());
    auto it = sessions_.find(session->selfId());
    if (it != sessions_.end()) {
      auto& list = it->second;
      const size_t before = list.size();
      list.erase(std::remove(list.begin(), list.end(), session), list.end());
      last = before != list.size() && list.empty();
      if (list.empty()) sessions_.erase(it);
    }
  }
  if (last && presence_) presenceFailed(presence_->disconnected(Channel::kOneBot, session->selfId()));
}

Result<nlohmann::json> OneBotWsHub::call(const std::string& self_id, const std::string& action,
                                         const nlohmann::json& params, Millis timeout) {
  WsSessionPtr chosen;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(self_id);
    if (it != sessions_.end()) {
      // The newest connection first: an older one may be the dead half of a reconnect.
      for (auto s = it->second.rbegin(); s != it->second.rend(); ++s) {
        if (!(*s)->closed() && (*s)->role() != "event") {
          chosen = *s;
          break;
        }
      }
    }
  }
  if (!chosen) return notFound("onebot account " + self_id + " has no API connection");
  return chosen->call(action, params, timeout);
}

std::vector<std::string> OneBotWsHub::connectedAccounts() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [id, list] : sessions_) {
    if (!list.empty()) out.push_back(id);
  }
  return out;
}

size_t OneBotWsHub::connections(const std::string& self_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(self_id);
  return it == sessions_.end() ? 0 : it->second.size();
}

std::vector<WsSessionPtr> OneBotWsHub::sessionsOf(const std::string& mode) const {
  std::vector<WsSessionPtr> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [id, list] : sessions_) {
    for (const auto& s : list) {
      if (s->mode() == mode) out.push_back(s);
    }
  }
  for (const auto& s : unbound_) {
    if (s->mode() == mode) out.push_back(s);
  }
  return out;
}

void OneBotWsHub::forget(const WsSessionPtr& session) {
  std::lock_guard<std::mutex> lock(mu_);
  unbound_.erase(std::remove(unbound_.begin(), unbound_.end(), session), unbound_.end());
  auto it = sessions_.find(session->selfId());
  if (it == sessions_.end()) return;
  auto& list = it->second;
  list.erase(std::remove(list.begin(), list.end(), session), list.end());
  if (list.empty()) sessions_.erase(it);
}

OneBotWsSender::OneBotWsSender(OneBotWsHub& hub, ChatAccountLookup& accounts, Millis call_timeout, Millis wait_retry)
    : hub_(hub), accounts_(accounts), call_timeout_(call_timeout), wait_retry_(wait_retry) {}

std::string OneBotWsSender::accountFor(const OutboundMessage& msg) const {
  std::string self_id = accounts_.accountFor(Channel::kOneBot, msg.target_kind, msg.target);
  if (!self_id.empty()) return self_id;
  // Never heard from this chat: with one account there is no choice to get wrong.
  auto connected = hub_.connectedAccounts();
  return connected.size() == 1 ? connected.front() : "";
}

SentLookup OneBotWsSender::findSent(const OutboundMessage& msg, Millis since) {
  auto call = oneBotHistoryActionFor(msg);
  const std::string message = OneBotSender::buildMessage(msg);
  const std::string self_id = accountFor(msg);
  if (!call || message.empty() || self_id.empty()) return SentLookup::unknown();
  auto answer = hub_.call(self_id, call->action, call->params, call_timeout_);
  if (!answer.isOk()) return SentLookup::unknown();
  return findInHistory(*answer, message, since);
}

SendOutcome OneBotWsSender::send(const OutboundMessage& msg, const std::string& /*idempotency_key*/) {
  auto call = oneBotActionFor(msg);
  if (!call.isOk()) return SendOutcome::permanent(call.status().message());
  const std::string self_id = accountFor(msg);
  if (self_id.empty()) {
    return SendOutcome::wait("no onebot account is known to be in " +
                                 std::string(toString(msg.target_kind)) + " " + msg.target,
                             wait_retry_);
  }
  auto answer = hub_.call(self_id, call->action, call->params, call_timeout_);
  if (!answer.isOk()) {
    // Not sent at all (no connection, or too many calls waiting): the row waits uncounted. Sent
    // but unanswered: a counted retry, as for an HTTP failure.
    const Code code = answer.status().code();
    if (code == Code::kNotFound || code == Code::kResourceExhausted) {
      return SendOutcome::wait(answer.status().message(), wait_retry_);
    }
    return SendOutcome::retry(answer.status().message());
  }
  return oneBotOutcome(*answer);
}

}  // namespace gg
