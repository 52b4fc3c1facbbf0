#pragma once
// An in-process cpp-httplib server on 127.0.0.1 with a kernel-chosen port, run in its own
// thread, plus the fault plan both platform fakes share. Test-only code.

#include <httplib.h>

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.h"

namespace gg::fakes {

enum class FakeFault {
  kServerError,  // HTTP 500
  kRateLimited,  // the platform's "slow down" (WeCom errcode 45009; OneBot HTTP 429)
  kSlow,         // sleep delay_ms, then answer normally
  kTimeout,      // sleep delay_ms (longer than the client's read timeout), then answer 504
};

// A thread-safe queue of faults; each request takes at most one.
class FaultPlan {
 public:
  struct Step {
    FakeFault fault;
    Millis delay_ms;
  };
  // Makes the next `count` requests suffer `fault` (delay_ms for kSlow / kTimeout).
  void inject(FakeFault fault, int count = 1, Millis delay_ms = 1500);
  // Drops every fault not yet taken (the platform is back).
  void clear();
  // Pops the fault for the current request, if any.
  std::optional<Step> take();
  // Sleeps for kSlow / kTimeout steps; returns true if the handler must answer with the fault
  // (kServerError, kRateLimited, kTimeout) instead of normally.
  static bool applyDelay(const Step& step);

 private:
  std::mutex mu_;
  std::deque<Step> steps_;
};

class FakeServer {
 public:
  FakeServer() = default;
  ~FakeServer() { stop(); }
  FakeServer(const FakeServer&) = delete;
  FakeServer& operator=(const FakeServer&) = delete;

  // Routes must be registered on server() before start().
  httplib::Server& server() { return server_; }
  // Binds 127.0.0.1:0 and serves in a thread; returns false if binding failed.
  bool start();
  // Stops serving; later connections are refused. Idempotent.
  void stop();
  int port() const { return port_; }
  std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace gg::fakes
