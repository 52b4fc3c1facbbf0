// GET /metrics: the Prometheus text format parses, needs an admin or street token, and its
// counters move with traffic (a OneBot message stored, a ticket opened, requests counted).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <sstream>
#include <thread>

#include "core/metrics.h"
#include "server/auth.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"
#include "tests/support/test_gateway.h"

namespace gg {
namespace {

// Parses the exposition format into "name{labels}" -> value; fails the test on a line that is
// neither a comment nor a sample, or a sample whose family has no # TYPE before it.
std::map<std::string, double> parseExposition(const std::string& text) {
  std::map<std::string, double> out;
  std::map<std::string, std::string> types;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream t(line.substr(7));
      std::string name, type;
      t >> name >> type;
      EXPECT_TRUE(type == "counter" || type == "gauge" || type == "histogram") << line;
      types[name] = type;
      continue;
    }
    if (line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    EXPECT_NE(space, std::string::npos) << line;
    if (space == std::string::npos) continue;
    const std::string series = line.substr(0, space);
    std::string family = series.substr(0, series.find('{'));
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      const std::string s = suffix;
      if (!types.count(family) && family.size() > s.size() &&
          family.compare(family.size() - s.size(), s.size(), s) == 0) {
        family = family.substr(0, family.size() - s.size());
      }
    }
    EXPECT_TRUE(types.count(family)) << "no # TYPE for " << line;
    out[series] = std::stod(line.substr(space + 1));
  }
  return out;
}

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto g = test::startGateway(test::demoConfig(), tmp_.file("gridgate.db"), &clock_);
    ASSERT_OK(g);
    gateway_ = std::move(g).value();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
    admin_ = token("admin", "");
  }

  std::string token(const std::string& role, const std::string& scope) {
    auto t = createToken(gateway_->store(), *gateway_->context().org, role, scope, "test", 1);
    EXPECT_OK(t);
    return t.isOk() ? *t : "";
  }

  httplib::Result get(const std::string& path, const std::string& tok) {
    httplib::Headers h;
    if (!tok.empty()) h.emplace("Authorization", "Bearer " + tok);
    return client_->Get(path.c_str(), h);
  }

  std::map<std::string, double> scrape() {
    auto r = get("/metrics", admin_);
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
    return parseExposition(r->body);
  }

  void postGroupMessage(int64_t id, const std::string& text) {
    nlohmann::json ev = {{"post_type", "message"}, {"message_type", "group"}, {"sub_type", "normal"},
                         {"time", clock_.now() / 1000}, {"self_id", 3000000001LL},
                         {"message_id", id}, {"group_id", 81000101LL}, {"user_id", 13000000001LL},
                         {"message", text}, {"raw_message", text}, {"font", 0},
                         {"sender", {{"user_id", 13000000001LL}, {"nickname", "居民"}, {"card", "3号楼 居民"}}}};
    const metrics::Labels hook = {{"route", "/hooks/onebot"}, {"code", "204"}};
    const uint64_t counted = metrics::registry().value("gridgate_http_requests_total", hook);
    auto r = client_->Post("/hooks/onebot", ev.dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 204) << r->body;
    // cpp-httplib runs the logger, which counts the request, after the response is written: on
    // a loaded machine the client can read the response first. Wait (bounded) for the count.
    for (int i = 0; i < 400 && metrics::registry().value("gridgate_http_requests_total", hook) == counted; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  test::TempDir tmp_;
  FakeClock clock_{1764900000000};
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> client_;
  std::string admin_;
};

TEST_F(MetricsTest, NeedsAnAdminOrStreetToken) {
  EXPECT_EQ(get("/metrics", "")->status, 401);
  EXPECT_EQ(get("/metrics", token("grid", "binhe-01"))->status, 403);
  EXPECT_EQ(get("/metrics", token("street", ""))->status, 200);
}

TEST_F(MetricsTest, CountersMoveWithTraffic) {
  auto before = scrape();
  const std::string onebot_need = R"(gridgate_messages_total{channel="onebot",decision="ticket"})";
  EXPECT_EQ(before.count(onebot_need), 0u);
  postGroupMessage(7001, "3号楼楼道的灯坏了好几天了，晚上黑漆漆的");
  ASSERT_OK(gateway_->runWorkersOnce());
  auto after = scrape();
  EXPECT_EQ(after[onebot_need], 1);
  double open = 0;
  for (const auto& [series, v] : after) {
    if (series.rfind("gridgate_tickets_open{", 0) == 0) open += v;
  }
  EXPECT_EQ(open, 1);
  EXPECT_EQ(after["gridgate_tickets_overdue"], 0);
  // The reply and the worker's notice are rows of the outbox, by channel and status.
  double outbox = 0;
  for (const auto& [series, v] : after) {
    if (series.rfind("gridgate_outbox_rows{channel=\"onebot\"", 0) == 0) outbox += v;
  }
  EXPECT_GE(outbox, 1);
  EXPECT_EQ(after["gridgate_classify_seconds_count"], before["gridgate_classify_seconds_count"] + 1);
  // Requests are counted by their route pattern, the hook by its path; made-up paths share one label.
  const std::string metrics_ok = R"(gridgate_http_requests_total{route="/metrics",code="200"})";
  EXPECT_EQ(after[metrics_ok], before[metrics_ok] + 1);
  // httplib counts a request in its logger, after the answer is written: on a busy machine the
  // scrape can arrive first, so wait for it (bounded) rather than race it.
  const std::string hook_ok = R"(gridgate_http_requests_total{route="/hooks/onebot",code="204"})";
  for (int i = 0; i < 40 && after[hook_ok] < 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    after = scrape();
  }
  EXPECT_GE(after[hook_ok], 1);
  get("/no/such/path/1", "");
  get("/no/such/path/2", "");
  auto last = scrape();
  EXPECT_EQ(last[R"(gridgate_http_requests_total{route="unmatched",code="404"})"],
            after[R"(gridgate_http_requests_total{route="unmatched",code="404"})"] + 2);
  // Time past the ticket's accept deadline: it counts as overdue before any timer runs.
  clock_.advance(30 * 24 * kHour);
  EXPECT_EQ(scrape()["gridgate_tickets_overdue"], 1);
}

}  // namespace
}  // namespace gg
