#pragma once
// A fake of the street's SMS gateway (the webhook adapters/sms/sms_sender.h speaks): POST /send
// with "Authorization: Bearer <token>" (401 without, 403 with a wrong one) and {"to", "text",
// "id"}; records every accepted text; can be taken down (503 for every request) and brought
// back. Thread-safe.

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "tests/fakes/fake_server.h"

namespace gg::fakes {

class FakeSmsGateway {
 public:
  struct Sms {
    std::string to;
    std::string text;
    std::string id;  // gridgate's idempotency key
  };

  explicit FakeSmsGateway(std::string token);
  ~FakeSmsGateway();

  // Starts serving on 127.0.0.1; aborts the test binary if binding fails.
  void start();
  std::string sendUrl() const { return server_.baseUrl() + "/send"; }
  // While down, every request is answered 503 and nothing is recorded.
  void setDown(bool down) { down_ = down; }

  std::vector<Sms> sent() const;
  // Returns the texts sent to number, in order.
  std::vector<std::string> textsTo(const std::string& number) const;
  int authFailures() const { return auth_failures_.load(); }

 private:
  std::string token_;
  FakeServer server_;
  std::atomic<bool> down_{false};
  std::atomic<int> auth_failures_{0};
  mutable std::mutex mu_;
  std::vector<Sms> sent_;
};

}  // namespace gg::fakes
