#include "adapters/onebot/onebot_sender.h"

#include <nlohmann/json.hpp>

#include "bot/message_split.h"
#include "adapters/onebot/cq_code.h"
#include "core/numeric_id.h"

namespace gg {
namespace {

bool isIntegerId(const std::string& s) {
  return parseDecimalId(s, /*allow_negative=*/true).has_value();  // some clients use negative ids
}

}  // namespace

OneBotSender::OneBotSender(std::string api_base, std::string access_token, HttpTimeouts timeouts)
    : api_base_(std::move(api_base)), access_token_(std::move(access_token)), timeouts_(timeouts) {}

std::string OneBotSender::buildMessage(const OutboundMessage& msg) {
  std::string out;
  if (!msg.reply_to.empty()) {
    if (!isIntegerId(msg.reply_to)) return "";
    out += "[CQ:reply,id=" + msg.reply_to + "]";
  }
  bool mentioned = false;
  if (msg.mention_all) {
    out += "[CQ:at,qq=all]";
    mentioned = true;
  }
  for (const auto& qq : msg.mention_user_ids) {
    // Ids are digits only, so they need no escaping and cannot close the code early.
    if (!isPositiveDecimalId(qq)) return "";
    out += "[CQ:at,qq=" + qq + "]";
    mentioned = true;
  }
  if (mentioned) out += " ";
  out += escapeCqText(msg.text);
  return out;
}

SendOutcome OneBotSender::send(const OutboundMessage& msg, const std::string& /*idempotency_key*/) {
  if (api_base_.empty()) return SendOutcome::permanent("onebot api not configured");
  if (msg.text.size() > kOneBotTextMaxBytes) {
    return SendOutcome::permanent("text over the OneBot limit; split with splitForChannel");
  }
  // Never throws: a row that reached the outbox with a bad target is dead-lettered, not a crash.
  const std::optional<int64_t> id = parseDecimalId(msg.target, /*allow_negative=*/false);
  if (!id || *id <= 0) return SendOutcome::permanent("onebot target must be a positive numeric id");
  std::string message = buildMessage(msg);
  if (message.empty()) return SendOutcome::permanent("non-numeric mention or reply id");
  nlohmann::json body = {{"message", message}, {"auto_escape", false}};
  std::string action;
  if (msg.target_kind == "group") {
    action = "/send_group_msg";
    body["group_id"] = *id;
  } else if (msg.target_kind == "user") {
    action = "/send_private_msg";
    body["user_id"] = *id;
  } else {
    return SendOutcome::permanent("onebot target_kind must be group or user");
  }
  auto origin = splitUrl(api_base_ + action);
  if (!origin.isOk()) return SendOutcome::permanent("bad onebot api url");
  httplib::Headers headers;
  if (!access_token_.empty()) headers.emplace("Authorization", "Bearer " + access_token_);
  HttpReply reply =
      httpCall("POST", origin->origin, origin->target, headers, body.dump(), timeouts_);
  if (auto failed = classifyHttp(reply)) return *failed;

  auto res = nlohmann::json::parse(reply.body, nullptr, false);
  if (res.is_discarded() || !res.is_object()) {
    return SendOutcome::retry("onebot answered with non-JSON");
  }
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
