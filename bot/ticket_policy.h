#pragma once
// The rules a street sets for its tickets, from the "tickets" object of gridgate.json:
// deadlines per urgency and per intent, the duplicate window, auto-close, the rating that counts
// as unhappy, how workers are notified and which emergency number fits which intent.
//
//   "tickets": {
//     "deadlines": {"emergency": {"accept_minutes": 10, "resolve_minutes": 120},
//                   "urgent":    {"accept_minutes": 30, "resolve_minutes": 480},
//                   "normal":    {"accept_minutes": 120, "resolve_minutes": 1440}},
//     "intent_deadlines": {"lift_trapped": {"accept_minutes": 5, "resolve_minutes": 60}},
//     "same_day": true,              // 当日问题当日解决: resolve-by never later than 23:59 China time
//     "duplicate_window_minutes": 1440,
//     "autoclose_hours": 72,         // resolved + no objection → closed
//     "low_rating": 2,               // ratings ≤ this reopen the ticket and flag it
//     "worker_channel": "onebot",    // onebot | wecom_app: how workers get private notices
//     "emergency_numbers": {"gas_leak": "119", "fire_smoke": "119", "lift_trapped": "119"},
//     "office_hours": {"from": "08:30", "to": "17:30", "non_working_days": true, "urgent": false}
//   }
//
// office_hours (optional; none = every clock starts at once): the night and weekend rule for
// accept clocks. A normal ticket whose clocks would start outside from–to, or (non_working_days,
// default true) on a day calendar.json says is not a working day, has them start at `from` of
// the next working day instead: its accept-by and a minute-based resolve-by are counted from
// there, and a working-day resolve-by from that day. "urgent": true makes urgent tickets wait
// too (default false); an emergency never waits. Only the start moves: a clock that started at
// 17:00 runs on through the night.

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/result.h"
#include "bot/responsibilities.h"
#include "bot/work_calendar.h"
#include "model/domain.h"

namespace gg {

struct Deadline {
  int accept_minutes = 120;
  int resolve_minutes = 1440;
  // > 0: resolve by the end (23:59 China time) of the Nth working day after the day the clock
  // starts (that day itself never counts, as 自受理之日起N个工作日); resolve_minutes is then unused.
  int resolve_working_days = 0;
};

// The hours a normal ticket's clocks may start in (the tickets.office_hours setting).
struct OfficeHours {
  bool enabled = false;
  int from_minute = 8 * 60 + 30;  // minutes after China midnight
  int to_minute = 17 * 60 + 30;
  bool non_working_days = true;   // a weekend or holiday is off-hours all day
  bool urgent = false;            // urgent tickets wait too
};

struct TicketPolicy {
  std::map<Urgency, Deadline> by_urgency = {{Urgency::kEmergency, {10, 120}},
                                             {Urgency::kUrgent, {30, 480}},
                                             {Urgency::kNormal, {120, 1440}}};
  std::map<std::string, Deadline> by_intent;
  bool same_day = false;
  int duplicate_window_minutes = 24 * 60;
  int autoclose_hours = 72;
  int low_rating = 2;
  Channel worker_channel = Channel::kOneBot;
  std::map<std::string, std::string> emergency_numbers = {
      {"gas_leak", "119"}, {"fire_smoke", "119"}, {"lift_trapped", "119"},
      {"medical_emergency", "120"}, {"person_collapsed", "120"}, {"public_order", "110"}};

  OfficeHours office_hours;
  // The street's working days (calendar.json); default: Monday to Friday.
  WorkCalendar calendar;
  // The street's responsibility list (职责任务清单), whose entries may carry deadlines; null = none.
  ResponsibilityListPtr responsibilities;

  // Returns the deadline for an intent (intent override, else its urgency).
  Deadline deadlineFor(const std::string& intent, Urgency urgency) const;
  // Returns a ticket's deadline: tickets.intent_deadlines first, else the urgency's figures with
  // the parts the responsibility entry of the intent (else of the category) gives replaced; an
  // emergency always keeps the emergency figures.
  Deadline deadlineFor(const std::string& intent, const std::string& category, Urgency urgency) const;
  // Returns when the clocks of a ticket of this urgency raised at now start: now, or under
  // office_hours the next `from` on a working day (never later for an emergency).
  Millis clockStart(Millis now, Urgency urgency) const;
  // Returns resolve_by for a ticket whose clocks start at `start` with deadline d, applying
  // same_day; a working-day deadline counts on the calendar.
  Millis resolveBy(Millis start, const Deadline& d) const;
  // The number a resident in an emergency should call (119 fire/gas, 120 medical, 110 police).
  std::string emergencyNumber(const std::string& intent) const;
};

// Parses the "tickets" settings object; InvalidArgument naming the key on bad values.
Result<TicketPolicy> parseTicketPolicy(const nlohmann::json& j);

}  // namespace gg
