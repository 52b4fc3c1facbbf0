#pragma once
// What every channel's HTTP hook shares (adapters/<channel>/<channel>_hook.*): the context a
// hook is registered with, the error body, the body-size check and "answer only after the
// sink committed". The rules every hook keeps: 2xx only after sink.accept() returned OK (OK
// includes a duplicate delivery), so a platform that re-posts on a slow answer gets the same
// result; bad signature or token → 401 and the sink is never called; malformed JSON/XML,
// invalid UTF-8, missing fields → 400; a body over channels.max_body_bytes → 413; a channel
// whose secrets are not configured → 503; a sink error → gg::httpStatus(code); more messages in
// the sink at once than channels.max_pending_ingest → 503 with Retry-After and the sink is never
// called (nothing stored, the platform retries). Error bodies are
// {"error": "<code name>", "detail": "..."}.

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "adapters/channel_settings.h"
#include "bot/presence.h"
#include "core/admission.h"
#include "core/clock.h"
#include "core/result.h"
#include "model/envelope.h"
#include "model/nonce_ledger.h"

namespace gg {

struct HookContext {
  ChannelSettings settings;
  const Clock& clock;  // for the WeCom replay window; must outlive the server
  InboundSink& sink;  // the pipeline; must outlive the server
  Presence* presence = nullptr;  // OneBot meta_event posts keep the account's presence; may be null
  NonceLedger* nonces = nullptr;  // where the WeCom replay guard keeps nonces; null = in memory
  // Bounds the messages handed to the sink at once, across every hook (one write path); null =
  // unbounded. Must outlive the server.
  AdmissionGate* admission = nullptr;
};

// Seconds a refused platform is told to wait (Retry-After): a write batch commits in
// milliseconds, so the queue has drained long before; OneBot and WeCom clients retry anyway.
inline constexpr int kIngestRetryAfterSeconds = 1;

// Writes body as JSON with status (invalid UTF-8 in it replaced, never thrown).
void answerJson(httplib::Response& res, int status, const nlohmann::json& body);
// Writes the error body of s with its HTTP status.
void answerHookError(httplib::Response& res, const Status& s);
// tooLarge when the body is over max_bytes (the server's own limit answers 413 before
// buffering; this is the channel's, from channels.max_body_bytes).
Status checkBodySize(const httplib::Request& req, size_t max_bytes);
// Hands env to sink; on failure logs it, writes the error answer and returns false. With an
// admission gate that is full, answers 503 + Retry-After without calling the sink, counts it
// in gridgate_ingest_rejected_total{hook} and returns false.
bool ingestOrAnswer(InboundSink& sink, const InboundEnvelope& env, httplib::Response& res,
                    const char* hook, AdmissionGate* admission = nullptr);

}  // namespace gg
