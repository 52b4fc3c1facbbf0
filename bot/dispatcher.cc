#include "bot/dispatcher.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "bot/outbox_queue.h"
#include "core/log.h"
#include "core/metrics.h"

namespace gg {

Dispatcher::Dispatcher(Store& store, Clock& clock, DispatcherSettings settings,
                       std::map<Channel, SenderPtr> senders)
    : store_(store),
      clock_(clock),
      settings_(std::move(settings)),
      senders_(std::move(senders)),
      history_(store),
      window_(&history_),
      health_(settings_.down_after),
      rng_(settings_.jitter_seed != 0 ? settings_.jitter_seed : std::random_device{}()) {
  for (const auto& [channel, sender] : senders_) {
    if (sender) channels_.push_back(channel);
  }
}

Dispatcher::~Dispatcher() { stop(); }

Millis Dispatcher::backoff(int attempts) {
  // Exponential with "equal jitter": half fixed, half random, so retries of many rows spread out.
  Millis b = settings_.base_backoff;
  for (int i = 1; i < attempts && b < settings_.max_backoff; ++i) b *= 2;
  b = std::min(b, settings_.max_backoff);
  std::uniform_int_distribution<Millis> jitter(0, b / 2);
  return b / 2 + jitter(rng_);
}

Millis Dispatcher::retryHorizon(Channel channel) const {
  auto it = settings_.retry_horizons.find(channel);
  return it != settings_.retry_horizons.end() ? it->second : settings_.retry_horizon;
}

namespace {

// How many slots of a destination's window only an emergency may use: without them a burst of
// routine replies fills the window and the "call 119" answer waits a minute behind them.
int emergencyReserve(int messages) { return messages >= 5 ? std::max(1, messages / 10) : 0; }

}  // namespace

Status Dispatcher::failOverUnsendable() {
  std::vector<OutboxRecord> rows;
  GG_RETURN_IF_ERROR(store_.read([&](Tx& tx) {
    auto r = tx.outbox().unsendableWithFallback(channels_, settings_.batch);
    if (!r.isOk()) return r.status();
    rows = std::move(r).value();
    return Status::ok();
  }));
  if (rows.empty()) return Status::ok();
  const Millis now = clock_.now();
  return store_.write([&](Tx& tx) -> Status {
    for (const auto& row : rows) {
      auto next = tx.outbox().failOver(row.id, "channel " + std::string(toString(row.message.channel)) + " is not configured", now);
      if (!next.isOk()) return next.status();
      log::info("outbox fallback id={} channel={} (not configured) next={}", row.id, toString(row.message.channel), *next);
    }
    return Status::ok();
  });
}

Result<int> Dispatcher::runOnce() {
  GG_RETURN_IF_ERROR(failOverUnsendable());
  const Millis now = clock_.now();
  // Look before taking the write lock: most wake-ups of an idle gateway find nothing due.
  bool any = false;
  GG_RETURN_IF_ERROR(store_.read([&](Tx& tx) {
    auto r = tx.outbox().anyDue(now, channels_);
    if (!r.isOk()) return r.status();
    any = *r;
    return Status::ok();
  }));
  if (!any) return 0;
  std::vector<OutboxRecord> rows;
  GG_RETURN_IF_ERROR(store_.write([&](Tx& tx) {
    auto r = tx.outbox().claimDue(now, settings_.batch, settings_.lease, channels_);
    if (!r.isOk()) return r.status();
    rows = std::move(r).value();
    return Status::ok();
  }));
  int attempted = 0;
  for (const auto& row : rows) {
    Status s = deliver(row);
    if (s.code() == Code::kResourceExhausted) continue;  // rate-deferred
    if (!s.isOk()) return s;
    ++attempted;
  }
  return attempted;
}

Status Dispatcher::deliver(const OutboxRecord& row) {
  const auto& msg = row.message;
  const std::string dest = std::string(toString(msg.channel)) + '\n' + msg.target;
  RateWindow::Limit limit;
  auto lim = settings_.limits.find(msg.channel);
  if (lim != settings_.limits.end()) limit = lim->second;
  if (row.priority < kLaneEmergency) limit.messages -= emergencyReserve(limit.messages);
  const Millis now = clock_.now();
  // A staff row with a fallback does not wait for a channel that is down: the next route goes.
  if (!row.reach_group.empty() && health_.isDown(msg.channel)) {
    Status s = store_.write([&](Tx& tx) -> Status {
      auto next = tx.outbox().failOver(row.id, "channel " + std::string(toString(msg.channel)) + " is down", now);
      if (!next.isOk()) return next.status();
      if (*next != 0) return Status::ok();
      return unavailable("no fallback");
    });
    if (s.isOk()) return Status::ok();
    if (s.code() != Code::kUnavailable) return s;
  }
  Sender& sender = *senders_.at(msg.channel);
  // The last attempt was cut off (a crash between the platform's acceptance and the mark): where
  // the platform keeps a record, look before sending again, so the resident hears it once.
  if (row.interrupted_attempt_at != 0) {
    const SentLookup seen = lookBeforeResending(sender, row);
    if (seen.kind == SentLookup::Kind::kFound) {
      health_.recordSuccess(msg.channel);
      return store_.write([&](Tx& tx) -> Status {
        GG_RETURN_IF_ERROR(tx.outbox().markSent(row.id, seen.platform_msg_id, now));
        return tx.outbox().settleReach(row.reach_group).status();
      });
    }
  }
  if (Millis at = window_.nextAllowed(dest, limit, now); at != 0) {
    GG_RETURN_IF_ERROR(store_.write([&](Tx& tx) { return tx.outbox().defer(row.id, at); }));
    return resourceExhausted("rate limited");
  }
  window_.record(dest, now);
  // Senders promise not to throw; this is the last line of defence, because an exception here
  // would abort the process and the leased row would come back and abort it again.
  SendOutcome out;
  const auto started = std::chrono::steady_clock::now();
  try {
    out = sender.send(msg, row.dedup_key);
  } catch (const std::exception& e) {
    out = SendOutcome::permanent(std::string("sender threw: ") + e.what());
  } catch (...) {
    out = SendOutcome::permanent("sender threw");
  }
  static constexpr const char* kOutcome[] = {"delivered", "retry", "permanent", "wait"};
  metrics::observe("gridgate_send_seconds",
                   {{"channel", std::string(toString(msg.channel))}, {"outcome", kOutcome[static_cast<int>(out.kind)]}},
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  const Millis done = clock_.now();
  return store_.write([&](Tx& tx) -> Status {
    if (out.kind == SendOutcome::Kind::kDelivered) {
      health_.recordSuccess(msg.channel);
      GG_RETURN_IF_ERROR(tx.outbox().markSent(row.id, out.platform_msg_id, done));
      return tx.outbox().settleReach(row.reach_group).status();
    }
    return recordFailure(tx, row, out, done);
  });
}

SentLookup Dispatcher::lookBeforeResending(Sender& sender, const OutboxRecord& row) {
  // A minute's slack: the attempt began about lease before the lease ran out, and clocks differ.
  const Millis since = std::max<Millis>(row.created_at, row.interrupted_attempt_at - kMinute);
  SentLookup seen;
  try {
    seen = sender.findSent(row.message, since);
  } catch (...) {
    seen = SentLookup::unknown();  // as for send(): a sender that throws cannot tell
  }
  static constexpr const char* kSeen[] = {"unknown", "absent", "found"};
  metrics::add("gridgate_outbox_interrupted_total",
               {{"channel", std::string(toString(row.message.channel))},
                {"platform_record", kSeen[static_cast<int>(seen.kind)]}});
  log::info("outbox interrupted id={} channel={} attempt={} platform_record={}{}", row.id,
            toString(row.message.channel), row.attempts - 1, kSeen[static_cast<int>(seen.kind)],
            seen.kind == SentLookup::Kind::kFound ? " (marked sent, not sent again)" : "");
  return seen;
}

Status Dispatcher::recordFailure(Tx& tx, const OutboxRecord& row, const SendOutcome& out, Millis done) {
  const auto& msg = row.message;
  // A row the platform refused for what it is (a bad address) says nothing about the channel.
  if (out.kind == SendOutcome::Kind::kRetry && health_.recordFailure(msg.channel, out.error)) {
    log::warn("channel {} down after {} failed sends in a row", toString(msg.channel), settings_.down_after);
    if (on_down_) GG_RETURN_IF_ERROR(on_down_->channelDown(tx, msg.channel, out.error, done));
  }
  if (!row.reach_group.empty() && row.attempts >= settings_.fallback_after) {
    auto next = tx.outbox().failOver(row.id, "fell back after: " + out.error, done);
    if (!next.isOk()) return next.status();
    if (*next != 0) {
      log::info("outbox fallback id={} channel={} next={} error={}", row.id, toString(msg.channel), *next, out.error);
      return Status::ok();
    }
  }
  if (out.kind == SendOutcome::Kind::kWait) {
    // Not an attempt (a OneBot account with no connection): the row waits, never dead for it.
    return tx.outbox().defer(row.id, done + std::max<Millis>(out.retry_after_ms, kSecond));
  }
  if (out.kind == SendOutcome::Kind::kPermanent) {
    log::warn("outbox dead id={} channel={} error={}", row.id, toString(msg.channel), out.error);
    return tx.outbox().markDead(row.id, out.error, done);
  }
  const Millis give_up = row.give_up_at != 0 ? row.give_up_at : row.created_at + retryHorizon(msg.channel);
  const Millis wait = std::max(out.retry_after_ms, backoff(row.attempts));
  const bool capped = settings_.max_attempts > 0 && row.attempts >= settings_.max_attempts;
  if (!capped && done + wait <= give_up) {
    log::info("outbox retry id={} channel={} attempt={} in_ms={} error={}", row.id, toString(msg.channel),
              row.attempts, wait, out.error);
    return tx.outbox().markRetry(row.id, out.error, done + wait);
  }
  // The last try is at the horizon itself, so an outage just shorter than it loses nothing.
  if (!capped && done < give_up) {
    return tx.outbox().markRetry(row.id, out.error, give_up);
  }
  log::warn("outbox dead id={} channel={} attempts={} error={}", row.id, toString(msg.channel), row.attempts, out.error);
  return tx.outbox().markDead(row.id, "gave up after " + std::to_string(row.attempts) + " attempts: " + out.error,
                              done);
}

void Dispatcher::start() {
  thread_ = std::thread([this] {
    for (;;) {
      auto n = runOnce();
      if (!n.isOk()) log::error("dispatcher: {}", n.status().message());
      std::unique_lock<std::mutex> lock(mu_);
      if (stopping_) return;
      if (n.isOk() && *n > 0) continue;  // more may be due right away
      cv_.wait_for(lock, std::chrono::milliseconds(settings_.idle_poll),
                   [this] { return stopping_ || woken_; });
      woken_ = false;
      if (stopping_) return;
    }
  });
}

void Dispatcher::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Dispatcher::wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

}  // namespace gg
