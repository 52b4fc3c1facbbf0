#include "adapters/onebot/onebot_sender.h"

#include <nlohmann/json.hpp>

#include "bot/message_split.h"
#include "adapters/onebot/cq_code.h"
#include "adapters/onebot/onebot_action.h"
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
  // Never throws: a row that reached the outbox with a bad target is dead-lettered, not a crash.
  auto call = oneBotActionFor(msg);
  if (!call.isOk()) return SendOutcome::permanent(call.status().message());
  auto origin = splitUrl(api_base_ + "/" + call->action);
  if (!origin.isOk()) return SendOutcome::permanent("bad onebot api url");
  httplib::Headers headers;
  if (!access_token_.empty()) headers.emplace("Authorization", "Bearer " + access_token_);
  HttpReply reply =
      httpCall("POST", origin->origin, origin->target, headers, call->params.dump(), timeouts_);
  if (auto failed = classifyHttp(reply)) return *failed;
  return oneBotOutcome(nlohmann::json::parse(reply.body, nullptr, false));
}

SentLookup OneBotSender::findSent(const OutboundMessage& msg, Millis since) {
  auto call = oneBotHistoryActionFor(msg);
  const std::string message = buildMessage(msg);
  if (api_base_.empty() || !call || message.empty()) return SentLookup::unknown();
  auto origin = splitUrl(api_base_ + "/" + call->action);
  if (!origin.isOk()) return SentLookup::unknown();
  httplib::Headers headers;
  if (!access_token_.empty()) headers.emplace("Authorization", "Bearer " + access_token_);
  HttpReply reply =
      httpCall("POST", origin->origin, origin->target, headers, call->params.dump(), timeouts_);
  if (classifyHttp(reply)) return SentLookup::unknown();
  return findInHistory(nlohmann::json::parse(reply.body, nullptr, false), message, since);
}

}  // namespace gg
