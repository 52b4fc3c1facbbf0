#include "server/guarded_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

namespace gg {
namespace {

using SteadyClock = std::chrono::steady_clock;

thread_local int t_rejection_status = 0;

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             SteadyClock::now().time_since_epoch())
      .count();
}

// Waits until fd is readable (events=POLLIN) or writable, at most timeout_ms. True if ready.
bool waitFor(int fd, short events, int64_t timeout_ms) {
  if (timeout_ms <= 0) return false;
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(timeout_ms, 1 << 30)));
    if (n < 0 && errno == EINTR) continue;
    return n > 0;
  }
}

void peerOf(int fd, bool remote, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  const int rc = remote ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                        : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return;
  char buf[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof(buf));
    port = ntohs(a->sin6_port);
  }
  ip = buf;
}

// One connection's stream. It buffers reads (httplib reads the head one byte at a time) and
// watches the bytes go by: until the blank line that ends the head it counts bytes and lines
// against the limits; every read waits no longer than the nearest deadline.
class GuardedStream : public httplib::Stream {
 public:
  GuardedStream(int fd, const ConnectionLimits& limits) : fd_(fd), limits_(limits) {}

  // Called before each request on the connection.
  void beginRequest() {
    const int64_t now = nowMs();
    head_deadline_ = now + limits_.head_timeout_ms;
    request_deadline_ = now + limits_.request_timeout_ms;
    in_head_ = true;
    head_bytes_ = 0;
    head_lines_ = 0;
    answered_ = false;
    last_ = 0;
    rejected_ = 0;
  }
  int rejected() const { return rejected_; }
  // True once anything of this request's response was written.
  bool answered() const { return answered_; }
  bool hasBuffered() const { return pos_ < len_; }

  bool is_readable() const override {
    return hasBuffered() || waitFor(fd_, POLLIN, readWait());
  }
  bool is_writable() const override { return waitFor(fd_, POLLOUT, limits_.write_timeout_ms); }

