#include "adapters/wecom/wecom_hook.h"

#include <memory>
#include <optional>

#include "adapters/wecom/replay_guard.h"
#include "adapters/wecom/wecom_crypt.h"
#include "adapters/wecom/wecom_message.h"
#include "core/log.h"

namespace gg {
namespace {

struct WeComHookState {
  explicit WeComHookState(const HookContext& c)
      : ctx(c), replay(c.settings.wecom.replay_window_seconds, c.clock, c.nonces) {}

  HookContext ctx;
  std::optional<WeComCrypt> wecom;  // empty: not configured (or a bad key), the routes say 503
  ReplayGuard replay;
};

Status wecomReady(const WeComHookState& st) {
  if (!st.wecom) return unavailable("wecom callbacks not configured");
  return Status::ok();
}

// httplib turns '+' into ' ' in query values; Base64 has no spaces, so put the pluses back.
std::string base64Param(const httplib::Request& req, const char* name) {
  std::string v = req.get_param_value(name);
  for (char& c : v) {
    if (c == ' ') c = '+';
  }
  return v;
}

void handleWeComVerify(WeComHookState& st, const httplib::Request& req, httplib::Response& res) {
  if (Status s = wecomReady(st); !s.isOk()) return answerHookError(res, s);
  std::string sig = req.get_param_value("msg_signature");
  std::string ts = req.get_param_value("timestamp");
  std::string nonce = req.get_param_value("nonce");
  std::string echostr = base64Param(req, "echostr");
  if (sig.empty() || ts.empty() || nonce.empty() || echostr.empty()) {
    return answerHookError(res, invalidArgument("msg_signature, timestamp, nonce, echostr required"));
  }
  auto plain = st.wecom->verifyUrl(sig, ts, nonce, echostr);
  if (!plain.isOk()) return answerHookError(res, plain.status());
  if (Status s = st.replay.check(ts, nonce); !s.isOk()) return answerHookError(res, s);
  if (Status s = st.replay.commit(nonce); !s.isOk()) return answerHookError(res, s);
  res.status = 200;
  res.set_content(*plain, "text/plain");
}

void handleWeComMessage(WeComHookState& st, const httplib::Request& req, httplib::Response& res) {
  if (Status s = checkBodySize(req, st.ctx.settings.max_body_bytes); !s.isOk()) return answerHookError(res, s);
  if (Status s = wecomReady(st); !s.isOk()) return answerHookError(res, s);
  std::string sig = req.get_param_value("msg_signature");
  std::string ts = req.get_param_value("timestamp");
  std::string nonce = req.get_param_value("nonce");
  if (sig.empty() || ts.empty() || nonce.empty()) {
    return answerHookError(res, unauthenticated("msg_signature, timestamp and nonce required"));
  }
  auto inner = st.wecom->decryptEnvelope(sig, ts, nonce, req.body);
  if (!inner.isOk()) {
    log::warn("hook=wecom rejected: {}", inner.status().toString());
    return answerHookError(res, inner.status());
  }
  if (Status s = st.replay.check(ts, nonce); !s.isOk()) return answerHookError(res, s);
  auto msg = parseWeComMessage(*inner, st.wecom->receiveId());
  if (!msg.isOk()) return answerHookError(res, msg.status());
  // WeCom treats anything but 200 (a 204 too) as a failed delivery and retries it: every
  // accepted callback, an event or a message, is 200 with "success" and no passive reply.
  // Not stored: the nonce stays unused, so WeCom's retry (the same nonce) gets in.
  if (msg->has_value() && !ingestOrAnswer(st.ctx.sink, **msg, res, "wecom", st.ctx.admission)) return;
  // Stored: a ledger that cannot record the nonce now is logged, not refused — a refusal would
  // make WeCom resend a message that is already in, and the MsgId stores it once anyway.
  if (Status s = st.replay.commit(nonce); !s.isOk()) log::warn("hook=wecom: {}", s.toString());
  res.status = 200;
  res.set_content("success", "text/plain");
}

}  // namespace

void registerWeComHook(httplib::Server& server, const HookContext& ctx) {
  auto st = std::make_shared<WeComHookState>(ctx);
  const auto& w = ctx.settings.wecom;
  if (!w.token.empty()) {
    auto crypt = WeComCrypt::create(w.token, w.aes_key, w.corp_id);
    if (crypt.isOk()) {
      st->wecom.emplace(std::move(crypt).value());
    } else {
      log::error("wecom callbacks disabled: {}", crypt.status().message());
    }
  }
  server.Get("/hooks/wecom", [st](const httplib::Request& req, httplib::Response& res) {
    handleWeComVerify(*st, req, res);
  });
  server.Post("/hooks/wecom", [st](const httplib::Request& req, httplib::Response& res) {
    handleWeComMessage(*st, req, res);
  });
}

}  // namespace gg
