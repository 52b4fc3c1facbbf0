#pragma once
// Whether each outbound channel is working, from what the dispatcher saw: a channel whose last
// N sends in a row failed is "down" until one send succeeds. Read by /healthz (degraded, with
// the reason) and used to fall back at once for staff messages instead of waiting on a dead
// platform. Thread-safe: the dispatcher writes, HTTP threads read.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/channel.h"
#include "model/health_report.h"

namespace gg {

class ChannelHealth : public HealthReport {
 public:
  // down_after: consecutive failures after which a channel counts as down (at least 1).
  explicit ChannelHealth(int down_after = 5) : down_after_(down_after < 1 ? 1 : down_after) {}

  // Records a failed send on channel; returns true exactly once per outage: when this failure
  // makes the channel down.
  bool recordFailure(Channel channel, const std::string& error);
  // Records a delivered send: the channel is up again and its failure count starts over.
  void recordSuccess(Channel channel);
  // True while channel is down.
  bool isDown(Channel channel) const;
  // Returns one reason per down channel ("channel onebot failing: 7 sends in a row, last: …").
  std::vector<std::string> reasons() const override;

 private:
  struct State {
    int failures = 0;
    std::string last_error;
  };
  int down_after_;
  mutable std::mutex mu_;
  std::map<Channel, State> channels_;
};

}  // namespace gg
