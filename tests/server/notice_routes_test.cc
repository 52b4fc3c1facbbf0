#include <gtest/gtest.h>

#include <httplib.h>

#include "server/routes_notices.h"
#include "tests/bot/notices/notice_fixture.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

class NoticeRoutesTest : public test::NoticeFixture {
 protected:
  void SetUp() override {
    test::NoticeFixture::SetUp();
    ctx_.org = org_;
    ctx_.store = store_.get();
    ctx_.clock = &clock_;
    ServerSettings s;
    s.port = 0;
    server_ = std::make_unique<ApiServer>(s, *store_);
    registerNoticeRoutes(*server_, ctx_, *service_);
    ASSERT_OK(server_->start());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  void TearDown() override { server_->stop(); }

  std::string token(const std::string& role, const std::string& scope, const std::string& name) {
    auto t = createToken(*store_, *org_, role, scope, name, 1);
    EXPECT_OK(t);
    return t.isOk() ? *t : "";
  }
  httplib::Headers auth(const std::string& t) { return {{"Authorization", "Bearer " + t}}; }

  AppContext ctx_;
  std::unique_ptr<ApiServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(NoticeRoutesTest, CreateInspectApproveCancelOverHttp) {
  const std::string binhe = token("community", "binhe", "binhe");
  const std::string deputy = token("community", "binhe", "deputy");
  const nlohmann::json body = {{"title", "医保缴费"},
                               {"body", "缴费标准为{amount}"},
                               {"target", {{"communities", {"binhe"}}}},
                               {"send_at", "2026-11-23T10:00:00+08:00"},
                               {"deadline", "2026-12-25T23:59:59+08:00"},
                               {"reminders", {{{"before", "7d"}, {"at", "09:00"}}}},
                               {"keywords", {"医保"}},
                               {"vars", {{"amount", "400元"}}},
                               {"mention_all", true}};
  auto r = client_->Post("/api/notices", auth(binhe), body.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  auto created = nlohmann::json::parse(r->body);
  EXPECT_EQ(created["status"], "pending_approval");
  const std::string path = "/api/notices/" + std::to_string(created["id"].get<int64_t>());

  auto other = body;
  other["target"] = {{"communities", {"donghu"}}};
  auto forbidden = client_->Post("/api/notices", auth(binhe), other.dump(), "application/json");
  EXPECT_EQ(forbidden->status, 403);
  EXPECT_EQ(client_->Post("/api/notices", auth(binhe), "{\"title\":1}", "application/json")->status,
            400);
  EXPECT_EQ(client_->Post("/api/notices", body.dump(), "application/json")->status, 401);

  EXPECT_EQ(client_->Post(path + "/approve", auth(binhe), "", "application/json")->status, 403);
  EXPECT_EQ(client_->Post(path + "/approve", auth(deputy), "", "application/json")->status, 200);
  ASSERT_OK(service_->tick());

  auto view = client_->Get(path.c_str(), auth(binhe));
  ASSERT_EQ(view->status, 200) << view->body;
  auto v = nlohmann::json::parse(view->body);
  EXPECT_EQ(v["status"], "sending");
  EXPECT_GT(v["counts"]["queued"].get<int>(), 0);
  EXPECT_EQ(v["audit"].size(), 3u);  // create, approve, send
  EXPECT_EQ(client_->Get(path.c_str(), auth(token("community", "donghu", "d")))->status, 404);

  auto list = client_->Get("/api/notices", auth(binhe));
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(nlohmann::json::parse(list->body)["notices"].size(), 1u);

  EXPECT_EQ(
      client_->Patch(path.c_str(), auth(binhe), "{\"title\":\"x\"}", "application/json")->status,
      409);
  EXPECT_EQ(client_->Delete(path.c_str(), auth(binhe))->status, 200);
  EXPECT_EQ(client_->Delete(path.c_str(), auth(binhe))->status, 409);
  EXPECT_EQ(client_->Get("/api/notices/999", auth(binhe))->status, 404);
}

TEST_F(NoticeRoutesTest, AlertsAreScoped) {
  ASSERT_OK(store_->write([&](Tx& tx) {
    AlertRecord a;
    a.community_id = "binhe";
    a.channel = Channel::kOneBot;
    a.group_id = "81000101";
    a.grid_id = "binhe-01";
    a.opened_at = clock_.now();
    a.last_event_at = clock_.now();
    return tx.alerts().insert(a).status();
  }));
  auto own = client_->Get("/api/alerts", auth(token("community", "binhe", "b")));
  ASSERT_EQ(own->status, 200);
  EXPECT_EQ(nlohmann::json::parse(own->body)["alerts"].size(), 1u);
  auto other = client_->Get("/api/alerts", auth(token("community", "donghu", "d")));
  ASSERT_EQ(other->status, 200);
  EXPECT_EQ(nlohmann::json::parse(other->body)["alerts"].size(), 0u);
  EXPECT_EQ(
      client_->Get("/api/alerts?community=binhe", auth(token("community", "donghu", "e")))->status,
      403);
}

// Found from outside: limit/offset were ignored. Bad values are 400; the page counts only what
// the token may see (grid tokens are filtered per alert).
TEST_F(NoticeRoutesTest, LimitAndOffsetAreAppliedAfterTheScopeAndBadValuesRefused) {
  ASSERT_OK(store_->write([&](Tx& tx) -> Status {
    for (int i = 0; i < 5; ++i) {
      AlertRecord a;
      a.community_id = "binhe";
      a.channel = Channel::kOneBot;
      a.group_id = "8100010" + std::to_string(i);
      a.grid_id = i % 2 == 0 ? "binhe-01" : "binhe-02";
      a.opened_at = clock_.now() + i;
      a.last_event_at = clock_.now() + i;
      GG_RETURN_IF_ERROR(tx.alerts().insert(a).status());
    }
    return Status::ok();
  }));
  const std::string grid = token("grid", "binhe-01", "g");
  auto count = [&](const std::string& query) {
    auto r = client_->Get(("/api/alerts" + query).c_str(), auth(grid));
    EXPECT_EQ(r->status, 200) << query << " " << r->body;
    return nlohmann::json::parse(r->body)["alerts"].size();
  };
  EXPECT_EQ(count(""), 3u);
  EXPECT_EQ(count("?limit=2"), 2u);
  EXPECT_EQ(count("?limit=2&offset=2"), 1u);
  EXPECT_EQ(count("?offset=3"), 0u);
  for (const char* bad :
       {"?limit=abc", "?limit=0", "?limit=-1", "?limit=100000", "?offset=x", "?offset=-5"}) {
    EXPECT_EQ(client_->Get((std::string("/api/alerts") + bad).c_str(), auth(grid))->status, 400)
        << bad;
    EXPECT_EQ(client_->Get((std::string("/api/notices") + bad).c_str(), auth(grid))->status, 400)
        << bad;
  }
}

}  // namespace
}  // namespace gg
