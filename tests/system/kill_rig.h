#pragma once
// What the crash test (kill_test.cc) stands on: a temp dir with a copy of the demo street whose
// channels point at in-process fakes (WeCom API and robots, the SMS gateway), a real `gridgate
// serve` child on free ports, tokens made with `gridgate token create`, and the books read
// back from the database after the last stop. Test-only code.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/fakes/fake_onebot_ws.h"
#include "tests/fakes/fake_sms_gateway.h"
#include "tests/fakes/fake_wecom_api.h"
#include "tests/support/temp_dir.h"
#include "tests/system/delivery_ledger.h"
#include "tests/system/serve_process.h"

namespace gg::test {

struct KillBooks {
  int needs = 0, stored = 0, lost_needs = 0, duplicated = 0;
  int tickets = 0, tickets_per_need_wrong = 0;
  LedgerCounts ledger;
  int acks = 0, acks_missing = 0, ack_resends = 0;
  int timers_fired = 0, timers_twice = 0, timers_missed = 0;
  int groups = 0, notice_groups = 0, notice_undelivered = 0;
  std::string notice_status;  // of the last notice
  std::vector<std::string> problems;
};

class KillRig {
 public:
  static constexpr const char* kOneBotSecret = "kill-onebot-secret";
  static constexpr const char* kOneBotToken = "kill-onebot-token";
  static constexpr const char* kCorp = "ww-kill-corp";
  static constexpr const char* kCorpSecret = "kill-corp-secret";
  static constexpr const char* kWeComToken = "kill-wecom-token";
  static constexpr const char* kAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static constexpr const char* kSmsToken = "kill-sms-token";

  KillRig();
  ~KillRig();
  // Starts the fakes, writes the config, makes the tokens and starts the child; false (with
  // the reason on stderr) on any failure.
  bool setUp();
  // Starts the child again (after kill9) and waits until it serves.
  bool startChild();
  ServeProcess& child() { return *child_; }
  int httpPort() const { return http_port_; }
  int wsPort() const { return ws_port_; }
  const std::string& spoolDir() const { return spool_; }
  const std::vector<int64_t>& onebotGroups() const { return onebot_groups_; }
  // The mobile number of hotline caller i.
  static std::string hotlineCaller(int i);
  // Creates a street-wide notice (admin) and approves it (street); returns its id or 0.
  int64_t postApprovedNotice(const std::string& body);
  // Waits until no outbox row is pending or sending and no timer is due (read from the side,
  // as the child runs); returns "" then, else what is still waiting.
  std::string waitOutboxQuiet(int timeout_ms);
  // Reads the database after the child stopped and reconciles it with the fakes.
  KillBooks readBooks(const std::vector<fakes::FakeOneBotWs::Call>& ws_calls,
                      std::chrono::system_clock::time_point closed_at);
  int fakeAuthFailures() const;
  // The last lines of the child's log, for failure messages.
  std::string logTail() const;

 private:
  TempDir tmp_;
  std::string config_, db_, spool_, log_;
  int http_port_ = 0, ws_port_ = 0;
  std::vector<int64_t> onebot_groups_;
  std::vector<std::string> wecom_groups_;
  std::string admin_token_, street_token_;
  std::unique_ptr<fakes::FakeWeComApi> wecom_;
  std::unique_ptr<fakes::FakeSmsGateway> sms_;
  std::unique_ptr<ServeProcess> child_;
};

}  // namespace gg::test
