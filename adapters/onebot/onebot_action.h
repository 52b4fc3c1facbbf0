#pragma once
// The OneBot v11 API call that delivers one OutboundMessage, and what the answer means. Shared
// by the HTTP sender (POST /<action>) and the WebSocket sender ({"action", "params", "echo"}),
// so both check targets and read retcodes the same way. Pure.

#include <nlohmann/json.hpp>
#include <string>

#include "bot/sender.h"
#include "core/result.h"
#include "model/envelope.h"

namespace gg {

struct OneBotAction {
  std::string action;     // send_group_msg | send_private_msg
  nlohmann::json params;  // group_id / user_id (numbers), message (CQ string), auto_escape
};

// Returns the call for msg, or invalidArgument (the row can never be sent: dead-letter it) for a
// text over kOneBotTextMaxBytes, a target that is not a positive numeric id, a non-numeric
// mention or reply id, or a target_kind other than group / user.
Result<OneBotAction> oneBotActionFor(const OutboundMessage& msg);

// Reads an API answer ({"status", "retcode", "data", ...}): ok with retcode 0 is delivered with
// data.message_id; async (retcode 1) is delivered without an id; anything else is permanent
// naming status and retcode. A non-object is a retry.
SendOutcome oneBotOutcome(const nlohmann::json& response);

}  // namespace gg