  ssize_t read(char* ptr, size_t size) override {
    if (rejected_ != 0) return -1;
    if (!hasBuffered()) {
      const int64_t wait = readWait();
      if (!waitFor(fd_, POLLIN, wait)) {
        if (nowMs() >= (in_head_ ? head_deadline_ : request_deadline_)) reject(408);
        return -1;
      }
      ssize_t n;
      do {
        n = ::recv(fd_, buf_, sizeof(buf_), 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      pos_ = 0;
      len_ = static_cast<size_t>(n);
    }
    size_t n = std::min(size, len_ - pos_);
    if (in_head_) n = watchHead(n);
    if (rejected_ != 0) return -1;
    std::memcpy(ptr, buf_ + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do {
      n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n > 0) answered_ = true;
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    peerOf(fd_, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    peerOf(fd_, false, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  int64_t readWait() const {
    const int64_t deadline = in_head_ ? head_deadline_ : request_deadline_;
    return std::min<int64_t>(limits_.read_timeout_ms, deadline - nowMs());
  }

  // Looks at up to n buffered bytes of the head; returns how many of them to hand out (the
  // head's end is a boundary, so the body is never counted as head).
  size_t watchHead(size_t n) {
    for (size_t i = 0; i < n; ++i) {
      const char c = buf_[pos_ + i];
      if (++head_bytes_ > limits_.max_head_bytes) {
        reject(431);
        return 0;
      }
      if (c == '\n') {
        if (last_ == '\n') {  // "\n\n" after dropping '\r': the blank line that ends the head
          in_head_ = false;
          return i + 1;
        }
        if (++head_lines_ > limits_.max_header_lines + 1) {  // + the request line
          reject(431);
          return 0;
        }
      }
      if (c != '\r') last_ = c;
    }
    return n;
  }

  void reject(int status) {
    rejected_ = status;
    t_rejection_status = status;
  }

  const int fd_;
  const ConnectionLimits& limits_;
  char buf_[4096];
  size_t pos_ = 0;
  size_t len_ = 0;
  int64_t head_deadline_ = 0;
  int64_t request_deadline_ = 0;
  bool in_head_ = true;
  size_t head_bytes_ = 0;
  size_t head_lines_ = 0;
  char last_ = 0;
  int rejected_ = 0;
  bool answered_ = false;
};

}  // namespace

int guardedRejectionStatus() { return t_rejection_status; }

bool GuardedServer::widenBacklog(int n) {
  // listen() again on a listening socket only changes its backlog (Linux, POSIX leaves it open).
  return ::listen(svr_sock_, n) == 0;
}

// The same loop as httplib's process_server_socket, over a GuardedStream.
bool GuardedServer::process_and_close_socket(socket_t sock) {
  GuardedStream strm(sock, limits_);
  bool ret = false;
  for (int left = std::max(1, limits_.keep_alive_max); left > 0; --left) {
    if (svr_sock_ == INVALID_SOCKET) break;  // stopping
    if (!strm.hasBuffered() && !waitFor(sock, POLLIN, limits_.keep_alive_timeout_ms)) break;
    strm.beginRequest();
    t_rejection_status = 0;
    bool connection_closed = false;
    ret = process_request(strm, /*close_connection=*/left == 1, connection_closed, nullptr);
    t_rejection_status = 0;
    if (strm.rejected() != 0 && !strm.answered()) {
      // httplib gives up on an over-long request line without a word (found by the hostile
      // suite: a 70 KiB target got no answer at all); say why here.
      const std::string body = strm.rejected() == 408
                                   ? R"({"error":"deadline_exceeded","detail":"request head too slow"})"
                                   : R"({"error":"too_large","detail":"request line or headers too large"})";
      const std::string head = "HTTP/1.1 " + std::to_string(strm.rejected()) +
                               (strm.rejected() == 408 ? " Request Timeout" : " Request Header Fields Too Large") +
                               "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                               "\r\nConnection: close\r\n\r\n";
      strm.write(head.data(), head.size());
      strm.write(body.data(), body.size());
    }
    if (strm.rejected() != 0) {
      // Lingering close: the client is likely still sending the rest of its head. Closing with
      // unread bytes makes the kernel send a reset that can destroy our 408/431 in flight, so
      // stop writing, swallow a bounded amount for a short while, then close.
      ::shutdown(sock, SHUT_WR);
      char sink[4096];
      size_t swallowed = 0;
      const int64_t until = nowMs() + 500;
      while (swallowed < 1024 * 1024 && waitFor(sock, POLLIN, until - nowMs())) {
        const ssize_t n = ::recv(sock, sink, sizeof(sink), 0);
        if (n <= 0) break;
        swallowed += static_cast<size_t>(n);
      }
      break;
    }
    if (!ret || connection_closed) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ret;
}

ElasticPool::ElasticPool(size_t min_threads, size_t max_threads)
    : min_threads_(std::max<size_t>(1, min_threads)),
      max_threads_(std::max(std::max<size_t>(1, min_threads), max_threads)) {}

ElasticPool::~ElasticPool() { shutdown(); }

void ElasticPool::enqueue(std::function<void()> fn) {
  std::unique_lock<std::mutex> lock(mu_);
  jobs_.push_back(std::move(fn));
  // More jobs waiting than idle threads to take them (an idle thread may not have woken for an
  // earlier job yet): grow, so no connection waits behind a slow one.
  if (jobs_.size() > idle_ && threads_ < max_threads_ && !shutdown_) {
    ++threads_;
    std::thread([this] { work(); }).detach();
  } else {
    cv_.notify_one();
  }
}

void ElasticPool::work() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (jobs_.empty()) {
      if (shutdown_) break;
      ++idle_;
      const bool got = cv_.wait_for(lock, std::chrono::seconds(30),
                                    [this] { return shutdown_ || !jobs_.empty(); });
      --idle_;
      if (!got && threads_ > min_threads_) break;  // idle for long: give the thread back
      continue;
    }
    auto fn = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    fn();
    lock.lock();
  }
  if (--threads_ == 0) all_done_.notify_all();
}

void ElasticPool::shutdown() {
  std::unique_lock<std::mutex> lock(mu_);
  shutdown_ = true;
  cv_.notify_all();
  all_done_.wait(lock, [this] { return threads_ == 0; });  // queued jobs are drained first
}

}  // namespace gg
