// The front door under hostile clients: slow heads, header floods, a second server on the same
// port. Each test talks raw TCP, because httplib's client cannot misbehave on purpose.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "server/api_server.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using namespace std::chrono_literals;

int connectTo(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{15, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  return fd;
}

bool sendAll(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

// Reads until the peer closes or the head of one response is in; returns what was read.
std::string readResponseHead(int fd) {
  std::string out;
  char buf[4096];
  while (out.find("\r\n\r\n") == std::string::npos) {
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

class GuardedServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = openSqliteStore({tmp_.file("g.db")});
    ASSERT_OK(s);
    store_ = std::move(s).value();
    settings_.port = 0;
    settings_.workers = 4;
    settings_.max_connections = 256;
    settings_.head_timeout_s = 2;
    settings_.read_timeout_s = 2;
    start();
  }
  void start() {
    server_ = std::make_unique<ApiServer>(settings_, *store_);
    server_->get("/ping", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("pong", "text/plain");
    });
    server_->post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "text/plain");
    });
    ASSERT_OK(server_->start());
  }

  test::TempDir tmp_;
  StorePtr store_;
  ServerSettings settings_;
  std::unique_ptr<ApiServer> server_;
};

TEST_F(GuardedServerTest, OrdinaryRequestsKeepAliveAndBodiesStillWork) {
  httplib::Client c("127.0.0.1", server_->port());
  for (int i = 0; i < 20; ++i) {
    auto r = c.Get("/ping");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "pong");
  }
  const std::string big(200000, 'x');
  auto r = c.Post("/echo", big, "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, big);
}

TEST_F(GuardedServerTest, HeaderFloodIs431AndTheServerGoesOn) {
  int fd = connectTo(server_->port());
  ASSERT_GE(fd, 0);
  // 5,000 lines fit the loopback socket buffers, so the client is never blocked in send.
  std::string req = "GET /ping HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 5000; ++i) req += "X-H" + std::to_string(i) + ": v\r\n";
  ASSERT_TRUE(sendAll(fd, req));
  std::string head = readResponseHead(fd);
  ::close(fd);
  EXPECT_NE(head.find(" 431 "), std::string::npos) << head.substr(0, 80);

  // One header line too long in bytes is refused the same way.
  fd = connectTo(server_->port());
  sendAll(fd, "GET /ping HTTP/1.1\r\nX-Big: " + std::string(70000, 'a') + "\r\n\r\n");
  head = readResponseHead(fd);
  ::close(fd);
  EXPECT_TRUE(head.find(" 431 ") != std::string::npos || head.find(" 400 ") != std::string::npos)
      << head.substr(0, 80);

  httplib::Client c("127.0.0.1", server_->port());
  auto r = c.Get("/ping");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(GuardedServerTest, ManyTricklingClientsNeitherHoldTheirSocketsNorLockOthersOut) {
  std::atomic<bool> stop{false};
  std::atomic<int> cut_off{0};
  std::vector<std::thread> slow;
  const auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < 48; ++i) {
    slow.emplace_back([&] {
      int fd = connectTo(server_->port());
      if (fd < 0) return;
      sendAll(fd, "GET /ping HTTP/1.1\r\n");
      for (int line = 0; !stop && line < 100; ++line) {
        if (!sendAll(fd, "X-Slow: " + std::to_string(line) + "\r\n")) break;
        std::this_thread::sleep_for(300ms);
      }
      std::string head = readResponseHead(fd);  // 408 or a plain close
      if (std::chrono::steady_clock::now() - begin < 8s) ++cut_off;
      ::close(fd);
    });
  }
  std::this_thread::sleep_for(500ms);
  // While all 48 trickle, ordinary requests are answered at once.
  httplib::Client c("127.0.0.1", server_->port());
  c.set_read_timeout(2, 0);
  for (int i = 0; i < 10; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = c.Get("/ping");
    ASSERT_TRUE(r) << "request " << i << " failed while slow clients trickled";
    EXPECT_EQ(r->status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
  }
  for (auto& t : slow) t.join();
  stop = true;
  // The head deadline (2 s) cut every trickler off long before its 30 s of header lines.
  EXPECT_EQ(cut_off.load(), 48);
}

TEST_F(GuardedServerTest, SecondServerOnTheSamePortRefusesToStart) {
  ServerSettings again = settings_;
  again.port = server_->port();
  ApiServer second(again, *store_);
  EXPECT_FALSE(second.start().isOk());
}

}  // namespace
}  // namespace gg

#include <spdlog/sinks/base_sink.h>

#include "core/log.h"

namespace gg {
namespace {

// Keeps every formatted line; read under the sink's own lock, so a server thread may still be
// logging while the test reads. Never detached (detaching races with logging threads).
class CapturingSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::string text() {
    std::lock_guard<std::mutex> l(mutex_);
    return text_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t buf;
    formatter_->format(msg, buf);
    text_.append(buf.data(), buf.size());
  }
  void flush_() override {}

 private:
  std::string text_;
};

// One access-log line per request, with the route pattern and the path but never the query
// string (it may carry a token or an api_key) or the Authorization header.
TEST_F(GuardedServerTest, EveryRequestGetsOneAccessLineWithoutSecrets) {
  static auto* sink = [] {
    auto s = std::make_shared<CapturingSink>();
    s->set_formatter(log::makeFormatter());
    spdlog::default_logger()->sinks().push_back(s);
    return s.get();
  }();
  httplib::Client c("127.0.0.1", server_->port());
  // One kept-alive connection: the server logs a request before it reads the next one, so
  // once the third answer is in, the first two lines are written.
  c.set_keep_alive(true);
  httplib::Headers h = {{"Authorization", "Bearer gg_secret-token-value"}};
  ASSERT_TRUE(c.Get("/ping?access_token=gg_query-secret&api_key=k-query-secret", h));
  ASSERT_TRUE(c.Get("/nope"));
  ASSERT_TRUE(c.Get("/ping"));
  const std::string log = sink->text();
  EXPECT_NE(log.find("access method=GET route=/ping path=/ping status=200 ms="), std::string::npos) << log;
  EXPECT_NE(log.find("access method=GET route=unmatched path=/nope status=404 ms="), std::string::npos) << log;
  EXPECT_NE(log.find("+08:00 info access"), std::string::npos) << log;
  EXPECT_EQ(log.find("gg_query-secret"), std::string::npos) << log;
  EXPECT_EQ(log.find("k-query-secret"), std::string::npos) << log;
  EXPECT_EQ(log.find("gg_secret-token-value"), std::string::npos) << log;
}

TEST_F(GuardedServerTest, PortInUseSaysSo) {
  ServerSettings again = settings_;
  again.port = server_->port();
  ApiServer second(again, *store_);
  Status s = second.start();
  ASSERT_FALSE(s.isOk());
  EXPECT_NE(s.message().find("in use"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace gg
