#include "tests/fakes/fake_wecom_api.h"

#include <cstdlib>

namespace gg::fakes {
namespace {

void answer(httplib::Response& res, const nlohmann::json& body) {
  res.status = 200;
  res.set_content(body.dump(), "application/json");
}

void errcode(httplib::Response& res, int code, const std::string& msg) {
  answer(res, {{"errcode", code}, {"errmsg", msg + ", hint: [fake]"}});
}

}  // namespace

FakeWeComApi::FakeWeComApi(std::string corp_id, std::string corp_secret, const Clock* clock)
    : corp_id_(std::move(corp_id)),
      corp_secret_(std::move(corp_secret)),
      clock_(clock ? clock : &system_clock_) {
  auto& s = server_.server();
  s.Get("/cgi-bin/gettoken",
        [this](const httplib::Request& req, httplib::Response& res) { handleGetToken(req, res); });
  s.Post("/cgi-bin/message/send",
         [this](const httplib::Request& req, httplib::Response& res) { handleSend(req, res); });
  s.Post("/cgi-bin/webhook/send",
         [this](const httplib::Request& req, httplib::Response& res) { handleWebhook(req, res); });
}

FakeWeComApi::~FakeWeComApi() { stop(); }

void FakeWeComApi::start() {
  if (!server_.start()) std::abort();
}

void FakeWeComApi::stop() { server_.stop(); }

void FakeWeComApi::addRobotKey(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  robot_keys_.insert(key);
}

void FakeWeComApi::setRobotLimitPerMinute(int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  robot_limit_ = limit;
}

void FakeWeComApi::setTokenTtlSeconds(int64_t ttl_s) {
  std::lock_guard<std::mutex> lock(mu_);
  ttl_s_ = ttl_s;
}

void FakeWeComApi::expireTokens() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [_, expires] : tokens_) expires = 0;
}

void FakeWeComApi::injectFault(FakeFault fault, int count, Millis delay_ms) {
  faults_.inject(fault, count, delay_ms);
}

std::vector<FakeWeComApi::AppMessage> FakeWeComApi::appMessages() const {
  std::lock_guard<std::mutex> lock(mu_);
  return app_messages_;
}

std::vector<FakeWeComApi::RobotMessage> FakeWeComApi::robotMessages() const {
  std::lock_guard<std::mutex> lock(mu_);
  return robot_messages_;
}

bool FakeWeComApi::applyFault(httplib::Response& res) {
  auto step = faults_.take();
  if (!step || !FaultPlan::applyDelay(*step)) return false;
  switch (step->fault) {
    case FakeFault::kServerError:
      res.status = 500;
      res.set_content("internal error", "text/plain");
      break;
    case FakeFault::kRateLimited:
      ++rate_limited_;
      errcode(res, 45009, "api freq out of limit");
      break;
    default:
      res.status = 504;
      break;
  }
  return true;
}

void FakeWeComApi::handleGetToken(const httplib::Request& req, httplib::Response& res) {
  ++gettoken_calls_;
  if (applyFault(res)) return;
  if (req.get_param_value("corpid") != corp_id_) return errcode(res, 40013, "invalid corpid");
  if (req.get_param_value("corpsecret") != corp_secret_) {
    return errcode(res, 40001, "invalid credential");
  }
  std::lock_guard<std::mutex> lock(mu_);
  std::string token = "fake-token-" + std::to_string(++token_seq_);
  tokens_[token] = clock_->now() + ttl_s_ * kSecond;
  answer(res, {{"errcode", 0}, {"errmsg", "ok"}, {"access_token", token}, {"expires_in", ttl_s_}});
}

void FakeWeComApi::handleSend(const httplib::Request& req, httplib::Response& res) {
  if (applyFault(res)) return;
  std::string token = req.get_param_value("access_token");
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return errcode(res, 40014, "invalid access_token");
  if (clock_->now() >= it->second) return errcode(res, 42001, "access_token expired");
  if (body.is_discarded() || !body.is_object() || !body.contains("touser") ||
      !body.contains("msgtype") || !body.contains("agentid")) {
    return errcode(res, 40008, "invalid message type");
  }
  app_messages_.push_back(AppMessage{body, clock_->now()});
  answer(res, {{"errcode", 0},
               {"errmsg", "ok"},
               {"invaliduser", ""},
               {"msgid", "fake-msg-" + std::to_string(++msg_seq_)}});
}

void FakeWeComApi::handleWebhook(const httplib::Request& req, httplib::Response& res) {
  if (applyFault(res)) return;
  std::string key = req.get_param_value("key");
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  std::lock_guard<std::mutex> lock(mu_);
  if (robot_keys_.count(key) == 0) return errcode(res, 93000, "invalid webhook url");
  Millis now = clock_->now();
  auto& window = robot_sends_[key];
  while (!window.empty() && window.front() <= now - kMinute) window.pop_front();
  if (static_cast<int>(window.size()) >= robot_limit_) {
    ++rate_limited_;
    return errcode(res, 45009, "api freq out of limit");
  }
  if (body.is_discarded() || !body.is_object() || !body.contains("msgtype")) {
    return errcode(res, 40008, "invalid message type");
  }
  window.push_back(now);
  robot_messages_.push_back(RobotMessage{key, body, now});
  errcode(res, 0, "ok");
}

}  // namespace gg::fakes
