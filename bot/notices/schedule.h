#pragma once
// Schedule arithmetic for notices, all in China time (UTC+8) whatever the machine's zone:
// durations like "7d", clock times like "09:00", reminder times relative to a deadline, quiet
// hours, and the relative dates config files use ("+1d 08:00").

#include <string>

#include "core/clock.h"

namespace gg {

// Parses "7d", "36h", "90m" (a positive count and one unit). Returns false otherwise.
bool parseDuration(const std::string& text, Millis* out);

// Parses "HH:MM" (00:00-23:59; "24:00" is accepted as end of day) into minutes since midnight.
bool parseClockTime(const std::string& text, int* minutes);

// Returns the minute of the China-time day that t falls in (0-1439).
int chinaMinuteOfDay(Millis t);

// Returns the time of a reminder `before` ahead of deadline. With at_minute >= 0 it is that clock
// time on the China-time day of (deadline - before): "7d at 09:00" before 2026-12-25 23:59 is
// 2026-12-18 09:00. With at_minute < 0 it is exactly deadline - before.
Millis reminderTime(Millis deadline, Millis before, int at_minute);

// True if t falls in the quiet window [start, end) (China time; end < start wraps midnight).
bool inQuietHours(Millis t, int start_minute, int end_minute);

// Returns t unchanged outside quiet hours, else the first moment the quiet window ends.
Millis shiftOutOfQuiet(Millis t, int start_minute, int end_minute);

// Parses a config time: ISO 8601 (see parseIsoTime) or relative to now's China day,
// "+1d 08:00", "+0d 14:30", "-2d 09:00", or "+2h" (now + duration). Returns false otherwise.
bool parseWhen(const std::string& text, Millis now, Millis* out);

// Formats t's China date as "2026年12月25日".
std::string formatChineseDate(Millis t);
// Formats t's China date as "12月25日".
std::string formatChineseMonthDay(Millis t);

}  // namespace gg
