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

}  // namespace gg
