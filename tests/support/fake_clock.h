#pragma once
// The tests' clock: time moves only when a test says so, so deadlines, reminders and retries are
// tested without sleeping.

#include "core/manual_clock.h"

namespace gg {

using FakeClock = ManualClock;

}  // namespace gg
