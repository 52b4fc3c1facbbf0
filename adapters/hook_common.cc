#include "adapters/hook_common.h"

#include "core/log.h"
#include "core/metrics.h"

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
                    const char* hook, AdmissionGate* admission) {
  AdmissionGate::Pass pass;
  if (admission) {
    pass = admission->tryEnter();
    if (!pass) {
      // Not logged per request: under overload that would be thousands of lines a second; the
      // counter and the access log's 503s show it.
      metrics::add("gridgate_ingest_rejected_total", {{"hook", hook}});
      res.set_header("Retry-After", std::to_string(kIngestRetryAfterSeconds));
      answerHookError(res, unavailable("too many messages in flight; retry later"));
      return false;
    }
  }
  Status s = sink.accept(env);
  if (!s.isOk()) {
    log::warn("hook={} msg_id={} ingest failed: {}", hook, env.platform_msg_id, s.toString());
    answerHookError(res, s);
    return false;
  }
  return true;
}

}  // namespace gg
