#include "core/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace gg {
namespace {

// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm), so no time zone is consulted.
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civilFromDays(int64_t z, int* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(yy + (*m <= 2));
}

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

Millis SystemClock::now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string formatChinaTime(Millis t) {
  const Millis local = t + kChinaOffset;
  const int64_t days = floorDiv(local, kDay);
  const int64_t rem = local - days * kDay;
  int y;
  unsigned m, d;
  civilFromDays(days, &y, &m, &d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", y, m, d,
                static_cast<int>(rem / kHour), static_cast<int>(rem % kHour / kMinute),
                static_cast<int>(rem % kMinute / kSecond));
  return buf;
}

std::string formatChinaDate(Millis t) { return formatChinaTime(t).substr(0, 10); }

Millis chinaMidnight(Millis t) {
  const Millis local = t + kChinaOffset;
  return floorDiv(local, kDay) * kDay - kChinaOffset;
}

bool parseIsoTime(const std::string& s, Millis* out) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, n = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  size_t pos = 10;
  Millis offset = kChinaOffset;  // no zone = China time, the only zone residents speak
  Millis frac = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return false;
    ++pos;
    int consumed = 0;
    if (std::sscanf(s.c_str() + pos, "%2d:%2d%n", &h, &mi, &consumed) != 2 || consumed != 5) return false;
    pos += 5;
    if (pos < s.size() && s[pos] == ':') {
      if (std::sscanf(s.c_str() + pos + 1, "%2d%n", &sec, &consumed) != 1 || consumed != 2) return false;
      pos += 3;
    }
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      Millis scale = 100;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        frac += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return false;
    if (pos < s.size()) {
      if (s[pos] == 'Z' && pos + 1 == s.size()) {
        offset = 0;
      } else if ((s[pos] == '+' || s[pos] == '-') && s.size() - pos == 6 && s[pos + 3] == ':') {
        int oh = 0, om = 0;
        if (std::sscanf(s.c_str() + pos + 1, "%2d:%2d", &oh, &om) != 2) return false;
        offset = (oh * kHour + om * kMinute) * (s[pos] == '-' ? -1 : 1);
      } else {
        return false;
      }
    }
  }
  const Millis days = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  *out = days * kDay + h * kHour + mi * kMinute + sec * kSecond + frac - offset;
  return true;
}

}  // namespace gg
