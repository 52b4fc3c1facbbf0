#include "bot/outbox_retry.h"

namespace gg {
namespace {

// A re-drive is an operator's act after an outage; a list longer than this is a mistake, and
// "every row" is asked for by leaving ids out.
constexpr size_t kMaxIds = 10000;

}  // namespace

Result<RetryRequest> parseRetryRequest(const nlohmann::json& body) {
  if (!body.is_object()) return invalidArgument("body must be a JSON object");
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it.key() != "channel" && it.key() != "status" && it.key() != "ids") {
      return invalidArgument("unknown key \"" + it.key() + "\"");
    }
  }
  RetryRequest r;
  if (!body.contains("channel") || !body["channel"].is_string()) return invalidArgument("channel is required");
  const auto channel = parseChannel(body["channel"].get<std::string>());
  if (channel != Channel::kOneBot && channel != Channel::kWeComApp && channel != Channel::kWeComRobot &&
      channel != Channel::kSms) {
    return invalidArgument("channel must be onebot, wecom_app, wecom_robot or sms");
  }
  r.channel = *channel;
  if (!body.contains("status") || !body["status"].is_string()) return invalidArgument("status is required");
  const std::string status = body["status"].get<std::string>();
  if (status != "dead" && status != "failed") return invalidArgument("status must be dead or failed");
  r.which = status == "dead" ? OutboxRepo::Redrive::kDead : OutboxRepo::Redrive::kFailing;
  if (body.contains("ids")) {
    const auto& ids = body["ids"];
    if (!ids.is_array()) return invalidArgument("ids must be an array of row ids");
    if (ids.size() > kMaxIds) return invalidArgument("at most 10000 ids");
    for (const auto& id : ids) {
      if (!id.is_number_integer() || id.get<int64_t>() <= 0) return invalidArgument("ids must be positive integers");
      r.ids.push_back(id.get<int64_t>());
    }
  }
  return r;
}

Result<std::vector<int64_t>> redriveOutbox(Store& store, const RetryRequest& req, Millis now, Millis horizon) {
  std::vector<int64_t> out;
  Status s = store.write([&](Tx& tx) -> Status {
    auto r = tx.outbox().redrive(req.channel, req.which, req.ids, now, now + horizon);
    if (!r.isOk()) return r.status();
    out = std::move(r).value();
    return Status::ok();
  });
  if (!s.isOk()) return s;
  return out;
}

}  // namespace gg
