// GET /api/events: a ticket event arrives on the stream after a OneBot message, only within the
// token's scope; a reconnect with Last-Event-ID replays what was missed; streams are limited and
// never hold up a shutdown.
#include <gtest/gtest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "server/auth.h"
#include "server/routes_events.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"
#include "tests/support/test_gateway.h"

namespace gg {
namespace {

// Reads a stream in the background until `stop` or the text contains what we wait for.
class StreamReader {
 public:
  StreamReader(int port, std::string path, httplib::Headers headers = {}) {
    thread_ = std::thread([this, port, path = std::move(path), headers = std::move(headers)] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(20, 0);
      {
        std::lock_guard<std::mutex> lock(mu_);
        client_ = &c;
      }
      auto r = c.Get(path.c_str(), headers, [&](const char* data, size_t n) {
        std::lock_guard<std::mutex> lock(mu_);
        text_.append(data, n);
        return !stop_.load();
      });
      std::lock_guard<std::mutex> lock(mu_);
      status_ = r ? r->status : -1;
      done_ = true;
      client_ = nullptr;
    });
  }
  ~StreamReader() {
    stop_ = true;
    {
      // Closes the socket so the reader does not wait for the next heartbeat.
      std::lock_guard<std::mutex> lock(mu_);
      if (client_) client_->stop();
    }
    if (thread_.joinable()) thread_.join();
  }
  // Waits up to 8 s for needle; returns whether it came.
  bool waitFor(const std::string& needle) {
    for (int i = 0; i < 160; ++i) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (text_.find(needle) != std::string::npos) return true;
        if (done_) return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  std::string text() {
    std::lock_guard<std::mutex> lock(mu_);
    return text_;
  }
  void stop() { stop_ = true; }

 private:
  std::thread thread_;
  std::mutex mu_;
  httplib::Client* client_ = nullptr;
  std::string text_;
  std::atomic<bool> stop_{false};
  bool done_ = false;
  int status_ = 0;
};

class EventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto g = test::startGateway(test::demoConfig(), tmp_.file("gridgate.db"), &clock_);
    ASSERT_OK(g);
    gateway_ = std::move(g).value();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
  }

  std::string token(const std::string& role, const std::string& scope) {
    auto t = createToken(gateway_->store(), *gateway_->context().org, role, scope, "test", 1);
    EXPECT_OK(t);
    return t.isOk() ? *t : "";
  }

  void postGroupMessage(int64_t id, const std::string& text) {
    nlohmann::json ev = {{"post_type", "message"}, {"message_type", "group"}, {"sub_type", "normal"},
                         {"time", clock_.now() / 1000}, {"self_id", 3000000001LL},
                         {"message_id", id}, {"group_id", 81000101LL}, {"user_id", 13000000001LL},
                         {"message", text}, {"raw_message", text}, {"font", 0},
                         {"sender", {{"user_id", 13000000001LL}, {"nickname", "居民"}}}};
    auto r = client_->Post("/hooks/onebot", ev.dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 204) << r->body;
  }

  static httplib::Headers bearer(const std::string& t) { return {{"Authorization", "Bearer " + t}}; }

  test::TempDir tmp_;
  FakeClock clock_{1764900000000};
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(EventsTest, ATicketAppearsOnTheStreamOfTokensThatMaySeeIt) {
  // Asks for gzip as every browser does: the stream must still come event by event.
  auto as_browser = bearer(token("street", ""));
  as_browser.emplace("Accept-Encoding", "gzip, deflate, br");
  as_browser.emplace("Accept", "text/event-stream");
  StreamReader street(gateway_->port(), "/api/events", as_browser);
  StreamReader own_grid(gateway_->port(), "/api/events?access_token=" + token("grid", "binhe-01"));
  StreamReader other_grid(gateway_->port(), "/api/events", bearer(token("grid", "binhe-02")));
  ASSERT_TRUE(street.waitFor("event: hello"));
  ASSERT_TRUE(own_grid.waitFor("event: hello"));
  ASSERT_TRUE(other_grid.waitFor("event: hello"));
  postGroupMessage(8001, "3号楼楼道的灯坏了好几天了，晚上黑漆漆的");
  ASSERT_TRUE(street.waitFor("event: ticket")) << street.text();
  ASSERT_TRUE(own_grid.waitFor("event: ticket")) << own_grid.text();
  EXPECT_NE(street.text().find("\"grid_id\":\"binhe-01\""), std::string::npos);
  EXPECT_NE(street.text().find("\"action\":\"create\""), std::string::npos) << street.text();
  // Give the other grid's stream two more polls: it must stay silent about binhe-01.
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  EXPECT_EQ(other_grid.text().find("event: ticket"), std::string::npos) << other_grid.text();
}

TEST_F(EventsTest, ReconnectingWithLastEventIdReplaysWhatWasMissed) {
  postGroupMessage(8002, "3号楼楼道的灯坏了好几天了，晚上黑漆漆的");
  auto h = bearer(token("admin", ""));
  h.emplace("Last-Event-ID", "0");
  StreamReader s(gateway_->port(), "/api/events", h);
  ASSERT_TRUE(s.waitFor("event: ticket")) << s.text();
  EXPECT_NE(s.text().find("id: 1\n"), std::string::npos) << s.text();
}

TEST_F(EventsTest, BadRequestsAreRefused) {
  EXPECT_EQ(client_->Get("/api/events")->status, 401);
  EXPECT_EQ(client_->Get("/api/events?access_token=gg_nope")->status, 401);
  auto h = bearer(token("admin", ""));
  h.emplace("Last-Event-ID", "yesterday");
  EXPECT_EQ(client_->Get("/api/events", h)->status, 400);
  // The query token is for streams only: the rest of the API wants the header.
  EXPECT_EQ(client_->Get(("/api/org?access_token=" + token("admin", "")).c_str())->status, 401);
}

TEST_F(EventsTest, StreamsAreLimitedAndOrdinaryRequestsStillServed) {
  const std::string admin = token("admin", "");
  std::vector<std::unique_ptr<StreamReader>> streams;
  for (int i = 0; i < kMaxEventStreams; ++i) {
    streams.push_back(std::make_unique<StreamReader>(gateway_->port(), "/api/events", bearer(admin)));
    ASSERT_TRUE(streams.back()->waitFor("event: hello"));
  }
  auto refused = client_->Get("/api/events", bearer(admin));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->get_header_value("Retry-After"), "10");
  EXPECT_EQ(client_->Get("/api/org", bearer(admin))->status, 200);
  // Shutting down with every stream open finishes promptly (the streams see the stop).
  const auto t0 = std::chrono::steady_clock::now();
  gateway_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
}

}  // namespace
}  // namespace gg
