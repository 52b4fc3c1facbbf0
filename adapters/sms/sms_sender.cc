#include "adapters/sms/sms_sender.h"

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace gg {

SmsWebhookSender::SmsWebhookSender(std::string api, std::string token, HttpTimeouts timeouts)
    : api_(std::move(api)), token_(std::move(token)), timeouts_(timeouts) {}

SendOutcome SmsWebhookSender::send(const OutboundMessage& msg, const std::string& idempotency_key) {
  if (msg.target_kind != TargetKind::kPhone || !isPhoneNumber(msg.target)) {
    return SendOutcome::permanent("sms target must be a phone number");
  }
  auto url = splitUrl(api_);
  if (!url.isOk()) return SendOutcome::permanent("sms api: " + url.status().message());
  httplib::Headers headers;
  if (!token_.empty()) headers.emplace("Authorization", "Bearer " + token_);
  const nlohmann::json body = {{"to", msg.target}, {"text", msg.text}, {"id", idempotency_key}};
  const HttpReply reply = httpCall("POST", url->origin, url->target, headers, body.dump(), timeouts_);
  if (auto failed = classifyHttp(reply)) return *failed;
  auto j = nlohmann::json::parse(reply.body, nullptr, false);
  std::string id;
  if (j.is_object() && j.contains("id") && (j["id"].is_string() || j["id"].is_number())) {
    id = j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
  }
  return SendOutcome::delivered(id);
}

}  // namespace gg
