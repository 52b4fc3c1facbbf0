#include "adapters/wecom/wecom_app_sender.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "bot/message_split.h"
#include "adapters/wecom/wecom_robot_sender.h"
#include "core/log.h"

namespace gg {
namespace {

constexpr Millis kMaxRefreshMargin = 5 * kMinute;

int64_t errcodeOf(const nlohmann::json& res) {
  return res.contains("errcode") && res["errcode"].is_number_integer()
             ? res["errcode"].get<int64_t>()
             : 0;
}

std::string errmsgOf(const nlohmann::json& res) {
  return res.contains("errmsg") && res["errmsg"].is_string() ? res["errmsg"].get<std::string>()
                                                             : std::string();
}

}  // namespace

WeComAppSender::WeComAppSender(std::string api_base, std::string corp_id, std::string corp_secret,
                               int64_t agent_id, const Clock& clock, Options options)
    : api_base_(std::move(api_base)),
      corp_id_(std::move(corp_id)),
      corp_secret_(std::move(corp_secret)),
      agent_id_(agent_id),
      clock_(clock),
      options_(options) {}

void WeComAppSender::invalidateToken() {
  std::lock_guard<std::mutex> lock(mu_);
  token_.clear();
  refresh_at_ = 0;
}

std::string WeComAppSender::token(SendOutcome* failure) {
  std::lock_guard<std::mutex> lock(mu_);  // held across the fetch: one gettoken, not a herd
  Millis now = clock_.now();
  if (!token_.empty() && now < refresh_at_) return token_;
  auto origin = splitUrl(api_base_);
  if (!origin.isOk()) {
    *failure = SendOutcome::permanent("bad wecom api url");
    return "";
  }
  std::string target = "/cgi-bin/gettoken?corpid=" + httplib::detail::encode_query_param(corp_id_) +
                       "&corpsecret=" + httplib::detail::encode_query_param(corp_secret_);
  HttpReply reply = httpCall("GET", origin->origin, target, {}, "", options_.timeouts);
  if (auto failed = classifyHttp(reply)) {
    *failure = *failed;
    failure->error = "gettoken: " + failure->error;
    return "";
  }
  auto res = nlohmann::json::parse(reply.body, nullptr, false);
  if (res.is_discarded() || !res.is_object()) {
    *failure = SendOutcome::retry("gettoken answered with non-JSON");
    return "";
  }
  int64_t errcode = errcodeOf(res);
  if (errcode != 0 || !res.contains("access_token") || !res["access_token"].is_string()) {
    *failure = weComErrcodeOutcome(errcode == 0 ? -2 : errcode, errmsgOf(res));
    failure->error = "gettoken: " + failure->error;
    return "";
  }
  Millis ttl = res.contains("expires_in") && res["expires_in"].is_number_integer()
                   ? res["expires_in"].get<int64_t>() * kSecond
                   : 7200 * kSecond;
  token_ = res["access_token"].get<std::string>();
  refresh_at_ = now + ttl - std::min(kMaxRefreshMargin, ttl / 4);
  log::debug("wecom gettoken ok corp={} ttl_s={}", corp_id_, ttl / kSecond);
  return token_;
}

SendOutcome WeComAppSender::sendOnce(const std::string& token, const std::string& body,
                                     bool* token_invalid) {
  *token_invalid = false;
  auto origin = splitUrl(api_base_);
  if (!origin.isOk()) return SendOutcome::permanent("bad wecom api url");
  std::string target =
      "/cgi-bin/message/send?access_token=" + httplib::detail::encode_query_param(token);
  HttpReply reply = httpCall("POST", origin->origin, target, {}, body, options_.timeouts);
  if (auto failed = classifyHttp(reply)) return *failed;
  auto res = nlohmann::json::parse(reply.body, nullptr, false);
  if (res.is_discarded() || !res.is_object() || !res.contains("errcode")) {
    return SendOutcome::retry("message/send answered without errcode");
  }
  int64_t errcode = errcodeOf(res);
  if (errcode == 40014 || errcode == 42001) {
    *token_invalid = true;
    return SendOutcome::retry("access token rejected: errcode " + std::to_string(errcode));
  }
  SendOutcome out = weComErrcodeOutcome(errcode, errmsgOf(res));
  if (out.kind == SendOutcome::Kind::kDelivered && res.contains("msgid") &&
      res["msgid"].is_string()) {
    out.platform_msg_id = res["msgid"].get<std::string>();
  }
  return out;
}

SendOutcome WeComAppSender::send(const OutboundMessage& msg, const std::string& /*key*/) {
  if (msg.target_kind != TargetKind::kUser || msg.target.empty()) {
    return SendOutcome::permanent("wecom app messages need target_kind user");
  }
  if (msg.text.size() > kWeComAppTextMaxBytes) {
    return SendOutcome::permanent("text over the app message limit; split with splitForChannel");
  }
  std::string type = msg.format == MessageFormat::kMarkdown ? "markdown" : "text";
  nlohmann::json body = {{"touser", msg.target},
                         {"msgtype", type},
                         {"agentid", agent_id_},
                         {type, {{"content", msg.text}}},
                         {"safe", 0},
                         {"enable_duplicate_check", options_.duplicate_check ? 1 : 0},
                         {"duplicate_check_interval", options_.duplicate_check_interval_s}};
  std::string payload = body.dump();
  for (int attempt = 0; attempt < 2; ++attempt) {
    SendOutcome failure;
    std::string tok = token(&failure);
    if (tok.empty()) return failure;
    bool token_invalid = false;
    SendOutcome out = sendOnce(tok, payload, &token_invalid);
    if (!token_invalid) return out;
    invalidateToken();  // then retry exactly once with a fresh token
    if (attempt == 1) return out;
  }
  return SendOutcome::retry("unreachable");
}

}  // namespace gg
