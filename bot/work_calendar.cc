#include "bot/work_calendar.h"

#include <filesystem>
#include <map>
#include <vector>

#include "core/json_file.h"

namespace gg {
namespace {

using nlohmann::json;

// Searching further than this for a working day means the calendar is broken (a year of
// holidays); the search gives up there rather than loop.
constexpr int kMaxDaysSearched = 366;

int64_t dayNumber(Millis t) {
  const Millis local = t + kChinaOffset;
  return (local >= 0 ? local : local - kDay + 1) / kDay;
}

Millis midnightOf(int64_t day) { return day * kDay - kChinaOffset; }

// 1 = Monday … 7 = Sunday; 1970-01-01 was a Thursday.
int weekday(int64_t day) { return static_cast<int>(((day + 3) % 7 + 7) % 7) + 1; }

// Returns the day number of "YYYY-MM-DD", or an explanation of why it is not one.
Result<int64_t> parseDay(const json& v) {
  if (!v.is_string()) return invalidArgument("must be a date string \"YYYY-MM-DD\"");
  const std::string s = v.get<std::string>();
  bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-';
  for (size_t i = 0; shape && i < s.size(); ++i) shape = i == 4 || i == 7 || (s[i] >= '0' && s[i] <= '9');
  Millis t = 0;
  if (!shape || !parseIsoTime(s, &t)) return invalidArgument("\"" + s + "\" is not a date YYYY-MM-DD");
  // parseIsoTime rolls 2026-02-30 over to March; the round trip catches a day that does not exist.
  if (formatChinaDate(t) != s) return invalidArgument("\"" + s + "\" is not a day of the calendar");
  return dayNumber(t);
}

}  // namespace

Result<WorkCalendar> WorkCalendar::forConfigDir(const std::string& config_dir) {
  const std::string file = "calendar.json";
  const std::string full = (std::filesystem::path(config_dir) / file).string();
  std::error_code ec;
  if (!std::filesystem::exists(full, ec)) return WorkCalendar{};
  auto text = readTextFile(full);
  if (!text.isOk()) return invalidArgument(file + ": $: cannot read file");
  auto doc = parseJsonText(*text, file);
  if (!doc.isOk()) return doc.status();
  return parse(*doc, file);
}

Result<WorkCalendar> WorkCalendar::parse(const json& doc, const std::string& file) {
  if (!doc.is_object()) return invalidArgument(file + ": $: must be an object {\"holidays\": [...], \"workdays\": [...]}");
  std::vector<std::string> problems;
  Status keys = rejectUnknownKeys(doc, {"holidays", "workdays"}, file + ": $");
  if (!keys.isOk()) problems.push_back(keys.message());
  WorkCalendar out;
  std::map<int64_t, std::string> seen;  // day -> the path that listed it first
  for (const char* list : {"holidays", "workdays"}) {
    auto it = doc.find(list);
    if (it == doc.end()) continue;
    const std::string base = file + ": $." + list;
    if (!it->is_array()) {
      problems.push_back(base + ": must be an array of dates \"YYYY-MM-DD\"");
      continue;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      const std::string path = "$." + std::string(list) + "[" + std::to_string(i) + "]";
      auto day = parseDay((*it)[i]);
      if (!day.isOk()) {
        problems.push_back(file + ": " + path + ": " + day.status().message());
        continue;
      }
      auto [first, fresh] = seen.emplace(*day, path);
      if (!fresh) {
        problems.push_back(file + ": " + path + ": the day is already listed at " + first->second);
        continue;
      }
      const bool holiday = std::string(list) == "holidays";
      // A worked Monday is what every Monday already is: listing one means a wrong date.
      if (!holiday && weekday(*day) <= 5) {
        problems.push_back(file + ": " + path + ": " + (*it)[i].get<std::string>() +
                           " is a weekday; workdays lists the Saturdays and Sundays that are worked (调休)");
        continue;
      }
      (holiday ? out.holidays_ : out.workdays_).insert(*day);
    }
  }
  if (!problems.empty()) {
    std::string msg;
    for (const auto& p : problems) msg += (msg.empty() ? "" : "\n") + p;
    return invalidArgument(msg);
  }
  return out;
}

bool WorkCalendar::isWorkingDay(Millis t) const {
  const int64_t day = dayNumber(t);
  if (holidays_.count(day)) return false;
  if (workdays_.count(day)) return true;
  return weekday(day) <= 5;
}

Millis WorkCalendar::addWorkingDays(Millis t, int n) const {
  int64_t day = dayNumber(t);
  for (int counted = 0, searched = 0; counted < n && searched < n + kMaxDaysSearched; ++searched) {
    ++day;
    if (isWorkingDay(midnightOf(day))) ++counted;
  }
  return midnightOf(day);
}

Millis WorkCalendar::workingDayFrom(Millis t) const {
  int64_t day = dayNumber(t);
  for (int searched = 0; !isWorkingDay(midnightOf(day)) && searched < kMaxDaysSearched; ++searched) ++day;
  return midnightOf(day);
}

}  // namespace gg
