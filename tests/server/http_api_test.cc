#include <gtest/gtest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "app/gateway.h"
#include "server/auth.h"
#include "server/auth_throttle.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_config.h"
#include "tests/support/test_env.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>

namespace gg {
namespace {

class HttpApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GatewayOptions o;
    o.config_dir = test::demoConfig();
    o.db_path = tmp_.file("gridgate.db");
    o.listen = "127.0.0.1:0";
    o.background_workers = false;
    auto g = Gateway::create(o);
    ASSERT_OK(g);
    gateway_ = std::move(g).value();
    ASSERT_OK(gateway_->start());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
    client_->set_read_timeout(5, 0);
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

  static nlohmann::json body(const httplib::Result& r) { return nlohmann::json::parse(r->body); }

  test::TempDir tmp_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(HttpApiTest, HealthzNeedsNoTokenAndReportsTheDatabase) {
  auto r = get("/healthz", "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto j = body(r);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["version"], GRIDGATE_VERSION);
  EXPECT_EQ(j["database"]["ok"], true);
  EXPECT_GE(j["database"]["schema_version"].get<int>(), 1);
}

TEST_F(HttpApiTest, OrgNeedsAValidToken) {
  auto none = get("/api/org", "");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(body(none)["error"], "unauthenticated");
  auto bad = get("/api/org", "gg_not-a-real-token");
  EXPECT_EQ(bad->status, 401);
  httplib::Headers basic = {{"Authorization", "Basic dXNlcjpwYXNz"}};
  EXPECT_EQ(client_->Get("/api/org", basic)->status, 401);
}

TEST_F(HttpApiTest, OrgShowsTheHierarchyWithMaskedPhones) {
  auto r = get("/api/org", token("admin", ""));
  ASSERT_EQ(r->status, 200);
  auto j = body(r);
  EXPECT_FALSE(j["street"]["name"].get<std::string>().empty());
  ASSERT_EQ(j["communities"].size(), 6u);
  size_t grids = 0, workers = 0;
  for (const auto& c : j["communities"]) {
    for (const auto& g : c["grids"]) {
      ++grids;
      EXPECT_FALSE(g["groups"].empty());
      for (const auto& w : g["workers"]) {
        ++workers;
        const std::string phone = w["phone"];
        EXPECT_NE(phone.find("****"), std::string::npos) << phone;
        const std::string role = w["role"];
        EXPECT_TRUE(role == "leader" || role == "fulltime" || role == "parttime") << role;
      }
    }
  }
  EXPECT_GE(grids, 24u);
  EXPECT_GE(workers, 60u);
  // No robot webhook key ever leaves the server.
  EXPECT_EQ(r->body.find("webhook/send?key="), std::string::npos);
}

TEST_F(HttpApiTest, ScopesLimitWhatATokenSees) {
  const std::string binhe = token("community", "binhe");
  auto own = get("/api/org", binhe);
  ASSERT_EQ(own->status, 200);
  ASSERT_EQ(body(own)["communities"].size(), 1u);
  EXPECT_EQ(body(own)["communities"][0]["id"], "binhe");
  EXPECT_EQ(get("/api/org?community=binhe", binhe)->status, 200);
  auto other = get("/api/org?community=donghu", binhe);
  EXPECT_EQ(other->status, 403);
  EXPECT_EQ(body(other)["error"], "permission_denied");
  const std::string grid = token("grid", "binhe-01");
  EXPECT_EQ(get("/api/org/grids/binhe-01", grid)->status, 200);
  EXPECT_EQ(get("/api/org/grids/binhe-02", grid)->status, 403);
  EXPECT_EQ(get("/api/org/grids/nope", grid)->status, 404);
}

TEST_F(HttpApiTest, RevokedTokensStopWorking) {
  const std::string t = token("street", "");
  EXPECT_EQ(get("/api/me", t)->status, 200);
  ASSERT_OK(gateway_->store().write([](Tx& tx) { return tx.tokens().revoke(1, 2); }));
  EXPECT_EQ(get("/api/me", t)->status, 401);
}

TEST_F(HttpApiTest, UnknownPathsAre404AndOversizedBodies413InJson) {
  auto r = get("/no/such/path", "");
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(body(r)["error"], "not_found");
  std::string big(2 * 1024 * 1024, 'x');
  auto p = client_->Post("/api/org", big, "application/json");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->status, 413);
  EXPECT_EQ(body(p)["error"], "too_large");
}

TEST(Tokens, CreateChecksRoleAndScopeAgainstTheOrg) {
  test::TempDir tmp;
  auto loaded = loadConfig(test::demoConfig(), tmp.file("t.db"), true);
  ASSERT_OK(loaded);
  auto& store = *loaded->store;
  const OrgIndex& org = *loaded->org;
  EXPECT_FALSE(createToken(store, org, "root", "", "", 1).isOk());
  EXPECT_FALSE(createToken(store, org, "community", "nowhere", "", 1).isOk());
  EXPECT_FALSE(createToken(store, org, "grid", "binhe", "", 1).isOk());  // a community, not a grid
  EXPECT_FALSE(createToken(store, org, "admin", "binhe", "", 1).isOk());
  auto ok = createToken(store, org, "grid", "binhe-01", "w", 1);
  ASSERT_OK(ok);
  // Only the hash is stored.
  ASSERT_OK(store.read([&](Tx& tx) {
    auto rows = tx.tokens().list();
    EXPECT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].token_hash, hashToken(*ok));
    EXPECT_EQ((*rows)[0].token_hash.find(*ok), std::string::npos);
    return Status::ok();
  }));
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

TEST(AdminReload, NeedsAdminAndKeepsTheRunningPackOnABadEdit) {
  test::TempDir tmp;
  namespace fs = std::filesystem;
  fs::copy(test::sourceDir() + "/config/rules/zh", tmp.file("rules"), fs::copy_options::recursive);
  const std::string config = test::makeDemoConfig(tmp, {{"rule_packs", {tmp.file("rules")}}});
  GatewayOptions o;
  o.config_dir = config;
  o.db_path = tmp.file("r.db");
  o.listen = "127.0.0.1:0";
  o.background_workers = false;
  auto g = Gateway::create(o);
  ASSERT_OK(g);
  ASSERT_OK((*g)->start());
  httplib::Client http("127.0.0.1", (*g)->port());
  auto tok = [&](const std::string& role, const std::string& scope) {
    return "Bearer " + *createToken((*g)->store(), *(*g)->context().org, role, scope, "", 1);
  };
  EXPECT_EQ(http.Post("/api/admin/reload", {{"Authorization", tok("community", "binhe")}}, "",
                      "application/json")
                ->status,
            403);
  EXPECT_EQ(
      http.Post("/api/admin/reload", {{"Authorization", tok("admin", "")}}, "", "application/json")
          ->status,
      200);
  auto before = (*g)->intents().classify("3号楼电梯坏了", false);
  ASSERT_OK(before);
  ASSERT_EQ(before->intent, "lift_fault");
  std::ofstream(tmp.file("rules/99_broken.json")) << "{\"intents\": [ this is not json";
  auto r =
      http.Post("/api/admin/reload", {{"Authorization", tok("admin", "")}}, "", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find("99_broken.json"), std::string::npos) << r->body;
  auto after = (*g)->intents().classify("3号楼电梯坏了", false);
  ASSERT_OK(after);
  EXPECT_EQ(after->intent, "lift_fault");
  // A bad pack at start refuses to start at all.
  (*g)->stop();
  auto refused = Gateway::create(o);
  EXPECT_FALSE(refused.isOk());
}

TEST(Startup, ABrokenConfigNeverHalfStarts) {
  test::TempDir tmp;
  const std::string config =
      test::makeDemoConfig(tmp, {{"tickets", {{"deadlines", {{"soon", {}}}}}}});
  GatewayOptions o;
  o.config_dir = config;
  o.db_path = tmp.file("never.db");
  o.listen = "127.0.0.1:0";
  auto g = Gateway::create(o);
  ASSERT_FALSE(g.isOk());
  EXPECT_NE(g.status().message().find("deadlines"), std::string::npos) << g.status().message();
  EXPECT_FALSE(std::filesystem::exists(tmp.file("never.db")))
      << "nothing is created for a bad config";
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

// A grid token outlives its grid when the grid is removed from the config: it must be refused
// (403), never crash the server (a null grid was dereferenced).
TEST_F(HttpApiTest, TokenWhoseGridWasRemovedIsRefusedNotACrash) {
  const std::string secret = "gg_removed-grid-token-for-the-test-0000000000000";
  TokenRecord rec;
  rec.name = "old";
  rec.role = "grid";
  rec.scope = "binhe-99";  // not in the demo street
  rec.token_hash = hashToken(secret);
  rec.created_at = 1;
  ASSERT_OK(gateway_->store().write([&](Tx& tx) { return tx.tokens().insert(rec).status(); }));
  for (const char* path : {"/api/tickets", "/api/tickets?community=binhe", "/api/stats?by=grid"}) {
    auto r = get(path, secret);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 403) << path << " " << r->body;
  }
  auto org = get("/api/org", secret);
  ASSERT_TRUE(org);
  EXPECT_EQ(org->status, 200);
  EXPECT_TRUE(body(org)["communities"].empty());
  EXPECT_EQ(get("/healthz", "")->status, 200);  // still serving
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

TEST(AuthThrottle, FailuresInTheWindowBlockUntilTheOldestLeaves) {
  AuthThrottle t(3, std::chrono::seconds(60));
  const auto t0 = AuthThrottle::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.retryAfterSeconds("1.2.3.4", t0), 0);
    t.recordFailure("1.2.3.4", t0 + std::chrono::seconds(i));
  }
  EXPECT_GT(t.retryAfterSeconds("1.2.3.4", t0 + std::chrono::seconds(5)), 0);
  EXPECT_EQ(t.retryAfterSeconds("5.6.7.8", t0 + std::chrono::seconds(5)), 0);   // per address
  EXPECT_EQ(t.retryAfterSeconds("1.2.3.4", t0 + std::chrono::seconds(61)), 0);  // oldest left
}

