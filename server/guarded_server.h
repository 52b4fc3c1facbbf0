#pragma once
// cpp-httplib with the limits Debian's 0.11 lacks. 0.11 reads a request head line by line with
// a per-read timeout only, keeps no count of header lines and runs each connection on a fixed
// pool thread: a client that trickles one header line every few hundred milliseconds holds a
// worker forever, 48 of them lock everyone out, and 300,000 header lines are buffered and
// answered 200. GuardedServer replaces the per-connection loop (the one virtual hook httplib
// offers) with one whose stream enforces, per request:
//   - a deadline for the whole head (request line + headers) and one for the whole request;
//   - a cap on head bytes and on header lines (431 past either);
// and ElasticPool runs connections on threads that grow up to a cap, so a few slow clients
// waiting for their deadline never starve the others.

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

namespace gg {

struct ConnectionLimits {
  int head_timeout_ms = 10000;      // request line + headers must arrive within this
  int request_timeout_ms = 60000;   // the whole request, body included
  int read_timeout_ms = 5000;       // one silent gap
  int write_timeout_ms = 5000;
  int keep_alive_timeout_ms = 5000;
  int keep_alive_max = 100;
  size_t max_head_bytes = 64 * 1024;
  size_t max_header_lines = 100;
};

// The status a request was refused with inside the stream (0 if none), for the error handler of
// the current thread: httplib itself only knows "bad request".
int guardedRejectionStatus();

class GuardedServer : public httplib::Server {
 public:
  void setLimits(const ConnectionLimits& limits) { limits_ = limits; }
  const ConnectionLimits& limits() const { return limits_; }
  // Raises the listen backlog of the bound socket to n (httplib 0.11 listens with 5: a burst of
  // new connections overflows it and the kernel drops their handshakes, which costs the client
  // a 1 s SYN retransmission). Call after bind_to_port, before listen_after_bind; false if the
  // kernel refused (the server still works, with httplib's backlog).
  bool widenBacklog(int n);

 private:
  bool process_and_close_socket(socket_t sock) override;

  ConnectionLimits limits_;
};

// A TaskQueue whose threads grow on demand from `min_threads` up to `max_threads` and then
// queue; idle threads above the minimum exit after a while.
class ElasticPool : public httplib::TaskQueue {
 public:
  ElasticPool(size_t min_threads, size_t max_threads);
  ~ElasticPool() override;
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  void work();

  const size_t min_threads_;
  const size_t max_threads_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable all_done_;
  std::deque<std::function<void()>> jobs_;
  size_t threads_ = 0;
  size_t idle_ = 0;
  bool shutdown_ = false;
};

}  // namespace gg
