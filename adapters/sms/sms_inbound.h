#pragma once
// Text messages residents and department contacts send to the street's SMS number, as the
// gateway posts them to gridgate:
//   POST /hooks/sms  Authorization: Bearer <GRIDGATE_SMS_INBOUND_TOKEN>
//   {"id": "<gateway message id>", "from": "13812345678", "text": "…",
//    "received_at": "<ISO 8601, optional>"}
// The same id twice is one message (the envelope's platform id). 200 only after the message is
// committed; bad token 401, no token configured 503, bad body 400 and nothing stored (the
// hook: sms_hook.h).

#include <string>

#include "core/result.h"
#include "model/envelope.h"

namespace gg {

// Parses the gateway's JSON body into an envelope: channel "sms", account "sms", chat_type
// "private", sender_id the national mobile number. InvalidArgument (naming the field) for
// malformed JSON, unknown keys, a missing or over-long id, a "from" that is not a mobile number,
// empty or invalid UTF-8 text, or a bad received_at.
Result<InboundEnvelope> parseSmsInbound(const std::string& body);

}  // namespace gg
