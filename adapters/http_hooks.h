#pragma once
// Every channel's inbound HTTP endpoint, one hook per channel folder (the shared bits in
// hook_common.h):
//   POST /hooks/onebot   onebot/onebot_hook.h    OneBot v11 event report
//   GET  /hooks/wecom    wecom/wecom_hook.h      WeCom callback URL verification
//   POST /hooks/wecom    wecom/wecom_hook.h      WeCom encrypted message receipt
//   POST /hooks/hotline  hotline/hotline_hook.h  one hotline call as JSON
//   POST /hooks/sms      sms/sms_hook.h          one text message (its sink is the SMS inbox,
//                                                so it is registered on its own)
// Set server.set_payload_max_length() too (the server then answers 413 before buffering).

#include <httplib.h>

#include "adapters/hook_common.h"
#include "adapters/hotline/hotline_hook.h"
#include "adapters/onebot/onebot_hook.h"
#include "adapters/sms/sms_hook.h"
#include "adapters/wecom/wecom_hook.h"

namespace gg {

// Registers the OneBot, WeCom and hotline routes on server (their sink is the pipeline); the
// context is copied.
void registerHookRoutes(httplib::Server& server, const HookContext& ctx);

}  // namespace gg
