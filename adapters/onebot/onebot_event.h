#pragma once
// OneBot v11 HTTP POST event reporting: signature check and event -> InboundEnvelope. Pure.

#include <optional>
#include <string>
#include <string_view>

#include "model/envelope.h"
#include "core/result.h"

namespace gg {

// Verifies "X-Signature: sha1=<hex HMAC-SHA1(secret, raw_body)>" in constant time over the raw
// bytes. An empty secret means signing is off and always passes. With a secret, a missing or
// wrong header fails with unauthenticated.
Status verifyOneBotSignature(std::string_view secret, std::string_view raw_body,
                             std::string_view signature_header);

// Returns the X-Signature header value for body under secret ("sha1=" + hex).
std::string oneBotSignature(std::string_view secret, std::string_view raw_body);

// Parses one reported event. Returns nullopt for post_type notice / request / meta_event (and
// any other non-message type), an envelope for group and private messages (message as a CQ
// string or a segment array), and invalidArgument for invalid UTF-8, malformed JSON or missing
// self_id / message_id / user_id / group_id (for groups) / message.
// Envelope: channel "onebot", account = self_id, platform_msg_id = message_id, text with at
// segments as "@name" (bot mentions removed and flagged in mentions_bot), images "[图片]",
// faces "[表情]", reply id in reply_to, sender card (else nickname) and role kept.
Result<std::optional<InboundEnvelope>> parseOneBotEvent(std::string_view raw_body);

}  // namespace gg
