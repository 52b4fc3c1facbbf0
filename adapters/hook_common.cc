#include "adapters/hook_common.h"

#include "core/log.h"

namespace gg {

void answerJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void answerHookError(httplib::Response& res, const Status& s) {
  answerJson(res, httpStatus(s.code()), {{"error", codeName(s.code())}, {"detail", s.message()}});
}

Status checkBodySize(const httplib::Request& req, size_t max_bytes) {
  if (req.body.size() > max_bytes) return tooLarge("body over the limit");
  return Status::ok();
}

bool ingestOrAnswer(InboundSink& sink, const InboundEnvelope& env, httplib::Response& res,
                    const char* hook) {
  Status s = sink.accept(env);
  if (!s.isOk()) {
    log::warn("hook={} msg_id={} ingest failed: {}", hook, env.platform_msg_id, s.toString());
    answerHookError(res, s);
    return false;
  }
  return true;
}

}  // namespace gg
