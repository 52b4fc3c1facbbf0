#include "bot/ticket_policy.h"

#include <algorithm>

#include "core/json_file.h"

namespace gg {
namespace {

// A working-day deadline longer than this is a typo; see responsibilities.cc for the same limit.
constexpr int kMaxWorkingDays = 60;

Status readDeadline(const nlohmann::json& j, const std::string& where, Deadline* out) {
  if (!j.is_object()) return invalidArgument(where + ": must be an object");
  for (auto& [k, v] : j.items()) {
    if (k != "accept_minutes" && k != "resolve_minutes" && k != "resolve_working_days") {
      return invalidArgument(where + "." + k + ": unknown key (known: accept_minutes, resolve_minutes, resolve_working_days)");
    }
    if (!v.is_number_integer() || v.get<int>() <= 0) return invalidArgument(where + "." + k + ": must be a positive integer");
  }
  if (j.contains("resolve_minutes") && j.contains("resolve_working_days")) {
    return invalidArgument(where + ": give resolve_minutes or resolve_working_days, not both");
  }
  out->accept_minutes = j.value("accept_minutes", out->accept_minutes);
  if (j.contains("resolve_working_days")) {
    out->resolve_working_days = j["resolve_working_days"].get<int>();
    if (out->resolve_working_days > kMaxWorkingDays) {
      return invalidArgument(where + ".resolve_working_days: must be at most " + std::to_string(kMaxWorkingDays));
    }
  } else if (j.contains("resolve_minutes")) {
    out->resolve_minutes = j["resolve_minutes"].get<int>();
    out->resolve_working_days = 0;
  }
  if (out->resolve_working_days == 0 && out->resolve_minutes < out->accept_minutes) {
    return invalidArgument(where + ": resolve_minutes must be >= accept_minutes");
  }
  return Status::ok();
}

// Reads "HH:MM" (00:00–23:59) as minutes after midnight; -1 if it is not one.
int readClockTime(const nlohmann::json& v) {
  if (!v.is_string()) return -1;
  const std::string s = v.get<std::string>();
  if (s.size() != 5 || s[2] != ':') return -1;
  for (size_t i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') return -1;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  return h < 24 && m < 60 ? h * 60 + m : -1;
}

Status readOfficeHours(const nlohmann::json& j, const std::string& where, OfficeHours* out) {
  GG_RETURN_IF_ERROR(rejectUnknownKeys(j, {"from", "to", "non_working_days", "urgent"}, where));
  for (const char* k : {"from", "to"}) {
    if (!j.contains(k)) return invalidArgument(where + ": missing required field \"" + k + "\" (HH:MM)");
    const int m = readClockTime(j[k]);
    if (m < 0) return invalidArgument(where + "." + k + ": must be a time \"HH:MM\"");
    (std::string(k) == "from" ? out->from_minute : out->to_minute) = m;
  }
  if (out->from_minute >= out->to_minute) return invalidArgument(where + ": from must be earlier than to");
  for (const char* k : {"non_working_days", "urgent"}) {
    if (!j.contains(k)) continue;
    if (!j[k].is_boolean()) return invalidArgument(where + "." + k + ": must be true or false");
    (std::string(k) == "urgent" ? out->urgent : out->non_working_days) = j[k].get<bool>();
  }
  out->enabled = true;
  return Status::ok();
}

}  // namespace

Deadline TicketPolicy::deadlineFor(const std::string& intent, Urgency urgency) const {
  if (auto it = by_intent.find(intent); it != by_intent.end()) return it->second;
  if (auto it = by_urgency.find(urgency); it != by_urgency.end()) return it->second;
  return by_urgency.at(Urgency::kNormal);
}

Deadline TicketPolicy::deadlineFor(const std::string& intent, const std::string& category,
                                   Urgency urgency) const {
  Deadline d = deadlineFor(intent, urgency);
  if (by_intent.count(intent) || !responsibilities) return d;
  // An emergency keeps the emergency figures: a list's time fits the everyday matter (a lift
  // fault), never the one among them where someone is in danger.
  if (urgency == Urgency::kEmergency) return d;
  const Responsibility* r = responsibilities->find(intent, category);
  if (!r) return d;
  const ResponsibilityDeadline& rd = r->deadline;
  if (rd.accept_minutes) d.accept_minutes = rd.accept_minutes;
  if (rd.resolve_working_days) {
    d.resolve_working_days = rd.resolve_working_days;
  } else if (rd.resolve_minutes) {
    d.resolve_minutes = rd.resolve_minutes;
    d.resolve_working_days = 0;
  }
  // An entry that shortens the time to resolve below the urgency's time to accept: accepting
  // can take no longer than resolving.
  if (d.resolve_working_days == 0) d.accept_minutes = std::min(d.accept_minutes, d.resolve_minutes);
  return d;
}

Millis TicketPolicy::clockStart(Millis now, Urgency urgency) const {
  const OfficeHours& o = office_hours;
  if (!o.enabled || urgency == Urgency::kEmergency || (urgency == Urgency::kUrgent && !o.urgent)) return now;
  const Millis midnight = chinaMidnight(now);
  const bool workday = !o.non_working_days || calendar.isWorkingDay(now);
  if (workday && now < midnight + o.to_minute * kMinute) {
    return std::max(now, midnight + o.from_minute * kMinute);
  }
  const Millis next = o.non_working_days ? calendar.workingDayFrom(midnight + kDay) : midnight + kDay;
  return next + o.from_minute * kMinute;
}

Millis TicketPolicy::resolveBy(Millis created, const Deadline& d) const {
  if (d.resolve_working_days > 0) {
    return calendar.addWorkingDays(created, d.resolve_working_days) + kDay - kMinute;
  }
  Millis by = created + d.resolve_minutes * kMinute;
  if (same_day) {
    const Millis end_of_day = chinaMidnight(created) + kDay - kMinute;
    // A report made late in the day still gets its full normal time.
    if (end_of_day > created + d.accept_minutes * kMinute) by = std::min(by, end_of_day);
  }
  return by;
}

std::string TicketPolicy::emergencyNumber(const std::string& intent) const {
  auto it = emergency_numbers.find(intent);
  return it == emergency_numbers.end() ? "110" : it->second;
}

Result<TicketPolicy> parseTicketPolicy(const nlohmann::json& j) {
  TicketPolicy p;
  if (j.is_null()) return p;
  if (!j.is_object()) return invalidArgument("gridgate.json: $.tickets: must be an object");
  const std::string w = "gridgate.json: $.tickets";
  try {
    for (auto& [k, v] : j.items()) {
      if (k == "deadlines") {
        for (auto& [u, d] : v.items()) {
          const auto urgency = parseUrgency(u);
          if (!urgency) {
            return invalidArgument(w + ".deadlines." + u + ": urgency must be emergency, urgent or normal");
          }
          GG_RETURN_IF_ERROR(readDeadline(d, w + ".deadlines." + u, &p.by_urgency[*urgency]));
        }
      } else if (k == "intent_deadlines") {
        for (auto& [i, d] : v.items()) {
          Deadline dl = p.by_urgency[Urgency::kNormal];
          GG_RETURN_IF_ERROR(readDeadline(d, w + ".intent_deadlines." + i, &dl));
          p.by_intent[i] = dl;
        }
      } else if (k == "same_day") {
        p.same_day = v.get<bool>();
      } else if (k == "duplicate_window_minutes") {
        p.duplicate_window_minutes = v.get<int>();
      } else if (k == "autoclose_hours") {
        p.autoclose_hours = v.get<int>();
      } else if (k == "low_rating") {
        p.low_rating = v.get<int>();
        if (p.low_rating < 0 || p.low_rating > 4) return invalidArgument(w + ".low_rating: must be 0-4");
      } else if (k == "worker_channel") {
        const auto c = parseChannel(v.get<std::string>());
        if (c != Channel::kOneBot && c != Channel::kWeComApp) {
          return invalidArgument(w + ".worker_channel: must be onebot or wecom_app");
        }
        p.worker_channel = *c;
      } else if (k == "office_hours") {
        GG_RETURN_IF_ERROR(readOfficeHours(v, w + ".office_hours", &p.office_hours));
      } else if (k == "emergency_numbers") {
        for (auto& [i, n] : v.items()) p.emergency_numbers[i] = n.get<std::string>();
      } else {
        return invalidArgument(w + "." + k + ": unknown key");
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return invalidArgument(w + ": wrong type: " + e.what());
  }
  if (p.duplicate_window_minutes < 0 || p.autoclose_hours <= 0) {
    return invalidArgument(w + ": duplicate_window_minutes must be >= 0 and autoclose_hours > 0");
  }
  return p;
}

}  // namespace gg
