#include "adapters/onebot/onebot_hook.h"

#include <memory>

#include "adapters/crypto.h"
#include "adapters/onebot/onebot_event.h"
#include "adapters/onebot/onebot_frame.h"
#include "adapters/onebot/onebot_presence.h"
#include "core/log.h"

namespace gg {
namespace {

// A meta_event post (heartbeat, lifecycle) keeps the account's presence, over HTTP as over a
// socket (onebot_presence.h: a lifecycle disable is not "heard").
void recordOneBotPresence(const HookContext& ctx, const std::string& body) {
  if (!ctx.presence) return;
  auto frame = classifyOneBotFrame(body);
  if (!frame.isOk() || frame->kind != OneBotFrame::Kind::kMeta) return;
  Status s = recordOneBotMeta(*ctx.presence, *frame, "http");
  if (!s.isOk()) log::warn("hook=onebot presence not recorded: {}", s.message());
}

void handleOneBot(const HookContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (Status s = checkBodySize(req, ctx.settings.max_body_bytes); !s.isOk()) return answerHookError(res, s);
  Status sig = verifyOneBotSignature(ctx.settings.onebot.secret, req.body,
                                     req.get_header_value("X-Signature"));
  if (!sig.isOk()) {
    log::warn("hook=onebot rejected: {}", sig.message());
    return answerHookError(res, sig);
  }
  auto ev = parseOneBotEvent(req.body);
  if (!ev.isOk()) return answerHookError(res, ev.status());
  if (!ev->has_value()) {
    recordOneBotPresence(ctx, req.body);
    res.status = 204;
    return;
  }
  if (!ingestOrAnswer(ctx.sink, **ev, res, "onebot", ctx.admission)) return;
  res.status = 204;  // no quick operation: replies go through the outbox, never inline
}

}  // namespace

void registerOneBotHook(httplib::Server& server, const HookContext& ctx) {
  auto st = std::make_shared<HookContext>(ctx);
  if (ctx.settings.onebot.secret.empty()) {
    log::warn("onebot secret unset: /hooks/onebot accepts unsigned events");
  }
  server.Post("/hooks/onebot", [st](const httplib::Request& req, httplib::Response& res) {
    handleOneBot(*st, req, res);
  });
}

}  // namespace gg
