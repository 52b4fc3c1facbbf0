#include "bot/channel_health.h"

namespace gg {

bool ChannelHealth::recordFailure(Channel channel, const std::string& error) {
  std::lock_guard<std::mutex> lock(mu_);
  State& s = channels_[channel];
  s.failures += 1;
  s.last_error = error;
  return s.failures == down_after_;
}

void ChannelHealth::recordSuccess(Channel channel) {
  std::lock_guard<std::mutex> lock(mu_);
  channels_.erase(channel);
}

bool ChannelHealth::isDown(Channel channel) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = channels_.find(channel);
  return it != channels_.end() && it->second.failures >= down_after_;
}

std::vector<std::string> ChannelHealth::reasons() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [channel, s] : channels_) {
    if (s.failures < down_after_) continue;
    out.push_back("channel " + std::string(toString(channel)) + " failing: " + std::to_string(s.failures) +
                  " sends in a row, last: " + s.last_error);
  }
  return out;
}

}  // namespace gg
