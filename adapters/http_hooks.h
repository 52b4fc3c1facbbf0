#pragma once
// The inbound HTTP endpoints of the channels:
//   POST /hooks/onebot       OneBot v11 event report (X-Signature when a secret is set)
//   GET  /hooks/wecom        WeCom callback URL verification (echoes the decrypted echostr)
//   POST /hooks/wecom        WeCom encrypted message receipt
//   POST /hooks/hotline      one hotline call as JSON, "Authorization: Bearer <hotline token>"
// A hook answers 2xx only after sink.accept() returned OK (OK includes a duplicate delivery), so a
// platform that re-posts on a slow answer gets the same result. Bad signature / token -> 401 and
// ingest is never called; malformed JSON/XML, invalid UTF-8, missing fields -> 400; a body over
// settings.max_body_bytes -> 413; a channel whose secrets are not configured -> 503; an ingest
// error -> gg::httpStatus(code). Error bodies are {"error": "<code name>", "detail": "..."}.
// Non-message OneBot events (notice/request/meta_event) -> 204 without ingest (meta events keep
// the account's presence); WeCom answers every accepted callback 200 "success", never 204.
// Set server.set_payload_max_length() too (the server then answers 413 before buffering).

#include <httplib.h>

#include "adapters/channel_settings.h"
#include "bot/presence.h"
#include "model/envelope.h"
#include "core/clock.h"
#include "core/result.h"

namespace gg {

struct HookContext {
  ChannelSettings settings;
  const Clock& clock;  // for the WeCom replay window; must outlive the server
  InboundSink& sink;  // the pipeline; must outlive the server
  Presence* presence = nullptr;  // OneBot meta_event posts keep the account's presence; may be null
};

// Registers the four routes on server. The context is copied; the WeCom codec and replay guard
// are built once here (an invalid AES key makes the WeCom routes answer 503).
void registerHookRoutes(httplib::Server& server, const HookContext& ctx);

}  // namespace gg