// Repeated bad tokens from one address are slowed down (429 with Retry-After); the token is
// never echoed.
TEST_F(HttpApiTest, RepeatedBadTokensAreThrottled) {
  for (int i = 0; i < 20; ++i) {
    auto r = get("/api/org", "gg_wrong-token-" + std::to_string(i));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
  }
  auto blocked = get("/api/org", "gg_wrong-token-x");
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->status, 429);
  EXPECT_FALSE(blocked->get_header_value("Retry-After").empty());
  EXPECT_EQ(blocked->body.find("gg_wrong"), std::string::npos);
  EXPECT_EQ(get("/healthz", "")->status, 200);  // unauthenticated routes still answer
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

// /healthz says "degraded", with the reason, when messages pile up in the outbox.
TEST_F(HttpApiTest, HealthzIsDegradedWithReasonsWhenTheOutboxPilesUp) {
  auto before = body(get("/healthz", ""));
  EXPECT_TRUE(before["reasons"].empty()) << before.dump();
  ASSERT_OK(gateway_->store().write([&](Tx& tx) -> Status {
    for (int i = 0; i < 1001; ++i) {
      OutboxRecord r;
      r.dedup_key = "backlog-" + std::to_string(i);
      r.message.channel = Channel::kOneBot;
      r.message.target_kind = TargetKind::kGroup;
      r.message.target = "81000101";
      r.message.text = "通知";
      r.created_at = 1;
      r.next_attempt_at = 1;
      auto id = tx.outbox().enqueue(r);
      if (!id.isOk()) return id.status();
    }
    return Status::ok();
  }));
  auto r = get("/healthz", "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto j = body(r);
  EXPECT_EQ(j["status"], "degraded");
  EXPECT_EQ(j["outbox"]["pending"], 1001);
  ASSERT_FALSE(j["reasons"].empty());
  EXPECT_NE(j["reasons"][0].get<std::string>().find("outbox backlog"), std::string::npos);
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

// ?overdue=1 lists exactly the open tickets the stats call open_overdue: marked by a timer (even
// when escalation gave them a new, future deadline) or past a deadline no timer has marked yet;
// never a done ticket, never a fresh one.
TEST_F(HttpApiTest, OverdueFilterMatchesTheStats) {
  const Millis now = SystemClock().now();
  auto make = [&](TicketStatus status, bool overdue, Millis accept_by, Millis resolve_by) {
    TicketRecord t;
    t.status = status;
    t.level = Level::kGrid;
    t.community_id = "binhe";
    t.grid_id = "binhe-01";
    t.intent = "street_light";
    t.category = "municipal";
    t.description = "路灯不亮";
    t.created_at = now - kHour;
    t.overdue = overdue;
    t.accept_by = accept_by;
    t.resolve_by = resolve_by;
    return t;
  };
  const std::vector<TicketRecord> rows = {
      make(TicketStatus::kAssigned, true, now + kHour, now + 2 * kHour),   // escalated, still late
      make(TicketStatus::kAssigned, false, now - kMinute, now + kHour),    // past accept, unmarked
      make(TicketStatus::kAccepted, false, now - kMinute, now - kMinute),  // accepted, past resolve
      make(TicketStatus::kAccepted, false, now - kMinute, now + kHour),    // accepted in time
      make(TicketStatus::kResolved, true, now - kHour, now - kMinute),     // done: not open
      make(TicketStatus::kAssigned, false, now + kHour, now + 2 * kHour),  // fresh
  };
  ASSERT_OK(gateway_->store().write([&](Tx& tx) -> Status {
    for (const auto& t : rows) {
      auto id = tx.tickets().insert(t);
      if (!id.isOk()) return id.status();
    }
    return Status::ok();
  }));
  const std::string admin = token("admin", "");
  auto listed = get("/api/tickets?overdue=1", admin);
  ASSERT_EQ(listed->status, 200);
  EXPECT_EQ(body(listed)["total"], 3);
  auto stats = get("/api/stats", admin);
  ASSERT_EQ(stats->status, 200);
  EXPECT_EQ(body(stats)["totals"]["open_overdue"], 3);
  EXPECT_EQ(body(stats)["totals"]["open"], 5);
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

// The 大屏's trend: ?by=day counts each ticket on the China-time date it was received (a ticket
// at 23:30 UTC is the next day in China), and the days add up to the totals.
TEST_F(HttpApiTest, StatsByDayIsTheChinaDateOfEachTicket) {
  Millis base = 0;
  ASSERT_TRUE(parseIsoTime("2026-11-30T12:00:00+08:00", &base));
  auto make = [&](Millis created) {
    TicketRecord t;
    t.status = TicketStatus::kAssigned;
    t.level = Level::kGrid;
    t.community_id = "binhe";
    t.grid_id = "binhe-01";
    t.intent = "street_light";
    t.category = "municipal";
    t.description = "路灯不亮";
    t.created_at = created;
    t.accept_by = created + kHour;
    t.resolve_by = created + kDay;
    return t;
  };
  ASSERT_OK(gateway_->store().write([&](Tx& tx) -> Status {
    for (Millis at : {base, base + kHour, base + 11 * kHour + 30 * kMinute /* 23:30 China */,
                      base + 12 * kHour + kMinute /* 00:01 the next day */}) {
      auto id = tx.tickets().insert(make(at));
      if (!id.isOk()) return id.status();
    }
    return Status::ok();
  }));
  auto r = get("/api/stats?by=day&from=2026-11-30&to=2026-12-02", token("admin", ""));
  ASSERT_EQ(r->status, 200) << r->body;
  const auto b = body(r)["breakdown"];
  ASSERT_EQ(b.size(), 2u) << b.dump();
  EXPECT_EQ(b["2026-11-30"]["received"], 3);
  EXPECT_EQ(b["2026-12-01"]["received"], 1);
  EXPECT_EQ(body(r)["totals"]["received"], 4);
  EXPECT_EQ(get("/api/stats?by=week", token("admin", ""))->status, 400);
}

// /healthz: "disk nearly full" below health.min_free_disk_mb next to the database, with the
// free space in the reason.
TEST_F(HttpApiTest, HealthzIsDegradedWhenTheDiskIsNearlyFull) {
  EXPECT_EQ(body(get("/healthz", ""))["status"], "ok");
  gateway_->context().settings.health.min_free_disk_mb = int64_t{1} << 40;  // 1 EiB: never there
  auto j = body(get("/healthz", ""));
  EXPECT_EQ(j["status"], "degraded");
  ASSERT_EQ(j["reasons"].size(), 1u) << j.dump();
  EXPECT_EQ(j["reasons"][0].get<std::string>().rfind("disk nearly full: ", 0), 0u) << j.dump();
}

// /healthz: a write the database refuses (here: another process holds the write lock past the
// busy timeout) makes it "database not writable" until a write commits again.
TEST_F(HttpApiTest, HealthzIsDegradedWhileTheDatabaseRefusesWrites) {
  auto probe = [&] {
    return gateway_->store().write([](Tx& tx) -> Status { return tx.nonces().insertIfAbsent("health-test", 1).status(); });
  };
  {
    SQLite::Database other(tmp_.file("gridgate.db"), SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    EXPECT_FALSE(probe().isOk());
    auto j = body(get("/healthz", ""));
    EXPECT_EQ(j["status"], "degraded") << j.dump();
    EXPECT_EQ(j["database"]["writable"], false) << j.dump();
    bool named = false;
    for (const auto& r : j["reasons"]) named = named || r.get<std::string>().rfind("database not writable: ", 0) == 0;
    EXPECT_TRUE(named) << j.dump();
    other.exec("ROLLBACK");
  }
  ASSERT_OK(probe());
  auto after = body(get("/healthz", ""));
  EXPECT_EQ(after["status"], "ok") << after.dump();
  EXPECT_EQ(after["database"]["writable"], true);
}

}  // namespace
}  // namespace gg
