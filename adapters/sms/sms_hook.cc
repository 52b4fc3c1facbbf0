#include "adapters/sms/sms_hook.h"

#include "adapters/crypto.h"
#include "adapters/hook_common.h"
#include "adapters/sms/sms_inbound.h"

namespace gg {

void registerSmsHook(httplib::Server& server, const ChannelSettings& settings, InboundSink& sink,
                     AdmissionGate* admission) {
  const std::string token = settings.sms.inbound_token;
  const size_t max_body = settings.max_body_bytes;
  server.Post("/hooks/sms", [token, max_body, &sink, admission](const httplib::Request& req, httplib::Response& res) {
    if (token.empty()) return answerHookError(res, unavailable("sms inbound token not configured"));
    if (!constantTimeEquals(req.get_header_value("Authorization"), "Bearer " + token)) {
      return answerHookError(res, unauthenticated("bad or missing bearer token"));
    }
    if (Status s = checkBodySize(req, max_body); !s.isOk()) return answerHookError(res, s);
    auto env = parseSmsInbound(req.body);
    if (!env.isOk()) return answerHookError(res, env.status());
    if (!ingestOrAnswer(sink, *env, res, "sms", admission)) return;
    answerJson(res, 200, {{"id", env->platform_msg_id}, {"status", "accepted"}});
  });
}

}  // namespace gg
