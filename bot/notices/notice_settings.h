#pragma once
// The "notices" object of <config>/gridgate.json: quiet hours, late sends, answer cooldown, the
// channel used for WeCom groups, tick batch sizes, and the opinion watch thresholds.

#include <nlohmann/json.hpp>

#include <string>

#include "core/channel.h"
#include "core/clock.h"
#include "core/result.h"

namespace gg {

struct OpinionSettings {
  Millis window = 30 * kMinute;  // counting window per group
  int min_negative = 5;          // flagged messages in the window …
  int min_residents = 3;         // … from at least this many distinct senders
  int digest_minute = 20 * 60;   // China time of day the daily digest goes out
};

struct NoticeSettings {
  bool quiet_enabled = true;
  int quiet_start_minute = 22 * 60;  // China time; no notice sends in [start, end)
  int quiet_end_minute = 7 * 60;
  // An urgent notice (a water cut tomorrow morning, a storm warning: "一键推送") is not held
  // back by quiet hours; everything else is.
  bool urgent_ignores_quiet_hours = true;
  // A send whose time passed while the server was down still goes out once if the deadline has
  // not passed; false: it is skipped once it is more than late_grace late.
  bool send_late_if_before_deadline = true;
  Millis late_grace = 15 * kMinute;
  Millis answer_cooldown = 30 * kMinute;  // per group
  Channel wecom_group_channel = Channel::kWeComRobot;  // how notices reach WeCom groups
  int tick_batch = 500;        // deliveries per write transaction
  int tick_max_batches = 20;   // per tick() call, so one tick never holds the writer for long
  OpinionSettings opinion;
};

// Parses the "notices" settings object (null or missing keys = defaults). InvalidArgument names
// the offending key, e.g. "notices.quiet_hours.from: expected HH:MM".
Result<NoticeSettings> parseNoticeSettings(const nlohmann::json& j);

}  // namespace gg
