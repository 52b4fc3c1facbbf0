// The responsibility list and the working-day calendar in a running gateway (the demo street's
// config): a ticket shows its entry on GET /api/tickets/{id} and its worker's notice names the
// basis; GET /api/responsibilities; deadlines across 国庆 and the night rule through the real
// pipeline; serve (the same validation `gridgate check` makes) refuses an unknown intent,
// department or a bad calendar.
#include <gtest/gtest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "app/gateway.h"
#include "server/auth.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_config.h"
#include "tests/support/test_gateway.h"

namespace gg {
namespace {

Millis at(const char* iso) {
  Millis t = 0;
  EXPECT_TRUE(parseIsoTime(iso, &t)) << iso;
  return t;
}

class ResponsibilityRoutes : public ::testing::Test {
 protected:
  void start(nlohmann::json settings = nlohmann::json::object()) {
    config_ = test::makeDemoConfig(tmp_, std::move(settings));
    std::filesystem::remove(config_ + "/notices.json");
    auto g = test::startGateway(config_, tmp_.file("gridgate.db"), &clock_);
    ASSERT_OK(g);
    gateway_ = std::move(g).value();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
    client_->set_read_timeout(10, 0);
    auto t = createToken(gateway_->store(), *gateway_->context().org, "admin", "", "test", clock_.now());
    ASSERT_OK(t);
    admin_ = *t;
  }

  nlohmann::json getJson(const std::string& path) {
    auto r = client_->Get(path.c_str(), {{"Authorization", "Bearer " + admin_}});
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    return nlohmann::json::parse(r->body, nullptr, false);
  }

  // A resident's message in binhe-01's group, through the pipeline; returns the new ticket.
  TicketRecord report(const std::string& id, const std::string& text) {
    InboundEnvelope e;
    e.channel = Channel::kOneBot;
    e.account = "10001";
    e.platform_msg_id = id;
    e.chat_type = ChatType::kGroup;
    e.group_id = "81000101";  // binhe-01
    e.sender_id = "3900001";
    e.sender_name = "居民";
    e.text = text;
    e.sent_at = clock_.now();
    EXPECT_OK(gateway_->pipeline().ingest(e));
    TicketRecord newest;
    EXPECT_OK(gateway_->store().read([&](Tx& tx) {
      TicketFilter f;
      f.limit = 1;
      auto r = tx.tickets().list(f, nullptr);
      if (!r.isOk()) return r.status();
      if (!r->empty()) newest = r->front();
      return Status::ok();
    }));
    return newest;
  }

  std::vector<OutboxRecord> outbox() {
    std::vector<OutboxRecord> out;
    EXPECT_OK(gateway_->store().read([&](Tx& tx) {
      OutboxRepo::Filter f;
      f.limit = 1000;
      out = *tx.outbox().list(f);
      return Status::ok();
    }));
    return out;
  }

