#pragma once
// Platform length limits and the split the dispatcher applies before storing outbox rows.

#include <cstddef>
#include <vector>

#include "model/envelope.h"

namespace gg {

// Byte limits of one message's text, per channel (WeCom documents bytes of UTF-8).
constexpr size_t kWeComRobotTextMaxBytes = 2048;
constexpr size_t kWeComRobotMarkdownMaxBytes = 4096;
constexpr size_t kWeComAppTextMaxBytes = 2048;
// OneBot itself has no limit; QQ clients reject very long messages, so stay well below ~4.5k.
constexpr size_t kOneBotTextMaxBytes = 3000;

// Returns the byte limit for msg's channel and format (0 = unknown channel, no limit).
size_t textLimitFor(const OutboundMessage& msg);

// Splits msg into parts within the channel's limit, on UTF-8 character boundaries (preferring
// line and sentence ends). Only the first part keeps mentions and reply quoting, so people are
// pinged once. A message within the limit comes back unchanged as a single part. msg.text must
// be valid UTF-8.
std::vector<OutboundMessage> splitForChannel(const OutboundMessage& msg);

}  // namespace gg
