#pragma once
// A clock that moves only when told to, shared between threads. `gridgate simulate` replays a
// street's days on it; the tests drive deadlines with it (tests/support/fake_clock.h).

#include <atomic>

#include "core/clock.h"

namespace gg {

class ManualClock : public Clock {
 public:
  explicit ManualClock(Millis start) : now_(start) {}
  Millis now() const override { return now_.load(); }
  void set(Millis t) { now_.store(t); }
  void advance(Millis d) { now_.fetch_add(d); }

 private:
  std::atomic<Millis> now_;
};

}  // namespace gg
