#pragma once
// Time as the bot sees it. Everything that waits (deadlines, schedules, retries) asks a Clock, so
// tests can move time by hand instead of sleeping. Times are Unix milliseconds (UTC); China time
// (UTC+8, no daylight saving) is computed from them, never from the machine's time zone.

#include <cstdint>
#include <string>

namespace gg {

using Millis = int64_t;  // Unix epoch milliseconds, UTC

constexpr Millis kSecond = 1000;
constexpr Millis kMinute = 60 * kSecond;
constexpr Millis kHour = 60 * kMinute;
constexpr Millis kDay = 24 * kHour;
constexpr Millis kChinaOffset = 8 * kHour;

class Clock {
 public:
  virtual ~Clock() = default;
  // Returns the current time in Unix milliseconds.
  virtual Millis now() const = 0;
};

class SystemClock : public Clock {
 public:
  Millis now() const override;
};

// Formats t as ISO 8601 in China time, e.g. "2026-12-25T09:00:00+08:00".
std::string formatChinaTime(Millis t);
// Formats t as "YYYY-MM-DD" in China time.
std::string formatChinaDate(Millis t);
// Parses ISO 8601 ("2026-12-25T09:00:00+08:00", "...Z", "2026-12-25T09:00:00" = China time,
// "2026-12-25" = China midnight). Returns false on anything else.
bool parseIsoTime(const std::string& text, Millis* out);
// Returns the Unix time of China-time midnight of the day containing t.
Millis chinaMidnight(Millis t);

}  // namespace gg
