#pragma once
// A notice as people write it (the POST /api/notices body, a config seed, the CLI): parsed and
// validated into plain fields, and converted to and from the stored NoticeRecord.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "bot/notices/notice_target.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/notice_repo.h"

namespace gg {

struct NoticeReminder {
  std::string before;  // "7d"
  std::string at;      // "09:00"; empty = exactly `before` ahead of the deadline
  Millis before_ms = 0;
  int at_minute = -1;
  // The send kind of this reminder's deliveries, e.g. "reminder:7d@09:00".
  std::string sendKind() const { return "reminder:" + before + (at.empty() ? "" : "@" + at); }
};

struct NoticeDraft {
  std::string title;
  std::string body;  // template: {amount}, {deadline}, {grid_name}, {worker_name}, {worker_phone}
  NoticeTarget target;
  Millis send_at = 0;
  Millis deadline = 0;  // 0 = none
  std::vector<NoticeReminder> reminders;
  std::vector<std::string> keywords;
  std::vector<std::string> links;
  nlohmann::json vars = nlohmann::json::object();  // string values; "answer" = reply template
  bool mention_all = false;
  bool urgent = false;
  bool sms = false;  // 手机群发: also to the SMS subscribers of the target grids
};

// Named limits, checked before anything is stored.
constexpr size_t kMaxTitleBytes = 200;
// One platform message per group and send (a delivery is one outbox row): the WeCom robot takes
// 2,048 bytes of text, so the template stays well under it after the title and {vars} are filled
// in (about 500 Chinese characters).
constexpr size_t kMaxBodyBytes = 1500;
constexpr size_t kMaxReminders = 10;
constexpr size_t kMaxKeywords = 50;

// Parses a notice body. Times may be ISO 8601 or relative ("+1d 08:00"); a missing send_at is
// `now`. InvalidArgument names the field: missing title/body, invalid UTF-8, bad times, a
// deadline not after send_at, reminders without a deadline, non-string vars, over a limit.
Result<NoticeDraft> parseNoticeDraft(const nlohmann::json& j, Millis now);

// Returns the draft as the JSON parseNoticeDraft accepts (absolute ISO times).
nlohmann::json draftToJson(const NoticeDraft& d);

// Fills the content fields of a record from a draft (status, actors and times are left alone).
void applyDraft(const NoticeDraft& d, NoticeRecord* rec);

// Rebuilds a draft from a stored record; InvalidArgument if its JSON columns are corrupt.
Result<NoticeDraft> draftFromRecord(const NoticeRecord& rec);

}  // namespace gg
