#pragma once
// What one OneBot v11 WebSocket text frame (or HTTP post) is: an event for the pipeline
// (post_type message — parsed by onebot_event.h, the same JSON as the HTTP posts), a meta event
// (lifecycle / heartbeat: presence), another event (notice, request: only presence), or the
// answer to one of our API calls (it carries our "echo"). Pure.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace gg {

struct OneBotFrame {
  enum class Kind { kMessage, kMeta, kOtherEvent, kResponse };
  Kind kind = Kind::kOtherEvent;
  nlohmann::json json;        // the parsed frame
  std::string self_id;        // events: the account that reports it ("" for responses)
  std::string echo;           // responses: our echo, as a string
  std::string meta_type;      // kMeta: lifecycle | heartbeat
  std::string meta_sub_type;  // lifecycle: connect | enable | disable
  Millis interval_ms = 0;     // heartbeat: the reported interval; 0 if absent
};

// Classifies raw. invalidArgument for invalid UTF-8, non-JSON or a non-object, an object that is
// neither an event (post_type) nor a response (echo with status or retcode), and an event whose
// self_id is not a positive integer id.
Result<OneBotFrame> classifyOneBotFrame(std::string_view raw);

}  // namespace gg
