#include "bot/notices/schedule.h"

#include <cstdio>

namespace gg {
namespace {

bool allDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Returns China-time civil date parts of t.
void chinaDate(Millis t, int* y, int* m, int* d) {
  const std::string date = formatChinaDate(t);  // YYYY-MM-DD
  std::sscanf(date.c_str(), "%d-%d-%d", y, m, d);
}

}  // namespace

// No notice is scheduled, reminded or expired more than ten years from now: a larger count is
// a typo (and past about 10^5 years the milliseconds overflow into negative times).
constexpr Millis kMaxSpan = 3650 * kDay;

bool parseDuration(const std::string& text, Millis* out) {
  if (text.size() < 2 || text.size() > 8) return false;
  const std::string digits = text.substr(0, text.size() - 1);
  if (!allDigits(digits)) return false;
  const Millis n = std::stoll(digits);  // at most 7 digits: cannot throw
  if (n <= 0) return false;
  Millis unit = 0;
  switch (text.back()) {
    case 'd': unit = kDay; break;
    case 'h': unit = kHour; break;
    case 'm': unit = kMinute; break;
    default: return false;
  }
  if (n > kMaxSpan / unit) return false;
  *out = n * unit;
  return true;
}

bool parseClockTime(const std::string& text, int* minutes) {
  if (text.size() != 5 || text[2] != ':') return false;
  const std::string h = text.substr(0, 2), m = text.substr(3, 2);
  if (!allDigits(h) || !allDigits(m)) return false;
  const int hh = std::stoi(h), mm = std::stoi(m);
  if (mm > 59 || hh > 24 || (hh == 24 && mm != 0)) return false;
  *minutes = hh * 60 + mm;
  return true;
}

int chinaMinuteOfDay(Millis t) { return static_cast<int>((t - chinaMidnight(t)) / kMinute); }

Millis reminderTime(Millis deadline, Millis before, int at_minute) {
  const Millis base = deadline - before;
  if (at_minute < 0) return base;
  return chinaMidnight(base) + at_minute * kMinute;
}

bool inQuietHours(Millis t, int start, int end) {
  if (start == end) return false;
  const int m = chinaMinuteOfDay(t);
  if (start < end) return m >= start && m < end;
  return m >= start || m < end;
}

Millis shiftOutOfQuiet(Millis t, int start, int end) {
  if (!inQuietHours(t, start, end)) return t;
  const Millis midnight = chinaMidnight(t);
  Millis candidate = midnight + end * kMinute;
  if (candidate <= t) candidate += kDay;  // the window started today and ends tomorrow
  return candidate;
}

bool parseWhen(const std::string& text, Millis now, Millis* out) {
  if (text.empty()) return false;
  if (text[0] != '+' && text[0] != '-') return parseIsoTime(text, out);
  const int sign = text[0] == '-' ? -1 : 1;
  const auto space = text.find(' ');
  if (space == std::string::npos) {
    Millis d = 0;
    if (!parseDuration(text.substr(1), &d)) return false;
    *out = now + sign * d;
    return true;
  }
  const std::string days = text.substr(1, space - 1);
  if (days.size() < 2 || days.size() > 5 || days.back() != 'd' ||
      !allDigits(days.substr(0, days.size() - 1))) {
    return false;
  }
  int minute = 0;
  if (!parseClockTime(text.substr(space + 1), &minute)) return false;
  const Millis n = std::stoll(days.substr(0, days.size() - 1));  // at most 4 digits
  if (n * kDay > kMaxSpan) return false;
  *out = chinaMidnight(now) + sign * n * kDay + minute * kMinute;
  return true;
}

std::string formatChineseDate(Millis t) {
  int y = 0, m = 0, d = 0;
  chinaDate(t, &y, &m, &d);
  return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
}

std::string formatChineseMonthDay(Millis t) {
  int y = 0, m = 0, d = 0;
  chinaDate(t, &y, &m, &d);
  return std::to_string(m) + "月" + std::to_string(d) + "日";
}

}  // namespace gg
