#pragma once
// The channel-neutral shapes that cross the adapter boundary. Adapters turn platform payloads
// into an InboundEnvelope and deliver OutboundMessages; bot logic never sees platform formats.

#include <string>
#include <vector>

#include "core/channel.h"
#include "core/clock.h"
#include "core/result.h"
#include "model/delivery_state.h"
#include "model/domain.h"

namespace gg {

// The resident page (/r/{grid}): a channel with no chat to answer in. Its answers are kept on the
// message (MessageRecord::reply) and shown in the HTTP response; nothing is ever queued for it.
inline constexpr const char* kWebAccount = "page";

// One message a resident or worker sent, as every channel reports it.
struct InboundEnvelope {
  Channel channel = Channel::kNone;  // kOneBot | kWeCom | kHotline | kSms | kWeb | kApi
  std::string account;          // the bot's identity there: OneBot self_id, WeCom CorpID, hotline feed
  std::string platform_msg_id;  // unique per (channel, account); dedup key
  ChatType chat_type = ChatType::kNone;
  std::string group_id;         // platform group id; empty for private chats and calls
  std::string sender_id;        // platform user id; for calls the caller's phone number
  std::string sender_name;      // group card, else nickname
  std::string sender_role;      // "owner" | "admin" | "member" | "" (platform role, not ours)
  std::string text;             // plain text with @mentions as "@name", images as "[图片]"
  bool mentions_bot = false;    // the bot itself was @-mentioned
  bool from_self = false;       // the bot's own message echoed back: never answered
  bool asr = false;             // text came from speech recognition (fillers, spoken numbers)
  std::string reply_to;         // platform id of the quoted message, if any
  Millis sent_at = 0;           // platform time; 0 if unknown
  std::string grid_id;          // the grid the sender chose (the resident page); empty = from group/text
};

// One message the bot wants delivered. The outbox stores exactly this (as JSON) before sending.
struct OutboundMessage {
  Channel channel = Channel::kNone;  // kOneBot | kWeComRobot | kWeComApp | kSms
  TargetKind target_kind = TargetKind::kNone;
  std::string target;       // group id / user id / phone number (robot: group id in config)
  std::string text;
  MessageFormat format = MessageFormat::kText;
  std::vector<std::string> mention_user_ids;  // OneBot user ids / WeCom userids to @
  std::vector<std::string> mention_mobiles;   // WeCom robot mentioned_mobile_list
  bool mention_all = false;                   // @全体成员 / [CQ:at,qq=all]
  std::string reply_to;                       // platform message id to quote
};

// Where a channel adapter hands what it received: the HTTP hooks and the hotline spool call it,
// the pipeline (bot/pipeline.h) implements it. OK means the message is committed (a duplicate
// delivery is OK too), so the adapter may acknowledge; any error means it must not. Thread-safe.
class InboundSink {
 public:
  virtual ~InboundSink() = default;
  virtual Status accept(const InboundEnvelope& env) = 0;
};

}  // namespace gg
