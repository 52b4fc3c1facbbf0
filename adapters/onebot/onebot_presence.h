#pragma once
// What a OneBot meta event (lifecycle, heartbeat) says about its account, the same over a
// socket and over HTTP posts, recorded in Presence. A heartbeat and a lifecycle connect or enable
// say the account is alive. A lifecycle disable says the implementation has stopped serving the
// account (OneBot v11: "OneBot 被禁用"): it must not count as being heard, or a disabled account
// would look alive (and an account already reported offline would be announced back). On a
// socket the account is recorded disconnected — the socket may stay open, but nothing is heard
// through it — so it goes offline after the configured grace and the command centre is told
// once; an enable on the same socket records it connected again.

#include <string>

#include "adapters/onebot/onebot_frame.h"
#include "bot/presence.h"

namespace gg {

// frame: a kMeta frame. mode: http, reverse-ws or forward-ws. Returns Presence's error unchanged.
Status recordOneBotMeta(Presence& presence, const OneBotFrame& frame, const std::string& mode);

}  // namespace gg
