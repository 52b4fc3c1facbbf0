#pragma once
// The outbox dispatcher: the only code that sends. Every outbound message is already a row
// (committed with whatever caused it); the dispatcher claims due rows with a lease, sends each
// through its channel's Sender, and records the outcome. A row marked sent is never sent again;
// a crash between send and mark leaves the row leased, and after the lease it is sent once more
// (at most that one message, with the same idempotency key).
//
// Rows are claimed by priority lane (bot/outbox_queue.h), and the last slots of every
// destination's rate window are kept for emergencies. A failing row retries with backoff until
// its channel's retry horizon (or the row's own give_up_at, a notice's deadline) has passed; a
// staff row with a fallback hands over to the next channel after its first failure, or at once
// when its channel has no sender or is down.

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "bot/channel_health.h"
#include "bot/outbox_signals.h"
#include "bot/rate_window.h"
#include "bot/sender.h"
#include "core/clock.h"
#include "storage/store.h"

namespace gg {

// An outage of a few hours (a OneBot client restarted overnight, a carrier's gateway down) must
// not lose a reply; after that a message is stale enough that a person should look at it.
constexpr Millis kDefaultRetryHorizon = 6 * kHour;

struct DispatcherSettings {
  int max_attempts = 0;             // 0 = no cap: the retry horizon decides; else dead after this many
  Millis retry_horizon = kDefaultRetryHorizon;    // per channel below, else this
  std::map<Channel, Millis> retry_horizons;   // channel -> horizon
  int fallback_after = 1;           // failed attempts of a staff row before its fallback takes over
  int down_after = 5;               // consecutive failures that make a channel down (one alert)
  Millis base_backoff = 2 * kSecond;
  Millis max_backoff = 10 * kMinute;
  Millis lease = kMinute;           // a claimed row not marked by then is retried
  int batch = 50;
  Millis idle_poll = 500;           // how often the loop looks for due rows when idle
  uint64_t jitter_seed = 0;         // 0 = from std::random_device; a test sets one to repeat a run
  std::map<Channel, RateWindow::Limit> limits;  // per channel, per destination
};

class Dispatcher : public OutboxWaker {
 public:
  // senders: channel (kOneBot, kWeComRobot, kWeComApp, kSms) → sender. Rows of a
  // channel without a sender wait (pending) until one is configured.
  Dispatcher(Store& store, Clock& clock, DispatcherSettings settings,
             std::map<Channel, SenderPtr> senders);
  ~Dispatcher();

  // Claims the due rows and attempts each once. Returns how many were attempted (sent, retried
  // or dead-lettered; rate-deferred rows are not counted).
  Result<int> runOnce();
  // Runs runOnce in a background thread until stop(). wake() shortens the wait after an enqueue.
  void start();
  void stop();
  void wake() override;
  // Tells listener when a channel goes down (before start(); it must outlive the dispatcher).
  void setChannelDownListener(ChannelDownListener* listener) { on_down_ = listener; }
  // Returns what the dispatcher knows of each channel's health (for /healthz).
  const ChannelHealth& health() const { return health_; }
  // Returns the retry horizon of channel.
  Millis retryHorizon(Channel channel) const;

 private:
  Millis backoff(int attempts);
  Status deliver(const OutboxRecord& row);
  // Hands staff rows whose channel has no sender to their next route.
  Status failOverUnsendable();
  // Records the outcome of a failed send of row (retry, fall back or dead) inside tx.
  Status recordFailure(Tx& tx, const OutboxRecord& row, const SendOutcome& out, Millis done);
  // Asks the sender whether the platform already holds the row whose last attempt was cut off.
  SentLookup lookBeforeResending(Sender& sender, const OutboxRecord& row);

  Store& store_;
  Clock& clock_;
  DispatcherSettings settings_;
  std::map<Channel, SenderPtr> senders_;
  std::vector<Channel> channels_;
  OutboxSendHistory history_;
  RateWindow window_;
  ChannelHealth health_;
  ChannelDownListener* on_down_ = nullptr;
  std::mt19937_64 rng_;  // retry jitter, seeded from settings_.jitter_seed

  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
};

}  // namespace gg
