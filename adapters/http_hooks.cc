#include "adapters/http_hooks.h"

#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "adapters/crypto.h"
#include "adapters/hotline/hotline_call.h"
#include "adapters/onebot/onebot_event.h"
#include "adapters/onebot/onebot_frame.h"
#include "adapters/onebot/onebot_presence.h"
#include "adapters/wecom/replay_guard.h"
#include "adapters/wecom/wecom_crypt.h"
#include "adapters/wecom/wecom_message.h"
#include "core/log.h"

namespace gg {
namespace {

struct HookState {
  explicit HookState(const HookContext& c)
      : ctx(c), replay(c.settings.wecom.replay_window_seconds, c.clock) {}

  HookContext ctx;
  std::optional<WeComCrypt> wecom;
  ReplayGuard replay;
};

void answerError(httplib::Response& res, const Status& s) {
  res.status = httpStatus(s.code());
  nlohmann::json body = {{"error", codeName(s.code())}, {"detail", s.message()}};
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

Status checkSize(const HookState& st, const httplib::Request& req) {
  if (req.body.size() > st.ctx.settings.max_body_bytes) return tooLarge("body over the limit");
  return Status::ok();
}

// Ingests env and writes the answer; returns false (answer written) on failure.
bool ingestOrAnswer(HookState& st, const InboundEnvelope& env, httplib::Response& res,
                    const char* hook) {
  Status s = st.ctx.sink.accept(env);
  if (!s.isOk()) {
    log::warn("hook={} msg_id={} ingest failed: {}", hook, env.platform_msg_id, s.toString());
    answerError(res, s);
    return false;
  }
  return true;
}

// A meta_event post (heartbeat, lifecycle) keeps the account's presence, over HTTP as over a
// socket (onebot_presence.h: a lifecycle disable is not "heard").
void recordOneBotPresence(HookState& st, const std::string& body) {
  if (!st.ctx.presence) return;
  auto frame = classifyOneBotFrame(body);
  if (!frame.isOk() || frame->kind != OneBotFrame::Kind::kMeta) return;
  Status s = recordOneBotMeta(*st.ctx.presence, *frame, "http");
  if (!s.isOk()) log::warn("hook=onebot presence not recorded: {}", s.message());
}

void handleOneBot(HookState& st, const httplib::Request& req, httplib::Response& res) {
  if (Status s = checkSize(st, req); !s.isOk()) return answerError(res, s);
  Status sig = verifyOneBotSignature(st.ctx.settings.onebot.secret, req.body,
                                     req.get_header_value("X-Signature"));
  if (!sig.isOk()) {
    log::warn("hook=onebot rejected: {}", sig.message());
    return answerError(res, sig);
  }
  auto ev = parseOneBotEvent(req.body);
  if (!ev.isOk()) return answerError(res, ev.status());
  if (!ev->has_value()) {
    recordOneBotPresence(st, req.body);
    res.status = 204;
    return;
  }
  if (!ingestOrAnswer(st, **ev, res, "onebot")) return;
  res.status = 204;  // no quick operation: replies go through the outbox, never inline
}

Status wecomReady(const HookState& st) {
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

void handleWeComVerify(HookState& st, const httplib::Request& req, httplib::Response& res) {
  if (Status s = wecomReady(st); !s.isOk()) return answerError(res, s);
  std::string sig = req.get_param_value("msg_signature");
  std::string ts = req.get_param_value("timestamp");
  std::string nonce = req.get_param_value("nonce");
  std::string echostr = base64Param(req, "echostr");
  if (sig.empty() || ts.empty() || nonce.empty() || echostr.empty()) {
    return answerError(res, invalidArgument("msg_signature, timestamp, nonce, echostr required"));
  }
  auto plain = st.wecom->verifyUrl(sig, ts, nonce, echostr);
  if (!plain.isOk()) return answerError(res, plain.status());
  if (Status s = st.replay.check(ts, nonce); !s.isOk()) return answerError(res, s);
  res.status = 200;
  res.set_content(*plain, "text/plain");
}

void handleWeComMessage(HookState& st, const httplib::Request& req, httplib::Response& res) {
  if (Status s = checkSize(st, req); !s.isOk()) return answerError(res, s);
  if (Status s = wecomReady(st); !s.isOk()) return answerError(res, s);
  std::string sig = req.get_param_value("msg_signature");
  std::string ts = req.get_param_value("timestamp");
  std::string nonce = req.get_param_value("nonce");
  if (sig.empty() || ts.empty() || nonce.empty()) {
    return answerError(res, unauthenticated("msg_signature, timestamp and nonce required"));
  }
  auto inner = st.wecom->decryptEnvelope(sig, ts, nonce, req.body);
  if (!inner.isOk()) {
    log::warn("hook=wecom rejected: {}", inner.status().toString());
    return answerError(res, inner.status());
  }
  if (Status s = st.replay.check(ts, nonce); !s.isOk()) return answerError(res, s);
  auto msg = parseWeComMessage(*inner, st.wecom->receiveId());
  if (!msg.isOk()) return answerError(res, msg.status());
  // WeCom treats anything but 200 (a 204 too) as a failed delivery and retries it: every
  // accepted callback, an event or a message, is 200 with "success" and no passive reply.
  if (msg->has_value() && !ingestOrAnswer(st, **msg, res, "wecom")) return;
  res.status = 200;
  res.set_content("success", "text/plain");
}

void handleHotline(HookState& st, const httplib::Request& req, httplib::Response& res) {
  const std::string& token = st.ctx.settings.hotline.token;
  if (token.empty()) return answerError(res, unavailable("hotline token not configured"));
  std::string auth = req.get_header_value("Authorization");
  if (!constantTimeEquals(auth, "Bearer " + token)) {
    return answerError(res, unauthenticated("bad or missing bearer token"));
  }
  if (Status s = checkSize(st, req); !s.isOk()) return answerError(res, s);
  auto env = parseHotlineCallText(req.body);
  if (!env.isOk()) return answerError(res, env.status());
  if (!ingestOrAnswer(st, *env, res, "hotline")) return;
  res.status = 200;
  res.set_content(nlohmann::json{{"call_id", env->platform_msg_id}, {"status", "accepted"}}.dump(),
                  "application/json");
}

}  // namespace

void registerHookRoutes(httplib::Server& server, const HookContext& ctx) {
  auto st = std::make_shared<HookState>(ctx);
  const auto& w = ctx.settings.wecom;
  if (!w.token.empty()) {
    auto crypt = WeComCrypt::create(w.token, w.aes_key, w.corp_id);
    if (crypt.isOk()) {
      st->wecom.emplace(std::move(crypt).value());
    } else {
      log::error("wecom callbacks disabled: {}", crypt.status().message());
    }
  }
  if (ctx.settings.onebot.secret.empty()) {
    log::warn("onebot secret unset: /hooks/onebot accepts unsigned events");
  }
  server.Post("/hooks/onebot", [st](const httplib::Request& req, httplib::Response& res) {
    handleOneBot(*st, req, res);
  });
  server.Get("/hooks/wecom", [st](const httplib::Request& req, httplib::Response& res) {
    handleWeComVerify(*st, req, res);
  });
  server.Post("/hooks/wecom", [st](const httplib::Request& req, httplib::Response& res) {
    handleWeComMessage(*st, req, res);
  });
  server.Post("/hooks/hotline", [st](const httplib::Request& req, httplib::Response& res) {
    handleHotline(*st, req, res);
  });
}

}  // namespace gg
