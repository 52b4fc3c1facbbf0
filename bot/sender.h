#pragma once
// The outbound side of a channel as the lead's outbox dispatcher sees it: one call delivers one
// platform message and says whether to mark it delivered, retry later, or dead-letter it.
// Senders do not split: the dispatcher calls splitForChannel() (message_split.h) before it
// stores rows, so one outbox row is one platform message and a crash resends at most one part.

#include <memory>
#include <string>

#include "model/envelope.h"
#include "core/clock.h"

namespace gg {

struct SendOutcome {
  // kWait: the channel cannot send right now through no fault of the row (a OneBot account
  // with no connection): the row goes back to pending after retry_after_ms without counting
  // the attempt, so it is never dead-lettered for it.
  enum class Kind { kDelivered, kRetry, kPermanent, kWait };
  Kind kind = Kind::kPermanent;
  std::string error;            // why it was not delivered; never contains a token or secret
  Millis retry_after_ms = 0;    // kRetry: a platform hint (rate limit); 0 = use your own backoff
  std::string platform_msg_id;  // kDelivered: the platform's id, when it returns one

  static SendOutcome delivered(std::string id = "") {
    return {Kind::kDelivered, "", 0, std::move(id)};
  }
  static SendOutcome retry(std::string why, Millis after_ms = 0) {
    return {Kind::kRetry, std::move(why), after_ms, ""};
  }
  static SendOutcome wait(std::string why, Millis after_ms) {
    return {Kind::kWait, std::move(why), after_ms, ""};
  }
  static SendOutcome permanent(std::string why) {
    return {Kind::kPermanent, std::move(why), 0, ""};
  }
};

// What a platform's own record says of an earlier attempt whose outcome the outbox lost (the
// process died between the platform's acceptance and the row's mark).
struct SentLookup {
  // kUnknown: the platform keeps no record this sender can read (the row is sent again: the one
  // resend no platform without an idempotency key can rule out). kAbsent: it looked, the message
  // is not there. kFound: it is there; platform_msg_id names it.
  enum class Kind { kUnknown, kAbsent, kFound };
  Kind kind = Kind::kUnknown;
  std::string platform_msg_id;

  static SentLookup unknown() { return {}; }
  static SentLookup absent() { return {Kind::kAbsent, ""}; }
  static SentLookup found(std::string id) { return {Kind::kFound, std::move(id)}; }
};

class Sender {
 public:
  virtual ~Sender() = default;
  // Delivers msg (already within the channel's length limit) once. idempotency_key is the
  // outbox row's stable key; it is passed to the platform where the platform has such a
  // mechanism. Network errors, timeouts, 5xx and platform rate limits are kRetry; 4xx, bad
  // targets and other platform error codes are kPermanent. Thread-safe.
  virtual SendOutcome send(const OutboundMessage& msg, const std::string& idempotency_key) = 0;

  // Looks on the platform for msg as an attempt begun at or after `since` may have delivered it.
  // The dispatcher asks before it sends a row again whose last attempt was cut off. Never
  // throws; any failure to look is kUnknown. The default: the platform cannot tell.
  virtual SentLookup findSent(const OutboundMessage& /*msg*/, Millis /*since*/) { return SentLookup::unknown(); }
};

using SenderPtr = std::unique_ptr<Sender>;

// Which bot account speaks to a chat (bot/chat_routes.h keeps the answer): a sender with several
// accounts asks it for each row.
class ChatAccountLookup {
 public:
  virtual ~ChatAccountLookup() = default;
  // Returns the account id that sends to (channel, target_kind, target), or "". A private chat
  // is kUser (kPhone is read as kUser: there is no route by phone).
  virtual std::string accountFor(Channel channel, TargetKind target_kind,
                                 const std::string& target) = 0;
};

}  // namespace gg
