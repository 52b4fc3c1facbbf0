#pragma once
// Sends to WeCom group robots (群机器人): POST <webhook url> with {"msgtype":"text"|"markdown"}.
// Errors come back as HTTP 200 with a non-zero errcode: 45009 / 130101 (rate limited) and -1
// (system busy) are kRetry, anything else (93000 bad key ...) is kPermanent. Robots have no
// idempotency key; the key is unused.

#include <memory>
#include <string>

#include "adapters/http_call.h"
#include "bot/sender.h"

namespace gg {

// Where each group's robot is: its full webhook URL (it carries the robot's key, a secret), or ""
// when the group has none. app/robot_webhooks.h is the street's (the secret map of the channel
// settings first, then the org's binding).
class RobotDirectory {
 public:
  virtual ~RobotDirectory() = default;
  virtual std::string robotUrl(const std::string& group_id) const = 0;
};

class WeComRobotSender : public Sender {
 public:
  // Hint returned with a rate-limit errcode: the platform window is one minute.
  static constexpr Millis kRateLimitedRetryMs = kMinute;

  explicit WeComRobotSender(std::shared_ptr<const RobotDirectory> robots, HttpTimeouts timeouts = {});

  // Sender. target = group id. Text: mention_user_ids -> mentioned_list, mention_mobiles ->
  // mentioned_mobile_list, mention_all adds "@all". Markdown: mentions are written as <@userid>
  // before the text (markdown has no mention lists; mobiles cannot be mentioned there).
  // kPermanent for an unknown group, text over the byte limit, 4xx or a non-retryable errcode.
  SendOutcome send(const OutboundMessage& msg, const std::string& idempotency_key) override;

  // Returns the JSON body send() would post (for tests).
  static std::string buildBody(const OutboundMessage& msg);

 private:
  std::shared_ptr<const RobotDirectory> robots_;
  HttpTimeouts timeouts_;
};

// Maps a WeCom errcode from an HTTP-200 answer to an outcome (0 = delivered).
SendOutcome weComErrcodeOutcome(int64_t errcode, const std::string& errmsg);

}  // namespace gg
