#pragma once
// The SMS hook: text messages residents and department contacts send to the street's SMS
// number, as the gateway posts them to gridgate (the body: sms_inbound.h):
//   POST /hooks/sms  Authorization: Bearer <GRIDGATE_SMS_INBOUND_TOKEN>
// 200 {"id", "status": "accepted"} only after the message is committed; bad token 401, no token
// configured 503, bad body 400 and nothing stored. Its sink is the SMS inbox (ratings, opt-outs,
// replies by callers), not the group pipeline, so it is registered on its own.

#include <httplib.h>

#include "adapters/channel_settings.h"
#include "core/admission.h"
#include "model/envelope.h"

namespace gg {

// Registers POST /hooks/sms on server; sink (and admission, the write path's bound shared with
// the other hooks, null = none) must outlive it.
void registerSmsHook(httplib::Server& server, const ChannelSettings& settings, InboundSink& sink,
                     AdmissionGate* admission = nullptr);

}  // namespace gg
