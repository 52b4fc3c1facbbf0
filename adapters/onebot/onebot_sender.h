#pragma once
// Sends through a OneBot v11 client's HTTP API: POST /send_group_msg or /send_private_msg with
// "Authorization: Bearer <access token>". The message is a CQ string: [CQ:reply,id=..] then
// [CQ:at,qq=..] for each mention, then the text CQ-escaped, so nothing a resident typed (or
// named themselves) can become a CQ code. OneBot has no idempotency key; the key is unused.

#include <string>

#include "adapters/http_call.h"
#include "bot/sender.h"

namespace gg {

class OneBotSender : public Sender {
 public:
  // api_base e.g. "http://127.0.0.1:5700"; access_token may be empty (no auth header).
  OneBotSender(std::string api_base, std::string access_token, HttpTimeouts timeouts = {});

  // Sender. target_kind "group" -> send_group_msg{group_id}, "user" -> send_private_msg{user_id}
  // (numeric ids). kPermanent for non-numeric ids/mentions/reply id, a text over
  // kOneBotTextMaxBytes, HTTP 4xx, or status "failed"; kRetry for transport errors and 5xx.
  // platform_msg_id = data.message_id.
  SendOutcome send(const OutboundMessage& msg, const std::string& idempotency_key) override;
  // Sender. Group messages only: POST /get_group_msg_history, then findInHistory.
  SentLookup findSent(const OutboundMessage& msg, Millis since) override;

  // Returns the CQ string that send() would post for msg, or "" if a mention or reply id is not
  // numeric (exposed for tests and previews).
  static std::string buildMessage(const OutboundMessage& msg);

 private:
  std::string api_base_;
  std::string access_token_;
  HttpTimeouts timeouts_;
};

}  // namespace gg
