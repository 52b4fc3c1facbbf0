#pragma once
// The two small interfaces by which the dispatcher and the code that queues rows talk, so a
// reader follows a message from the pipeline to the sender without passing app/'s wiring:
//   - whoever commits outbox rows tells an OutboxWaker (the dispatcher) that there is work;
//   - the dispatcher tells a ChannelDownListener (bot/channel_down_alert.h) once per outage.

#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "storage/store.h"

namespace gg {

class OutboxWaker {
 public:
  virtual ~OutboxWaker() = default;
  // Says that rows may have been committed: the dispatcher looks now instead of at its next
  // poll. Cheap, thread-safe, never blocks on a send.
  virtual void wake() = 0;
};

class ChannelDownListener {
 public:
  virtual ~ChannelDownListener() = default;
  // Queues, inside tx (the transaction that records the failure), whatever should follow channel
  // going down: the street is told by another channel. Called once per outage; an error rolls
  // the failure record back with it.
  virtual Status channelDown(Tx& tx, Channel channel, const std::string& last_error,
                             Millis now) = 0;
};

}  // namespace gg
