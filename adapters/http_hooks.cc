#include "adapters/http_hooks.h"

namespace gg {

void registerHookRoutes(httplib::Server& server, const HookContext& ctx) {
  registerOneBotHook(server, ctx);
  registerWeComHook(server, ctx);
  registerHotlineHook(server, ctx);
}

}  // namespace gg
