#pragma once
// The voice hotline transcript feed: one call as JSON
//   {"call_id": "c-1", "caller": "13812345678", "started_at": "2026-05-01T09:00:00+08:00",
//    "segments": [{"speaker": "caller", "text": "...", "start_ms": 0, "end_ms": 1800,
//                  "final": true}, ...]}
// Only the caller's final segments are classified; agent speech and partial (non-final) ASR
// hypotheses are dropped. Pure, no I/O.

#include <nlohmann/json.hpp>
#include <string_view>

#include "model/envelope.h"
#include "core/result.h"

namespace gg {

// Maximum bytes of one call (one POST body, one spool line).
constexpr size_t kMaxHotlineCallBytes = 1024 * 1024;

// Converts one call object to an envelope: channel "hotline", account "hotline",
// platform_msg_id = call_id, chat_type "call", sender_id = caller (a "+86"/"86" prefix is
// dropped), asr = true, sent_at = started_at, text = the caller's final segments ordered by
// start_ms and joined with a space. Fails with invalidArgument (message names the field) for a
// missing/empty call_id, a caller that is not a phone number, a bad started_at, a malformed
// segment, invalid UTF-8, or no final caller speech at all.
Result<InboundEnvelope> parseHotlineCall(const nlohmann::json& call);

// Same, from raw JSON text (invalidArgument for invalid UTF-8 or malformed JSON).
Result<InboundEnvelope> parseHotlineCallText(std::string_view raw);

}  // namespace gg
