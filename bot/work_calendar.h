#pragma once
// The street's working days: Monday to Friday, minus the 法定节假日 and plus the weekend days that
// are worked (调休), from <config>/calendar.json (optional; none = plain Monday to Friday):
//
//   {"holidays": ["2026-10-01", "2026-10-02", …],   // days off, whatever weekday they fall on
//    "workdays": ["2026-09-20", "2026-10-10", …]}   // Saturdays and Sundays that are worked
//
// The dates come from the 国务院办公厅's notice of each year's holidays; the file has to be
// updated when a new notice is published (the calendar does not know any year by itself).

#include <cstdint>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/result.h"

namespace gg {

class WorkCalendar {
 public:
  // Reads <config_dir>/calendar.json; a missing file is plain Monday to Friday. Every problem is
  // listed, one per line, as "calendar.json: $.holidays[3]: problem" (not a real date, not
  // YYYY-MM-DD, a day twice, a day in both lists, a worked day that is not a weekend day);
  // unknown keys are errors; malformed JSON is "calendar.json:<line>:<column>: …".
  static Result<WorkCalendar> forConfigDir(const std::string& config_dir);
  // Parses an already-read document; file names it in errors.
  static Result<WorkCalendar> parse(const nlohmann::json& doc, const std::string& file);

  // Returns whether the China-time day containing t is a working day.
  bool isWorkingDay(Millis t) const;
  // Returns China midnight of the n-th working day after the day containing t (n >= 1; that
  // day itself never counts, as in 自受理之日起n个工作日).
  Millis addWorkingDays(Millis t, int n) const;
  // Returns China midnight of the first working day at or after the day containing t.
  Millis workingDayFrom(Millis t) const;

  size_t holidayCount() const { return holidays_.size(); }
  size_t workdayCount() const { return workdays_.size(); }

 private:
  // Days as China-time day numbers since 1970-01-01.
  std::set<int64_t> holidays_;
  std::set<int64_t> workdays_;
};

}  // namespace gg
