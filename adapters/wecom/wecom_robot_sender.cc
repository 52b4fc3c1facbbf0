#include "adapters/wecom/wecom_robot_sender.h"

#include <nlohmann/json.hpp>

#include "bot/message_split.h"

namespace gg {

SendOutcome weComErrcodeOutcome(int64_t errcode, const std::string& errmsg) {
  if (errcode == 0) return SendOutcome::delivered();
  // errmsg can carry ", hint: [...] from ip: ..."; keep the first part only.
  std::string why = "wecom errcode " + std::to_string(errcode) + ": " + errmsg.substr(0, 80);
  if (errcode == 45009 || errcode == 130101) {
    return SendOutcome::retry(why, WeComRobotSender::kRateLimitedRetryMs);
  }
  if (errcode == -1) return SendOutcome::retry(why);  // 系统繁忙
  return SendOutcome::permanent(why);
}

WeComRobotSender::WeComRobotSender(std::shared_ptr<const RobotDirectory> robots, HttpTimeouts timeouts)
    : robots_(std::move(robots)), timeouts_(timeouts) {}

std::string WeComRobotSender::buildBody(const OutboundMessage& msg) {
  nlohmann::json body;
  if (msg.format == MessageFormat::kMarkdown) {
    std::string content;
    for (const auto& id : msg.mention_user_ids) content += "<@" + id + ">";
    if (msg.mention_all) content += "<@all>";
    if (!content.empty()) content += "\n";
    content += msg.text;
    body = {{"msgtype", "markdown"}, {"markdown", {{"content", content}}}};
    return body.dump();
  }
  nlohmann::json text = {{"content", msg.text}};
  nlohmann::json users = msg.mention_user_ids;
  nlohmann::json mobiles = msg.mention_mobiles;
  if (msg.mention_all) users.push_back("@all");
  if (!users.empty()) text["mentioned_list"] = users;
  if (!mobiles.empty()) text["mentioned_mobile_list"] = mobiles;
  body = {{"msgtype", "text"}, {"text", text}};
  return body.dump();
}

SendOutcome WeComRobotSender::send(const OutboundMessage& msg,
                                   const std::string& /*idempotency_key*/) {
  if (msg.text.size() > textLimitFor(msg)) {
    return SendOutcome::permanent("text over the robot limit; split with splitForChannel");
  }
  std::string url = robots_ ? robots_->robotUrl(msg.target) : std::string();
  if (url.empty()) return SendOutcome::permanent("no robot configured for group " + msg.target);
  auto split = splitUrl(url);
  if (!split.isOk()) return SendOutcome::permanent("bad robot url for group " + msg.target);
  HttpReply reply = httpCall("POST", split->origin, split->target, {}, buildBody(msg), timeouts_);
  if (auto failed = classifyHttp(reply)) return *failed;
  auto res = nlohmann::json::parse(reply.body, nullptr, false);
  if (res.is_discarded() || !res.is_object() || !res.contains("errcode") ||
      !res["errcode"].is_number_integer()) {
    return SendOutcome::retry("robot answered without errcode");
  }
  std::string errmsg = res.contains("errmsg") && res["errmsg"].is_string()
                           ? res["errmsg"].get<std::string>()
                           : std::string();
  return weComErrcodeOutcome(res["errcode"].get<int64_t>(), errmsg);
}

}  // namespace gg
