#pragma once
// A rolling-window rate limiter per destination ("at most N sends in any window of W ms"), the
// shape platform limits take (a WeCom group robot: 20 messages a minute). Not thread-safe: one
// dispatcher thread owns it.

#include <deque>
#include <functional>
#include <map>
#include <string>

#include "core/clock.h"

namespace gg {

class RateWindow {
 public:
  struct Limit {
    int messages = 20;
    Millis per_ms = kMinute;
  };
  // seed(destination, since) returns past send times (from the database) the first time a
  // destination is seen, so a restart does not forget a window that is already half used.
  using Seeder = std::function<std::vector<Millis>(const std::string& destination, Millis since)>;

  explicit RateWindow(Seeder seed = nullptr) : seed_(std::move(seed)) {}

  // Returns 0 if a send to destination is allowed at now, else the time it becomes allowed.
  Millis nextAllowed(const std::string& destination, const Limit& limit, Millis now);
  // Records a send at now.
  void record(const std::string& destination, Millis now);

 private:
  std::deque<Millis>& window(const std::string& destination, const Limit& limit, Millis now);

  Seeder seed_;
  std::map<std::string, std::deque<Millis>> sends_;
};

}  // namespace gg