  test::TempDir tmp_;
  FakeClock clock_{at("2026-12-03T10:00:00+08:00")};  // a Thursday morning
  std::string config_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> client_;
  std::string admin_;
};

TEST_F(ResponsibilityRoutes, TheTicketShowsItsEntryAndTheWorkersNoticeNamesTheBasis) {
  ASSERT_NO_FATAL_FAILURE(start());
  const TicketRecord t = report("m1", "3号楼电梯坏了好几天了，一直没人修");
  ASSERT_EQ(t.intent, "lift_fault");
  // The demo list's lift_fault entry: accept within 30 minutes, resolve within 24 hours.
  EXPECT_EQ(t.accept_by, clock_.now() + 30 * kMinute);
  EXPECT_EQ(t.resolve_by, clock_.now() + 24 * kHour);

  auto j = getJson("/api/tickets/" + std::to_string(t.id));
  const auto& r = j["responsibility"];
  ASSERT_TRUE(r.is_object()) << j.dump();
  EXPECT_EQ(r["matter"], "lift_fault");
  EXPECT_EQ(r["matter_kind"], "intent");
  EXPECT_EQ(r["name"], "电梯故障维修");
  EXPECT_EQ(r["owner"], "department");
  EXPECT_EQ(r["department_kind"], "property");
  EXPECT_EQ(r["laws"][0], "《中华人民共和国特种设备安全法》");
  EXPECT_EQ(r["policies"][0], "《电梯维护保养规则》");
  EXPECT_EQ(r["deadline"]["resolve_minutes"], 24 * 60);

  bool named = false;
  for (const auto& row : outbox()) {
    if (row.message.text.find("【新工单】" + std::to_string(t.id)) == std::string::npos) continue;
    named = true;
    EXPECT_NE(row.message.text.find("依据：《中华人民共和国特种设备安全法》、《物业管理条例》、《电梯维护保养规则》；"
                                    "须于12-04 10:00前办结。"),
              std::string::npos)
        << row.message.text;
  }
  EXPECT_TRUE(named) << "the worker was told of the ticket";

  // Handed on to the property company, the department reads the same basis.
  auto moved = client_->Post(("/api/tickets/" + std::to_string(t.id) + "/transfer").c_str(),
                             {{"Authorization", "Bearer " + admin_}},
                             nlohmann::json{{"target", "property-binyue"}}.dump(), "application/json");
  ASSERT_TRUE(moved);
  ASSERT_EQ(moved->status, 200) << moved->body;
  bool told = false;
  for (const auto& row : outbox()) {
    if (row.message.text.rfind("【转派】工单" + std::to_string(t.id), 0) != 0) continue;
    told = true;
    EXPECT_NE(row.message.text.find("依据：《中华人民共和国特种设备安全法》"), std::string::npos) << row.message.text;
  }
  EXPECT_TRUE(told) << "the department was told of the transfer";
  EXPECT_EQ(getJson("/api/tickets/" + std::to_string(t.id))["responsibility"]["owner_name"],
            gateway_->context().org->department("property-binyue")->name)
      << "the owner by kind is named once the ticket is with a department of that kind";

  // A matter the list does not hold: null, and the notice carries no basis line.
  const TicketRecord other = report("m2", "小区门口的路灯不亮了好几天");
  ASSERT_NE(other.intent, "");
  ASSERT_EQ(gateway_->context().responsibilities->find(other.intent, other.category), nullptr) << other.intent;
  EXPECT_TRUE(getJson("/api/tickets/" + std::to_string(other.id))["responsibility"].is_null());
}

TEST_F(ResponsibilityRoutes, ListsTheWholeResponsibilityList) {
  ASSERT_NO_FATAL_FAILURE(start());
  auto j = getJson("/api/responsibilities");
  ASSERT_TRUE(j["items"].is_array());
  EXPECT_EQ(j["total"], gateway_->context().responsibilities->entries().size());
  EXPECT_GE(j["total"].get<int>(), 20);
  bool sanitation = false;
  for (const auto& item : j["items"]) {
    EXPECT_FALSE(item["laws"].empty() && item["policies"].empty()) << item.dump();
    if (item["matter"] == "sanitation") {
      sanitation = true;
      EXPECT_EQ(item["matter_kind"], "category");
      EXPECT_EQ(item["owner_name"], gateway_->context().org->org().street.name);
      EXPECT_EQ(item["deadline"]["resolve_working_days"], 2);
    }
  }
  EXPECT_TRUE(sanitation);
  EXPECT_EQ(client_->Get("/api/responsibilities")->status, 401);
}

TEST_F(ResponsibilityRoutes, AWorkingDayDeadlineRaisedBeforeNationalDayEndsAfterIt) {
  clock_.set(at("2026-09-30T10:00:00+08:00"));
  ASSERT_NO_FATAL_FAILURE(start());
  const TicketRecord t = report("m1", "晚上楼上装修噪音太吵了");
  ASSERT_EQ(t.intent, "noise");
  // noise: 3个工作日 in the demo list; 10-01..07 off, 10-08, 10-09 and the 调休 Saturday 10-10.
  EXPECT_EQ(formatChinaTime(t.resolve_by), "2026-10-10T23:59:00+08:00");
  auto j = getJson("/api/tickets/" + std::to_string(t.id));
  EXPECT_EQ(j["responsibility"]["deadline"]["resolve_working_days"], 3);
}

TEST_F(ResponsibilityRoutes, ANormalTicketRaisedOnFridayNightIsDueToBeAcceptedOnMonday) {
  clock_.set(at("2026-12-04T21:00:00+08:00"));
  ASSERT_NO_FATAL_FAILURE(start({{"tickets", {{"office_hours", {{"from", "08:30"}, {"to", "17:30"}}}}}}));
  const TicketRecord t = report("m1", "5号楼楼道里堆了好多杂物，堵着过不去");
  ASSERT_EQ(t.urgency, Urgency::kNormal);
  // fire_lane_blocked keeps the normal 120 minutes to accept, from Monday 08:30.
  EXPECT_EQ(formatChinaTime(t.accept_by), "2026-12-07T10:30:00+08:00");
  EXPECT_GE(t.resolve_by, t.accept_by);
  // An emergency at the same hour never waits.
  const TicketRecord gas = report("m2", "楼道里好大的煤气味，好像燃气泄漏了");
  ASSERT_EQ(gas.urgency, Urgency::kEmergency) << gas.intent;
  EXPECT_EQ(gas.accept_by, clock_.now() + 10 * kMinute);
}

// Gateway::create makes the checks `gridgate check` makes (app/cmd_check.cc calls the same
// ResponsibilityList::validate and WorkCalendar::forConfigDir).
TEST(ResponsibilityConfig, AnUnknownIntentDepartmentOrBadCalendarStopsTheGateway) {
  test::TempDir tmp;
  const std::string config = test::makeDemoConfig(tmp);
  tmp.write("config/responsibilities.json", R"({"matters": [
    {"intent": "lift_falt", "owner": "grid", "laws": ["《物业管理条例》"]},
    {"intent": "water_cut", "owner": "department", "department": "water-co", "laws": ["《城市供水条例》"]}]})");
  GatewayOptions o;
  o.config_dir = config;
  o.db_path = tmp.file("gridgate.db");
  o.listen = "127.0.0.1:0";
  o.background_workers = false;
  auto g = Gateway::create(o);
  ASSERT_FALSE(g.isOk());
  const std::string m = g.status().message();
  EXPECT_NE(m.find("responsibilities.json: $.matters[0].intent: unknown intent \"lift_falt\""), std::string::npos) << m;
  EXPECT_NE(m.find("responsibilities.json: $.matters[1].department: unknown department \"water-co\""), std::string::npos) << m;

  std::filesystem::remove(config + "/responsibilities.json");
  tmp.write("config/calendar.json", R"({"holidays": ["2026-10-01", "2026-10-32"]})");
  auto c = Gateway::create(o);
  ASSERT_FALSE(c.isOk());
  EXPECT_EQ(c.status().message(), "calendar.json: $.holidays[1]: \"2026-10-32\" is not a date YYYY-MM-DD");
}

}  // namespace
}  // namespace gg
