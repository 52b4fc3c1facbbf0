#pragma once
// Slows down token guessing: an address that failed authentication `max_failures` times within
// `window` is answered 429 (with Retry-After) until its oldest failure leaves the window. Only
// failures count; a valid token from the same address is never held up by its own successes.

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace gg {

class AuthThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  AuthThrottle(int max_failures, std::chrono::seconds window)
      : max_failures_(max_failures), window_(window) {}

  // Seconds until address may try again, or 0 when it may try now.
  int retryAfterSeconds(const std::string& address, Clock::time_point now = Clock::now());
  // Records one failed attempt from address.
  void recordFailure(const std::string& address, Clock::time_point now = Clock::now());

 private:
  void expire(std::deque<Clock::time_point>& q, Clock::time_point now) const;

  const int max_failures_;
  const std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> failures_;
};

}  // namespace gg
