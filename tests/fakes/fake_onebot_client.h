#pragma once
// A fake OneBot v11 client (the program that owns the QQ account): serves /send_group_msg and
// /send_private_msg like the real HTTP API, and /get_group_msg_history (go-cqhttp's, NapCat's)
// from the group messages it took, checks the access token like the real one (401
// without a token, 403 with a wrong one; header "Authorization: Bearer" or ?access_token=),
// records every accepted call, and injects faults on demand. Thread-safe.

#include <atomic>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.h"
#include "tests/fakes/fake_server.h"

namespace gg::fakes {

class FakeOneBotClient {
 public:
  struct Call {
    std::string action;  // "send_group_msg" | "send_private_msg"
    nlohmann::json body;
    Millis at_ms;
    int64_t message_id;  // the id returned to the caller
  };

  // access_token empty = no auth required. clock: for call times (default: system clock).
  explicit FakeOneBotClient(std::string access_token, const Clock* clock = nullptr);
  ~FakeOneBotClient();

  // Starts serving on 127.0.0.1:<port()>; aborts the test binary if binding fails.
  void start();
  // Stops serving: from now on connections are refused.
  void stop();
  int port() const { return server_.port(); }
  std::string baseUrl() const { return server_.baseUrl(); }

  // Makes the next `count` API requests fail with `fault` (see FakeFault).
  void injectFault(FakeFault fault, int count = 1, Millis delay_ms = 1500);
  // Drops the faults not yet taken.
  void clearFaults() { faults_.clear(); }

  std::vector<Call> calls() const;
  int authFailures() const { return auth_failures_.load(); }
  int requests() const { return requests_.load(); }
  // How many history reads were answered (they are not calls()).
  int historyReads() const { return history_reads_.load(); }
  // The account's QQ number, as its history reports the bot's own messages.
  static constexpr int64_t kSelfId = 3000000001;

 private:
  void handle(const std::string& action, const httplib::Request& req, httplib::Response& res);
  void history(const nlohmann::json& body, httplib::Response& res);

  std::string token_;
  const Clock* clock_;
  SystemClock system_clock_;
  FakeServer server_;
  FaultPlan faults_;
  mutable std::mutex mu_;
  std::vector<Call> calls_;
  int64_t next_id_ = 1000;
  std::atomic<int> auth_failures_{0};
  std::atomic<int> requests_{0};
  std::atomic<int> history_reads_{0};
};

}  // namespace gg::fakes
