#pragma once
// The OneBot v11 API call that delivers one OutboundMessage, and what the answer means. Shared
// by the HTTP sender (POST /<action>) and the WebSocket sender ({"action", "params", "echo"}),
// so both check targets and read retcodes the same way. Pure.

#include <nlohmann/json.hpp>
#include <optional>
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

// The call that reads a group's recent messages (get_group_msg_history, which go-cqhttp, NapCat,
// Lagrange and LLOneBot answer; plain OneBot v11 has no history call), or nullopt when msg is not
// to a group (no implementation keeps a private chat's history that way).
std::optional<OneBotAction> oneBotHistoryActionFor(const OutboundMessage& msg);

// Reads a history answer ({"status": "ok", "data": {"messages": [event…]}}) for `message` (the
// CQ string send would post) posted by the bot itself (user_id = self_id) at or after `since`:
// found with its message_id, absent when the answer lists messages and none is it, unknown for
// a failed or unreadable answer (an implementation without the action answers retcode 1404).
SentLookup findInHistory(const nlohmann::json& answer, const std::string& message, Millis since);

}  // namespace gg
