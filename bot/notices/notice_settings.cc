#include "bot/notices/notice_settings.h"

#include "core/json_file.h"

#include "bot/notices/schedule.h"

namespace gg {
namespace {

template <typename T>
Status readKey(const nlohmann::json& obj, const char* key, const std::string& where, T* out) {
  if (!obj.contains(key) || obj.at(key).is_null()) return Status::ok();
  try {
    *out = obj.at(key).get<T>();
    return Status::ok();
  } catch (const nlohmann::json::exception&) {
    return invalidArgument(where + "." + key + ": wrong type");
  }
}

Status readMinutes(const nlohmann::json& obj, const char* key, const std::string& where,
                   Millis* out) {
  int minutes = -1;
  if (!obj.contains(key)) return Status::ok();
  GG_RETURN_IF_ERROR(readKey(obj, key, where, &minutes));
  if (minutes < 0) return invalidArgument(where + "." + key + ": must be >= 0");
  *out = minutes * kMinute;
  return Status::ok();
}

Status readClock(const nlohmann::json& obj, const char* key, const std::string& where, int* out) {
  std::string text;
  if (!obj.contains(key)) return Status::ok();
  GG_RETURN_IF_ERROR(readKey(obj, key, where, &text));
  if (!parseClockTime(text, out)) return invalidArgument(where + "." + key + ": expected HH:MM");
  return Status::ok();
}

}  // namespace

Result<NoticeSettings> parseNoticeSettings(const nlohmann::json& j) {
  NoticeSettings s;
  if (j.is_null()) return s;
  const std::string w = "notices";
  if (!j.is_object()) return invalidArgument(w + ": must be an object");
  GG_RETURN_IF_ERROR(rejectUnknownKeys(
      j, {"quiet_hours", "send_late_if_before_deadline", "urgent_ignores_quiet_hours", "late_grace_minutes",
          "answer_cooldown_minutes", "wecom_group_channel", "tick_batch", "tick_max_batches", "opinion"},
      w));
  if (j.contains("quiet_hours")) {
    const auto& q = j["quiet_hours"];
    if (q.is_boolean() && !q.get<bool>()) {
      s.quiet_enabled = false;
    } else if (q.is_object()) {
      GG_RETURN_IF_ERROR(readClock(q, "from", w + ".quiet_hours", &s.quiet_start_minute));
      GG_RETURN_IF_ERROR(readClock(q, "to", w + ".quiet_hours", &s.quiet_end_minute));
    } else if (!q.is_null()) {
      return invalidArgument(w + ".quiet_hours: expected {\"from\", \"to\"} or false");
    }
  }
  GG_RETURN_IF_ERROR(
      readKey(j, "send_late_if_before_deadline", w, &s.send_late_if_before_deadline));
  GG_RETURN_IF_ERROR(readKey(j, "urgent_ignores_quiet_hours", w, &s.urgent_ignores_quiet_hours));
  GG_RETURN_IF_ERROR(readMinutes(j, "late_grace_minutes", w, &s.late_grace));
  GG_RETURN_IF_ERROR(readMinutes(j, "answer_cooldown_minutes", w, &s.answer_cooldown));
  std::string group_channel(toString(s.wecom_group_channel));
  GG_RETURN_IF_ERROR(readKey(j, "wecom_group_channel", w, &group_channel));
  const auto c = parseChannel(group_channel);
  if (c != Channel::kWeComRobot && c != Channel::kWeComApp) {
    return invalidArgument(w + ".wecom_group_channel: must be wecom_robot or wecom_app");
  }
  s.wecom_group_channel = *c;
  GG_RETURN_IF_ERROR(readKey(j, "tick_batch", w, &s.tick_batch));
  GG_RETURN_IF_ERROR(readKey(j, "tick_max_batches", w, &s.tick_max_batches));
  if (s.tick_batch < 1 || s.tick_max_batches < 1) {
    return invalidArgument(w + ".tick_batch/tick_max_batches: must be >= 1");
  }
  if (j.contains("opinion")) {
    const auto& o = j["opinion"];
    const std::string ow = w + ".opinion";
    if (!o.is_object()) return invalidArgument(ow + ": must be an object");
    GG_RETURN_IF_ERROR(rejectUnknownKeys(o, {"window_minutes", "min_negative", "min_residents", "digest_at"}, ow));
    GG_RETURN_IF_ERROR(readMinutes(o, "window_minutes", ow, &s.opinion.window));
    GG_RETURN_IF_ERROR(readKey(o, "min_negative", ow, &s.opinion.min_negative));
    GG_RETURN_IF_ERROR(readKey(o, "min_residents", ow, &s.opinion.min_residents));
    GG_RETURN_IF_ERROR(readClock(o, "digest_at", ow, &s.opinion.digest_minute));
    if (s.opinion.window <= 0 || s.opinion.min_negative < 1 || s.opinion.min_residents < 1) {
      return invalidArgument(ow + ": window_minutes, min_negative, min_residents must be >= 1");
    }
  }
  return s;
}

}  // namespace gg
