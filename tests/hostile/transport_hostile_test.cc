// Hostile input below the routes: header floods (too many lines, too many bytes), broken request
// lines and lengths, and slow clients trickling headers while others keep being served. Each
// case checks the status and that no table changed.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/fakes/signing.h"
#include "tests/hostile/hostile_rig.h"

namespace gg::test {
namespace {

std::string withHeaders(const std::string& path, int lines, size_t value_bytes) {
  std::string r = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (int i = 0; i < lines; ++i) r += "X-Flood-" + std::to_string(i) + ": " + std::string(value_bytes, 'v') + "\r\n";
  return r + "\r\n";
}

TEST(TransportHostile, HeaderFloodsAre431) {
  auto& rig = HostileRig::get();
  const std::string admin = rig.token("admin");
  for (const std::string path : {"/healthz", "/api/tickets", "/hooks/onebot"}) {
    runCase("101 header lines on " + path, 431, withHeaders(path, 101, 4));
    runCase("1000 header lines on " + path, 431, withHeaders(path, 1000, 4));
    runCase("one 70 KiB header on " + path, 431, withHeaders(path, 1, 70 * 1024));
    runCase("60 headers of 2 KiB on " + path, 431, withHeaders(path, 60, 2048));
  }
  runCase("a 70 KiB request target", 431, "GET /healthz?" + std::string(70 * 1024, 'q') + " HTTP/1.1\r\nHost: x\r\n\r\n");
}

TEST(TransportHostile, BrokenRequestLinesAndLengths) {
  const std::string body = fakes::oneBotGroupEvent(10001, 81000101, 3905555, HostileRig::get().nextMessageId(), "电梯坏了");
  const std::string sig = fakes::signOneBotBody(HostileRig::kOneBotSecret, body);
  runCase("garbage request line", 400, "GARBAGE\r\n\r\n");
  runCase("no version", 400, "GET /healthz\r\nHost: x\r\n\r\n");
  runCase("bad version", 400, "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n");
  runCase("content-length 10^18", 413,
          "POST /hooks/onebot HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Signature: " + sig +
              "\r\nContent-Length: 1000000000000000000\r\n\r\n" + body);
  runCase("negative content-length", 413,
          "POST /hooks/onebot HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Signature: " + sig +
              "\r\nContent-Length: -5\r\n\r\n" + body);
  // httplib reads a length that is not a number as 0: the empty body fails its signature (and
  // the rest is a second, malformed request), so nothing is stored either way.
  runCase("content-length not a number", 401,
          "POST /hooks/onebot HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Signature: " + sig +
              "\r\nContent-Length: lots\r\n\r\n" + body);
  runCase("body shorter than its length", 400,
          "POST /hooks/onebot HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Signature: " + sig +
              "\r\nContent-Length: " + std::to_string(body.size() + 50) + "\r\n\r\n" + body,
          8000);
}

// Connects from 127.3.0.n and sends the start of a request; returns the socket (or -1).
int openTrickle(int port, int n) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in src{};
  src.sin_family = AF_INET;
  src.sin_addr.s_addr = htonl((127u << 24) | (3u << 16) | static_cast<uint32_t>(n + 1));
  ::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  const std::string start = "POST /hooks/onebot HTTP/1.1\r\nHost: x\r\n";
  ::send(fd, start.data(), start.size(), MSG_NOSIGNAL);
  return fd;
}

TEST(TransportHostile, SlowClientsDoNotLockOthersOut) {
  auto& rig = HostileRig::get();
  const Snapshot before = rig.snapshot();
  // More trickling connections than the server keeps warm (32 workers): each sends one header
  // line every 0.5 s and never finishes.
  constexpr int kSlow = 48;
  std::vector<int> slow;
  for (int i = 0; i < kSlow; ++i) slow.push_back(openTrickle(rig.port(), i));
  int served = 0, asked = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int round = 0; round < 6; ++round) {
    for (int fd : slow) {
      const std::string line = "X-Slow-" + std::to_string(round) + ": 1\r\n";
      if (fd >= 0) ::send(fd, line.data(), line.size(), MSG_NOSIGNAL);
    }
    for (int k = 0; k < 4; ++k) {
      const auto t0 = std::chrono::steady_clock::now();
      const RawResponse r = rawHttp(rig.port(), httpRequest("GET", "/healthz"), 3000);
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
      ++asked;
      if (r.status == 200 && ms < 2000) ++served;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  for (int fd : slow) {
    if (fd >= 0) ::close(fd);
  }
  ++hostileCases();
  EXPECT_EQ(served, asked) << "others kept being served while " << kSlow << " clients trickled";
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  expectRejected("slow clients change nothing", 200, rawHttp(rig.port(), httpRequest("GET", "/healthz")), before);
}

}  // namespace
}  // namespace gg::test
