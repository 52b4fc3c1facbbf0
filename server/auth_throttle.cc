#include "server/auth_throttle.h"

#include <algorithm>

namespace gg {

void AuthThrottle::expire(std::deque<Clock::time_point>& q, Clock::time_point now) const {
  while (!q.empty() && now - q.front() >= window_) q.pop_front();
}

int AuthThrottle::retryAfterSeconds(const std::string& address, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = failures_.find(address);
  if (it == failures_.end()) return 0;
  expire(it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    return 0;
  }
  if (static_cast<int>(it->second.size()) < max_failures_) return 0;
  const auto wait = std::chrono::duration_cast<std::chrono::seconds>(it->second.front() + window_ - now);
  return std::max<int>(1, static_cast<int>(wait.count()) + 1);
}

void AuthThrottle::recordFailure(const std::string& address, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  // Bounded memory under a spray of addresses: forget everything rather than grow without end.
  if (failures_.size() > 100000) failures_.clear();
  auto& q = failures_[address];
  expire(q, now);
  q.push_back(now);
  if (static_cast<int>(q.size()) > max_failures_) q.pop_front();
}

}  // namespace gg
