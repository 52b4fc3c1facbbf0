#include "adapters/hotline/hotline_hook.h"

#include <memory>

#include "adapters/crypto.h"
#include "adapters/hotline/hotline_call.h"

namespace gg {
namespace {

void handleHotline(const HookContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::string& token = ctx.settings.hotline.token;
  if (token.empty()) return answerHookError(res, unavailable("hotline token not configured"));
  std::string auth = req.get_header_value("Authorization");
  if (!constantTimeEquals(auth, "Bearer " + token)) {
    return answerHookError(res, unauthenticated("bad or missing bearer token"));
  }
  if (Status s = checkBodySize(req, ctx.settings.max_body_bytes); !s.isOk()) return answerHookError(res, s);
  auto env = parseHotlineCallText(req.body);
  if (!env.isOk()) return answerHookError(res, env.status());
  if (!ingestOrAnswer(ctx.sink, *env, res, "hotline", ctx.admission)) return;
  res.status = 200;
  res.set_content(nlohmann::json{{"call_id", env->platform_msg_id}, {"status", "accepted"}}.dump(),
                  "application/json");
}

}  // namespace

void registerHotlineHook(httplib::Server& server, const HookContext& ctx) {
  auto st = std::make_shared<HookContext>(ctx);
  server.Post("/hooks/hotline", [st](const httplib::Request& req, httplib::Response& res) {
    handleHotline(*st, req, res);
  });
}

}  // namespace gg
