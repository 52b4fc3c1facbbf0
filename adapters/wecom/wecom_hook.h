#pragma once
// The WeCom (企业微信) app callback hook:
//   GET  /hooks/wecom   URL verification: echoes the decrypted echostr
//   POST /hooks/wecom   an encrypted message or event
// Both need msg_signature, timestamp and nonce (bad → 401) and pass the replay guard. WeCom
// treats anything but 200 (a 204 too) as a failed delivery and retries it: every accepted
// callback is answered 200 "success", with no passive reply. Callbacks not configured, or an
// invalid AES key → 503.

#include <httplib.h>

#include "adapters/hook_common.h"

namespace gg {

// Registers both routes; the codec and the replay guard are built once here.
void registerWeComHook(httplib::Server& server, const HookContext& ctx);

}  // namespace gg
