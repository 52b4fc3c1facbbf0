#include "adapters/onebot/onebot_action.h"

#include "adapters/onebot/onebot_sender.h"
#include "bot/message_split.h"
#include "core/numeric_id.h"

namespace gg {

Result<OneBotAction> oneBotActionFor(const OutboundMessage& msg) {
  if (msg.text.size() > kOneBotTextMaxBytes) {
    return invalidArgument("text over the OneBot limit; split with splitForChannel");
  }
  const std::optional<int64_t> id = parseDecimalId(msg.target, /*allow_negative=*/false);
  if (!id || *id <= 0) return invalidArgument("onebot target must be a positive numeric id");
  std::string message = OneBotSender::buildMessage(msg);
  if (message.empty()) return invalidArgument("non-numeric mention or reply id");
  OneBotAction call;
  call.params = {{"message", message}, {"auto_escape", false}};
  if (msg.target_kind == TargetKind::kGroup) {
    call.action = "send_group_msg";
    call.params["group_id"] = *id;
  } else if (msg.target_kind == TargetKind::kUser) {
    call.action = "send_private_msg";
    call.params["user_id"] = *id;
  } else {
    return invalidArgument("onebot target_kind must be group or user");
  }
  return call;
}

SendOutcome oneBotOutcome(const nlohmann::json& res) {
  if (!res.is_object()) return SendOutcome::retry("onebot answered with non-JSON");
  std::string status =
      res.contains("status") && res["status"].is_string() ? res["status"].get<std::string>() : "";
  int64_t retcode = res.contains("retcode") && res["retcode"].is_number_integer()
                        ? res["retcode"].get<int64_t>()
                        : -1;
  if (status == "ok" && retcode == 0) {
    std::string platform_id;
    if (res.contains("data") && res["data"].is_object() && res["data"].contains("message_id")) {
      const auto& mid = res["data"]["message_id"];
      platform_id = mid.is_string() ? mid.get<std::string>() : mid.dump();
    }
    return SendOutcome::delivered(platform_id);
  }
  if (status == "async" || retcode == 1) return SendOutcome::delivered();
  return SendOutcome::permanent("onebot status=" + status + " retcode=" + std::to_string(retcode));
}

std::optional<OneBotAction> oneBotHistoryActionFor(const OutboundMessage& msg) {
  if (msg.target_kind != TargetKind::kGroup) return std::nullopt;
  auto group = parseDecimalId(msg.target, /*allow_negative=*/false);
  if (!group) return std::nullopt;
  return OneBotAction{"get_group_msg_history", {{"group_id", *group}}};
}

SentLookup findInHistory(const nlohmann::json& answer, const std::string& message, Millis since) {
  if (!answer.is_object() || answer.value("retcode", -1) != 0) return SentLookup::unknown();
  const auto data = answer.find("data");
  if (data == answer.end() || !data->is_object()) return SentLookup::unknown();
  const auto messages = data->find("messages");
  if (messages == data->end() || !messages->is_array()) return SentLookup::unknown();
  for (const auto& ev : *messages) {
    if (!ev.is_object()) continue;
    // Only the bot's own posts: a resident may well have typed the same words.
    const auto self = ev.find("self_id"), user = ev.find("user_id");
    if (self != ev.end() && user != ev.end() && self->dump() != user->dump()) continue;
    const auto time = ev.find("time");
    // Event times are whole seconds: a message of the second `since` falls in counts.
    if (time == ev.end() || !time->is_number() || time->get<double>() * 1000 + 999 < static_cast<double>(since)) {
      continue;
    }
    const auto raw = ev.find("raw_message");
    if (raw == ev.end() || !raw->is_string() || raw->get<std::string>() != message) continue;
    const auto id = ev.find("message_id");
    if (id == ev.end()) continue;
    return SentLookup::found(id->is_string() ? id->get<std::string>() : id->dump());
  }
  return SentLookup::absent();
}

}  // namespace gg
