#pragma once
// Text messages to residents who called the hotline (they have no group to be answered in),
// through the street's SMS gateway. Carriers' SMS platforms differ, so gridgate speaks one small
// JSON webhook and the gateway (or a few lines of glue in front of it) maps it:
//   POST <api>  Authorization: Bearer <token>
//   {"to": "13812345678", "text": "…", "id": "<outbox dedup key>"}
// 2xx = accepted (an "id" in the answer is kept as the platform id). "id" is stable across
// retries, so a gateway can drop a resend it already accepted.

#include <string>

#include "adapters/http_call.h"
#include "bot/sender.h"

namespace gg {

class SmsWebhookSender : public Sender {
 public:
  // api: absolute http(s) URL of the gateway's send endpoint; token may be empty.
  SmsWebhookSender(std::string api, std::string token, HttpTimeouts timeouts = {});

  // Sender. target_kind "phone", target a phone number. Transport errors, 5xx, 408 and 429 are
  // kRetry; other answers kPermanent; a target that is not a phone number is kPermanent without
  // a network call.
  SendOutcome send(const OutboundMessage& msg, const std::string& idempotency_key) override;

 private:
  std::string api_;
  std::string token_;
  HttpTimeouts timeouts_;
};

}  // namespace gg
