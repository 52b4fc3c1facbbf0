#pragma once
// The hostile-input suite's one running gateway: the demo street in process with its HTTP server
// on a free port and every channel secret set (OneBot X-Signature, WeCom token + AES key, the
// hotline and SMS bearer tokens), the outbound OneBot client faked; a raw HTTP client that
// speaks from a different 127/8 source address each request (so the failed-token throttle,
// per address, never answers 429 in place of the status a case expects); and snapshots of
// every table, so a case checks its status AND that nothing was stored or changed.

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/gateway.h"
#include "tests/fakes/fake_onebot_client.h"
#include "tests/support/fake_clock.h"
#include "tests/support/temp_dir.h"

namespace gg::test {

struct RawResponse {
  int status = -1;  // -1: no answer (connection refused, closed or timed out)
  std::string body;
};

// Sends request (a whole HTTP/1.1 request, as bytes) to 127.0.0.1:port from source address
// 127.x.y.z chosen per call, and reads the answer until the server closes or timeout_ms.
RawResponse rawHttp(int port, const std::string& request, int timeout_ms = 5000);

// Builds a request with Connection: close and Content-Length.
std::string httpRequest(const std::string& method, const std::string& target,
                        const std::vector<std::pair<std::string, std::string>>& headers = {},
                        const std::string& body = "");

// Every row of every table, as counts and digests of the rows that can change in place.
using Snapshot = std::map<std::string, std::string>;

class HostileRig {
 public:
  static constexpr const char* kOneBotSecret = "hostile-onebot-secret";
  static constexpr const char* kCorp = "ww-hostile";
  static constexpr const char* kWeComToken = "hostile-wecom-token";
  static constexpr const char* kAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static constexpr const char* kHotlineToken = "hostile-hotline-token";
  static constexpr const char* kSmsToken = "hostile-sms-inbound";

  // The one rig of the test binary, started on first use.
  static HostileRig& get();

  // Stops the gateway and the fake (once every test ran).
  void shutdown();
  int port() const { return gateway_->port(); }
  Gateway& gateway() { return *gateway_; }
  FakeClock& clock() { return clock_; }
  fakes::FakeOneBotClient& onebot() { return *onebot_; }
  // Returns a fresh token of role/scope.
  std::string token(const std::string& role, const std::string& scope = "");
  Snapshot snapshot() const;
  // A fresh OneBot message id for every case, so a case never hits the dedup of another.
  int64_t nextMessageId() { return next_id_++; }
  // The hotline spool folder the gateway watches (scanned by gateway().runWorkersOnce()).
  const std::string& spoolDir() const { return spool_; }
  // Counts the stored messages whose platform message id is id.
  int64_t storedMessages(const std::string& id) const;

 private:
  HostileRig();
  TempDir tmp_;
  FakeClock clock_;
  std::unique_ptr<fakes::FakeOneBotClient> onebot_;
  std::unique_ptr<Gateway> gateway_;
  std::string db_;
  std::string spool_;
  std::atomic<int64_t> next_id_{900000};
};

// Counts every case run by expectRejected; printed once at the end of the binary.
int& hostileCases();

// Checks one case: got must have want_status and the database must equal before.
void expectRejected(const std::string& name, int want_status, const RawResponse& got,
                    const Snapshot& before);
// Runs one case: snapshot, send request, expectRejected. Returns the response.
RawResponse runCase(const std::string& name, int want_status, const std::string& request,
                    int timeout_ms = 5000);

}  // namespace gg::test
