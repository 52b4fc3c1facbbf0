#include "tests/hostile/hostile_rig.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "server/auth.h"
#include "tests/support/test_config.h"
#include "tests/support/test_gateway.h"

namespace gg::test {
namespace {

std::atomic<uint32_t> g_source{0};

// Prints the number of cases once, after every test of the binary ran.
class CaseCounter : public ::testing::Environment {
 public:
  void TearDown() override {
    std::cout << "hostile cases: " << hostileCases() << "\n";
    // Stop the gateway's threads before static destructors run (logging, metrics).
    HostileRig::get().shutdown();
  }
};
const auto* const kCounter = ::testing::AddGlobalTestEnvironment(new CaseCounter);

}  // namespace

int& hostileCases() {
  static int n = 0;
  return n;
}

std::string httpRequest(const std::string& method, const std::string& target,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const std::string& body) {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  bool has_type = false;
  for (const auto& [k, v] : headers) {
    r += k + ": " + v + "\r\n";
    has_type = has_type || k == "Content-Type";
  }
  if (!body.empty() || method == "POST" || method == "PATCH") {
    if (!has_type) r += "Content-Type: application/json\r\n";
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return r + "\r\n" + body;
}

RawResponse rawHttp(int port, const std::string& request, int timeout_ms) {
  RawResponse out;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return out;
  // A new source address per request: 127.2.y.z (Linux answers all of 127/8 on lo).
  const uint32_t n = g_source++;
  sockaddr_in src{};
  src.sin_family = AF_INET;
  src.sin_addr.s_addr = htonl((127u << 24) | (2u << 16) | ((n / 250 % 250 + 1) << 8) | (n % 250 + 1));
  ::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return out;
  }
  size_t off = 0;
  while (off < request.size()) {
    ssize_t w = ::send(fd, request.data() + off, request.size() - off, MSG_NOSIGNAL);
    if (w <= 0) break;  // the server may answer (413, 431) before reading everything
    off += static_cast<size_t>(w);
  }
  ::shutdown(fd, SHUT_WR);
  std::string got;
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[8192];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
    ssize_t r = ::recv(fd, buf, sizeof buf, 0);
    if (r <= 0) break;
    got.append(buf, static_cast<size_t>(r));
  }
  ::close(fd);
  if (got.rfind("HTTP/1.", 0) == 0 && got.size() > 12) out.status = std::atoi(got.c_str() + 9);
  auto sep = got.find("\r\n\r\n");
  if (sep != std::string::npos) out.body = got.substr(sep + 4);
  return out;
}

HostileRig& HostileRig::get() {
  static HostileRig* rig = new HostileRig();
  return *rig;
}

HostileRig::HostileRig() : clock_(SystemClock().now()) {
  onebot_ = std::make_unique<fakes::FakeOneBotClient>("hostile-ob-token", &clock_);
  onebot_->start();
  const std::string config = makeDemoConfig(tmp_);
  std::filesystem::remove(config + "/notices.json");
  db_ = tmp_.file("hostile.db");
  spool_ = tmp_.file("spool");
  auto g = startGateway(config, db_, &clock_,
                        {{"GRIDGATE_ONEBOT_SECRET", kOneBotSecret},
                         {"GRIDGATE_ONEBOT_API", onebot_->baseUrl()},
                         {"GRIDGATE_ONEBOT_ACCESS_TOKEN", "hostile-ob-token"},
                         {"GRIDGATE_WECOM_CORP_ID", kCorp},
                         {"GRIDGATE_WECOM_CORP_SECRET", "hostile-corp-secret"},
                         {"GRIDGATE_WECOM_AGENT_ID", "1000002"},
                         {"GRIDGATE_WECOM_TOKEN", kWeComToken},
                         {"GRIDGATE_WECOM_AES_KEY", kAesKey},
                         {"GRIDGATE_HOTLINE_TOKEN", kHotlineToken},
                         {"GRIDGATE_SMS_INBOUND_TOKEN", kSmsToken},
                         {"GRIDGATE_HOTLINE_SPOOL", spool_}});
  if (!g.isOk()) {
    std::cerr << "hostile rig: " << g.status().message() << "\n";
    std::abort();
  }
  gateway_ = std::move(g).value();
}

void HostileRig::shutdown() {
  if (gateway_) gateway_->stop();
  gateway_.reset();
  if (onebot_) onebot_->stop();
}

std::string HostileRig::token(const std::string& role, const std::string& scope) {
  auto t = createToken(gateway_->store(), *gateway_->context().org, role, scope, "hostile", clock_.now());
  return t.isOk() ? *t : "";
}

int64_t HostileRig::storedMessages(const std::string& id) const {
  SQLite::Database db(db_, SQLite::OPEN_READONLY);
  db.exec("PRAGMA busy_timeout = 5000");
  SQLite::Statement q(db, "SELECT COUNT(*) FROM messages WHERE platform_msg_id = ?");
  q.bind(1, id);
  return q.executeStep() ? q.getColumn(0).getInt64() : -1;
}

Snapshot HostileRig::snapshot() const {
  Snapshot s;
  SQLite::Database db(db_, SQLite::OPEN_READONLY);
  db.exec("PRAGMA busy_timeout = 5000");
  for (const char* t : {"messages", "tickets", "ticket_events", "ticket_reporters", "outbox", "timers", "notices",
                        "notice_deliveries", "notice_audit", "api_tokens", "alerts", "notice_answers",
                        "opinion_events", "bot_accounts", "chat_routes", "sms_subscribers", "sms_optouts"}) {
    s[t] = db.execAndGet(std::string("SELECT COUNT(*) FROM ") + t).getString();
  }
  // Rows that change in place: a ticket's state, an outbox row's, a notice's.
  s["tickets*"] = db.execAndGet(
      "SELECT COALESCE(group_concat(id || status || level || assignee_id || rating || escalations, ','), '') "
      "FROM tickets").getString();
  s["outbox*"] = db.execAndGet("SELECT COALESCE(group_concat(id || status || attempts, ','), '') FROM outbox").getString();
  s["notices*"] = db.execAndGet("SELECT COALESCE(group_concat(id || status, ','), '') FROM notices").getString();
  return s;
}

void expectRejected(const std::string& name, int want_status, const RawResponse& got, const Snapshot& before) {
  ++hostileCases();
  EXPECT_EQ(got.status, want_status) << name << ": " << got.body.substr(0, 300);
  const Snapshot after = HostileRig::get().snapshot();
  for (const auto& [k, v] : before) {
    EXPECT_EQ(after.at(k), v) << name << " changed " << k;
  }
}

RawResponse runCase(const std::string& name, int want_status, const std::string& request, int timeout_ms) {
  const Snapshot before = HostileRig::get().snapshot();
  RawResponse r = rawHttp(HostileRig::get().port(), request, timeout_ms);
  expectRejected(name, want_status, r, before);
  return r;
}

}  // namespace gg::test
