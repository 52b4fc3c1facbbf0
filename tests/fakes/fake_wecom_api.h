#pragma once
// A fake of the WeCom server API: /cgi-bin/gettoken (checks corpid + corpsecret, issues tokens
// with a TTL), /cgi-bin/message/send (checks access_token: 40014 unknown, 42001 expired),
// /cgi-bin/webhook/send?key= (checks the robot key: 93000 unknown; at most N messages per
// rolling minute per key, errcode 45009 beyond). Errors are HTTP 200 + errcode like the real
// API. Faults on demand; stop() makes connections refused. Thread-safe.

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "adapters/wecom/wecom_robot_sender.h"
#include "core/clock.h"
#include "tests/fakes/fake_server.h"

namespace gg::fakes {

class FakeWeComApi {
 public:
  struct AppMessage {
    nlohmann::json body;
    Millis at_ms;
  };
  struct RobotMessage {
    std::string key;
    nlohmann::json body;
    Millis at_ms;
  };

  // clock: for token expiry, the robot rate window and record times (default: system clock).
  FakeWeComApi(std::string corp_id, std::string corp_secret, const Clock* clock = nullptr);
  ~FakeWeComApi();

  void start();  // aborts the test binary if binding fails
  void stop();
  int port() const { return server_.port(); }
  std::string baseUrl() const { return server_.baseUrl(); }
  // Returns the webhook URL for a robot key on this fake.
  std::string robotUrl(const std::string& key) const {
    return baseUrl() + "/cgi-bin/webhook/send?key=" + key;
  }

  void addRobotKey(const std::string& key);
  void setRobotLimitPerMinute(int limit);
  void setTokenTtlSeconds(int64_t ttl_s);
  // Marks every issued token expired, so the next message/send answers 42001.
  void expireTokens();
  // Makes the next `count` requests (any endpoint) fail with `fault`.
  void injectFault(FakeFault fault, int count = 1, Millis delay_ms = 1500);

  std::vector<AppMessage> appMessages() const;
  std::vector<RobotMessage> robotMessages() const;
  int gettokenCalls() const { return gettoken_calls_.load(); }
  int rateLimitedCount() const { return rate_limited_.load(); }

 private:
  bool applyFault(httplib::Response& res);
  void handleGetToken(const httplib::Request& req, httplib::Response& res);
  void handleSend(const httplib::Request& req, httplib::Response& res);
  void handleWebhook(const httplib::Request& req, httplib::Response& res);

  std::string corp_id_;
  std::string corp_secret_;
  const Clock* clock_;
  SystemClock system_clock_;
  FakeServer server_;
  FaultPlan faults_;
  mutable std::mutex mu_;
  std::map<std::string, Millis> tokens_;  // token -> expires at
  int64_t token_seq_ = 0;
  int64_t ttl_s_ = 7200;
  int robot_limit_ = 20;
  std::set<std::string> robot_keys_;
  std::map<std::string, std::deque<Millis>> robot_sends_;
  std::vector<AppMessage> app_messages_;
  std::vector<RobotMessage> robot_messages_;
  int64_t msg_seq_ = 0;
  std::atomic<int> gettoken_calls_{0};
  std::atomic<int> rate_limited_{0};
};

// A fixed group → webhook URL map, as the sender's RobotDirectory (a group not in it has none).
class StaticRobots : public RobotDirectory {
 public:
  explicit StaticRobots(std::map<std::string, std::string> urls) : urls_(std::move(urls)) {}
  std::string robotUrl(const std::string& group_id) const override {
    auto it = urls_.find(group_id);
    return it == urls_.end() ? "" : it->second;
  }

 private:
  std::map<std::string, std::string> urls_;
};

}  // namespace gg::fakes
