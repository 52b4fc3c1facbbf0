#pragma once
// Turns a decrypted WeCom app callback (the inner XML) into an InboundEnvelope. Pure, no I/O.

#include <optional>
#include <string>
#include <string_view>

#include "model/envelope.h"
#include "core/result.h"

namespace gg {

// Parses the decrypted XML. Returns nullopt for things that are not user messages (MsgType
// "event": enter_agent, subscribe ...), an envelope for text/image/voice/location/link messages,
// and invalidArgument for malformed XML, invalid UTF-8, missing FromUserName/MsgId/MsgType, or a
// ToUserName other than corp_id. account = CorpID, platform_msg_id = MsgId, chat_type =
// "private" (app callbacks are one-to-one), sender_id = FromUserName.
Result<std::optional<InboundEnvelope>> parseWeComMessage(std::string_view xml,
                                                         const std::string& corp_id);

// A WeCom UserID as the platform allows it: 1-64 bytes of letters, digits and _-@. .
bool isWeComUserId(std::string_view id);

}  // namespace gg
