#pragma once
// A rolling-window rate limiter per destination ("at most N sends in any window of W ms"), the
// shape platform limits take (a WeCom group robot: 20 messages a minute). Not thread-safe: one
// dispatcher thread owns it.

#include <deque>
#include <map>
#include <string>

#include "core/clock.h"
#include "storage/store.h"

namespace gg {

// Where past sends are remembered, so a restart does not forget a window that is already half
// used.
class SendHistory {
 public:
  virtual ~SendHistory() = default;
  // Returns the times of sends to destination at or after since, oldest first.
  virtual std::vector<Millis> sendsSince(const std::string& destination, Millis since) = 0;
};

// The outbox rows already marked sent. destination is "channel\ntarget".
class OutboxSendHistory : public SendHistory {
 public:
  explicit OutboxSendHistory(Store& store) : store_(store) {}
  std::vector<Millis> sendsSince(const std::string& destination, Millis since) override;

 private:
  Store& store_;
};

class RateWindow {
 public:
  struct Limit {
    int messages = 20;
    Millis per_ms = kMinute;
  };
  // history, when given, is read the first time a destination is seen.
  explicit RateWindow(SendHistory* history = nullptr) : history_(history) {}

  // Returns 0 if a send to destination is allowed at now, else the time it becomes allowed.
  Millis nextAllowed(const std::string& destination, const Limit& limit, Millis now);
  // Records a send at now.
  void record(const std::string& destination, Millis now);

 private:
  std::deque<Millis>& window(const std::string& destination, const Limit& limit, Millis now);

  SendHistory* history_;
  std::map<std::string, std::deque<Millis>> sends_;
};

}  // namespace gg
