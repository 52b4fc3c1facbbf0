#pragma once
// The outbox dispatcher: the only code that sends. Every outbound message is already a row
// (committed with whatever caused it); the dispatcher claims due rows with a lease, sends each
// through its channel's Sender, and records the outcome. A row marked sent is never sent again;
// a crash between send and mark leaves the row leased, and after the lease it is sent once more
// (at most that one message, with the same idempotency key).

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "bot/sender.h"
#include "bot/rate_window.h"
#include "core/clock.h"
#include "storage/store.h"

namespace gg {

struct DispatcherSettings {
  int max_attempts = 6;             // then dead-letter, last error kept
  Millis base_backoff = 2 * kSecond;
  Millis max_backoff = 10 * kMinute;
  Millis lease = kMinute;           // a claimed row not marked by then is retried
  int batch = 50;
  Millis idle_poll = 500;           // how often the loop looks for due rows when idle
  std::map<std::string, RateWindow::Limit> limits;  // per channel, per destination
};

class Dispatcher {
 public:
  // senders: channel name ("onebot", "wecom_robot", "wecom_app", "sms") → sender. Rows of a
  // channel without a sender wait (pending) until one is configured.
  Dispatcher(Store& store, Clock& clock, DispatcherSettings settings,
             std::map<std::string, SenderPtr> senders);
  ~Dispatcher();

  // Claims the due rows and attempts each once. Returns how many were attempted (sent, retried
  // or dead-lettered; rate-deferred rows are not counted).
  Result<int> runOnce();
  // Runs runOnce in a background thread until stop(). wake() shortens the wait after an enqueue.
  void start();
  void stop();
  void wake();

 private:
  Millis backoff(int attempts);
  Status deliver(const OutboxRecord& row);

  Store& store_;
  Clock& clock_;
  DispatcherSettings settings_;
  std::map<std::string, SenderPtr> senders_;
  std::vector<std::string> channels_;
  RateWindow window_;
  std::mt19937_64 rng_{std::random_device{}()};

  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
};

}  // namespace gg
