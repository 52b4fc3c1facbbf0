// GET /api/assessment and its CSV, /api/stats?format=csv, the assessment weights in gridgate.json
// and `gridgate assess`, on tickets made by the real pipeline with a FakeClock moving time.
#include <gtest/gtest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "app/cmd_assess.h"
#include "app/gateway.h"
#include "server/auth.h"
#include "server/settings.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_config.h"
#include "tests/support/test_gateway.h"

namespace gg {
namespace {

constexpr Millis kMinute = 60 * 1000;

Millis tuesdayMorning() {
  Millis t = 0;
  parseIsoTime("2026-11-24T10:00:00+08:00", &t);
  return t;
}

// RFC 4180 as Excel writes it: quoted cells with doubled quotes, CRLF rows.
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') { cell += '"'; ++i; }
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(cell);
      cell.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(cell);
      cell.clear();
      rows.emplace_back();
      ++i;
    } else {
      cell += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

const nlohmann::json* itemOf(const nlohmann::json& report, const char* key, const std::string& id) {
  for (const auto& item : report["items"]) {
    if (item[key] == id) return &item;
  }
  return nullptr;
}

class AssessmentRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    // Only the resolve step counts: the score is then the on-time resolve rate, whatever else.
    config_ = test::makeDemoConfig(
        tmp_, {{"assessment", {{"weights", {{"on_time_resolve", 1}, {"satisfaction", 0}}}}}});
    std::filesystem::remove(config_ + "/notices.json");
    auto g = test::startGateway(config_, tmp_.file("gridgate.db"), &clock_);
    ASSERT_OK(g);
    gateway_ = std::move(g).value();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
    client_->set_read_timeout(10, 0);
    admin_ = token("admin", "");
    grid_ = token("grid", "binhe-01");
  }

  std::string token(const std::string& role, const std::string& scope) {
    auto t = createToken(gateway_->store(), *gateway_->context().org, role, scope, "test", clock_.now());
    EXPECT_OK(t);
    return t.isOk() ? *t : "";
  }

  httplib::Result get(const std::string& path, const std::string& tok) {
    return client_->Get(path.c_str(), {{"Authorization", "Bearer " + tok}});
  }

  nlohmann::json getJson(const std::string& path, const std::string& tok, int want = 200) {
    auto r = get(path, tok);
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, want) << path << ": " << r->body;
    return nlohmann::json::parse(r->body, nullptr, false);
  }

  nlohmann::json post(const std::string& path, const nlohmann::json& body) {
    auto r = client_->Post(path.c_str(), {{"Authorization", "Bearer " + grid_}}, body.dump(), "application/json");
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_LT(r->status, 300) << path << ": " << r->body;
    return nlohmann::json::parse(r->body, nullptr, false);
  }

  TicketRecord ticket(int64_t id) {
    TicketRecord t;
    EXPECT_OK(gateway_->store().read([&](Tx& tx) {
      auto r = tx.tickets().get(id);
      if (!r.isOk() || !r->has_value()) return notFound("ticket");
      t = **r;
      return Status::ok();
    }));
    return t;
  }

  // A resident's report in binhe-01's group, through the pipeline; returns the ticket.
  TicketRecord residentReport(const std::string& id, const std::string& text) {
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

  // The story every test reads: one resident ticket accepted and resolved in time by its worker;
  // two patrol reports by another worker of the grid, one resolved in time and rated 5, one left
  // until its deadline passed and the timer escalated it to the community.
  void makeTickets() {
    const TicketRecord resident = residentReport("m1", "5号楼楼道里堆了好多杂物，堵着过不去");
    ASSERT_EQ(resident.assignee_kind, AssigneeKind::kWorker);
    ASSERT_EQ(resident.grid_id, "binhe-01");
    resident_worker_ = resident.assignee_id;
    for (const auto& w : gateway_->context().org->grid("binhe-01")->workers) {
      if (resident_worker_ != w.id) { patrol_worker_ = w.id; break; }
    }
    auto a = post("/api/tickets", {{"worker_id", patrol_worker_}, {"text", "巡查发现5号楼楼道堆放杂物"}, {"request_id", "p-1"}});
    auto b = post("/api/tickets", {{"worker_id", patrol_worker_}, {"text", "巡查发现5号楼楼道堆放杂物"}, {"request_id", "p-2"}});
    ASSERT_EQ(a["status"], "accepted");
    ASSERT_EQ(b["status"], "accepted");
    escalated_ = b["id"].get<int64_t>();
    clock_.advance(10 * kMinute);
    post("/api/tickets/" + std::to_string(resident.id) + "/accept", nlohmann::json::object());
    clock_.advance(10 * kMinute);
    post("/api/tickets/" + std::to_string(resident.id) + "/resolve", {{"note", "灯已换好"}});
    post("/api/tickets/" + a["id"].dump() + "/resolve", {{"note", "杂物已清理"}});
    post("/api/tickets/" + a["id"].dump() + "/rate", {{"rating", 5}});
    clock_.advance(2 * 24 * 60 * kMinute);
    ASSERT_OK(gateway_->runWorkersOnce());
  }

  test::TempDir tmp_;
  FakeClock clock_{tuesdayMorning()};
  std::string config_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> client_;
  std::string admin_, grid_;
  std::string resident_worker_, patrol_worker_;
  int64_t escalated_ = 0;
};

TEST_F(AssessmentRoutes, AnEscalatedTicketIsChargedToTheWorkerWhoLetItSlip) {
  makeTickets();
  const TicketRecord up = ticket(escalated_);
  ASSERT_EQ(up.assignee_kind, AssigneeKind::kCommunity) << "the timer escalated it to the community";
  ASSERT_EQ(up.escalations, 1);

  auto j = getJson("/api/assessment?from=2026-11-01&to=2026-12-01", admin_);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["by"], "worker");
  const nlohmann::json* p = itemOf(j, "worker_id", patrol_worker_);
  ASSERT_NE(p, nullptr) << j.dump();
  EXPECT_EQ((*p)["escalations_caused"], 1);
  EXPECT_EQ((*p)["patrol_reports"], 2);
  EXPECT_EQ((*p)["tickets"], 2);
  EXPECT_EQ((*p)["on_time_resolve"]["of"], 2);
  EXPECT_EQ((*p)["on_time_resolve"]["rate"], 0.5);
  EXPECT_EQ((*p)["on_time_accept"]["of"], 0) << "patrol tickets start accepted";
  EXPECT_TRUE((*p)["on_time_accept"]["rate"].is_null());
  EXPECT_EQ((*p)["satisfaction"]["rate"], 1.0);
  EXPECT_EQ((*p)["satisfaction"]["of"], 1);
  // Only the resolve step weighs (the test's gridgate.json): the score is that rate.
  EXPECT_EQ((*p)["score"], 50.0);
  EXPECT_EQ(j["weights"]["on_time_resolve"], 1.0);
  EXPECT_EQ(j["weights"]["on_time_accept"], 0.0);
  EXPECT_EQ((*p)["name"], gateway_->context().org->worker(patrol_worker_)->name);
  EXPECT_NE((*p)["phone"].get<std::string>().find("****"), std::string::npos);

  const nlohmann::json* r = itemOf(j, "worker_id", resident_worker_);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ((*r)["on_time_accept"]["rate"], 1.0);
  EXPECT_EQ((*r)["on_time_accept"]["of"], 1);
  EXPECT_EQ((*r)["on_time_resolve"]["rate"], 1.0);
  EXPECT_EQ((*r)["escalations_caused"], 0);
  EXPECT_TRUE((*r)["satisfaction"]["rate"].is_null()) << "nobody rated it";
  EXPECT_EQ((*r)["score"], 100.0);

  // Nothing is charged to anyone else; a worker with no ticket has null rates and no score.
  int64_t charged = 0;
  for (const auto& item : j["items"]) charged += item["escalations_caused"].get<int64_t>();
  EXPECT_EQ(charged, 1);
  const nlohmann::json* idle = itemOf(j, "worker_id", "w-binhe-02-1");
  ASSERT_NE(idle, nullptr);
  EXPECT_EQ((*idle)["tickets"], 0);
  EXPECT_TRUE((*idle)["on_time_resolve"]["rate"].is_null());
  EXPECT_TRUE((*idle)["score"].is_null());

  // by=grid and by=community sum the same figures; the community that got it is not charged
  // as a receiver, its escalation count is its worker's.
  auto grids = getJson("/api/assessment?by=grid", admin_);
  const nlohmann::json* g = itemOf(grids, "grid_id", "binhe-01");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ((*g)["workers"], gateway_->context().org->grid("binhe-01")->workers.size());
  EXPECT_EQ((*g)["escalations_caused"], 1);
  EXPECT_EQ((*g)["on_time_resolve"]["of"], 3);
  EXPECT_EQ((*g)["patrol_reports"], 2);
  auto communities = getJson("/api/assessment?by=community", admin_);
  const nlohmann::json* c = itemOf(communities, "community_id", "binhe");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ((*c)["escalations_caused"], 1);
  EXPECT_EQ((*c)["on_time_accept"]["count"], 1);
  EXPECT_EQ(communities["totals"]["escalations_caused"], 1);

  // A period without the tickets: nothing to judge.
  auto empty = getJson("/api/assessment?from=2026-12-01&to=2027-01-01", admin_);
  EXPECT_EQ(empty["totals"]["tickets"], 0);
  EXPECT_TRUE(empty["totals"]["score"].is_null());
}

TEST_F(AssessmentRoutes, AGridTokenSeesOnlyItsGridsWorkers) {
  makeTickets();
  auto own = getJson("/api/assessment", grid_);
  const size_t workers = gateway_->context().org->grid("binhe-01")->workers.size();
  ASSERT_EQ(own["items"].size(), workers) << own.dump();
  for (const auto& item : own["items"]) EXPECT_EQ(item["grid_id"], "binhe-01");
  EXPECT_EQ(getJson("/api/assessment?grid=binhe-02", grid_, 403)["error"], "permission_denied");
  EXPECT_EQ(getJson("/api/assessment?community=donghu", grid_, 403)["error"], "permission_denied");
  EXPECT_EQ(getJson("/api/assessment?by=community", grid_)["items"].size(), 1u);
  getJson("/api/assessment?grid=nope", admin_, 404);

  auto community = getJson("/api/assessment", token("community", "binhe"));
  std::set<std::string> grids;
  for (const auto& item : community["items"]) {
    EXPECT_EQ(item["community_id"], "binhe");
    grids.insert(item["grid_id"].get<std::string>());
  }
  EXPECT_GT(grids.size(), 1u);
  getJson("/api/assessment?community=donghu", token("community", "binhe"), 403);
  getJson("/api/assessment", token("department", "water"), 403);
  EXPECT_EQ(get("/api/assessment", "")->status, 401);
  // The street sees every community.
  std::set<std::string> all;
  const auto street = getJson("/api/assessment", token("street", ""));
  for (const auto& item : street["items"]) {
    all.insert(item["community_id"].get<std::string>());
  }
  EXPECT_EQ(all.size(), gateway_->context().org->org().communities.size());
}

TEST_F(AssessmentRoutes, TheCsvHasAHeaderAndOneRowPerWorkerAndNoNumberInClear) {
  makeTickets();
  const auto j = getJson("/api/assessment", admin_);
  auto r = get("/api/assessment?format=csv", admin_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  EXPECT_NE(r->get_header_value("Content-Disposition").find(".csv"), std::string::npos);
  ASSERT_EQ(r->body.rfind("\xEF\xBB\xBF", 0), 0u) << "a BOM, or Excel reads it as GBK";
  const auto rows = parseCsv(r->body.substr(3));
  ASSERT_EQ(rows.size(), j["items"].size() + 1);
  const auto& header = rows[0];
  EXPECT_EQ(header[0], "网格员编号");
  EXPECT_EQ(header[1], "姓名");
  EXPECT_EQ(header.back(), "综合得分");
  for (const auto& row : rows) EXPECT_EQ(row.size(), header.size());
  // Rows in the report's order; the slipping worker's row shows it.
  size_t found = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], j["items"][i - 1]["worker_id"]);
    if (rows[i][0] != patrol_worker_) continue;
    ++found;
    const auto col = [&](const char* name) {
      return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    EXPECT_EQ(rows[i][col("按时办结率")], "50.0%");
    EXPECT_EQ(rows[i][col("办结考核数")], "2");
    EXPECT_EQ(rows[i][col("造成上报次数")], "1");
    EXPECT_EQ(rows[i][col("按时接单率")], "") << "a rate of nothing is empty, not 100%";
    EXPECT_EQ(rows[i][col("综合得分")], "50.0");
    EXPECT_NE(rows[i][col("电话")].find("****"), std::string::npos);
  }
  EXPECT_EQ(found, 1u);
  EXPECT_FALSE(std::regex_search(r->body, std::regex("1[3-9][0-9]{9}"))) << "a mobile number in clear";
  EXPECT_EQ(r->body.find("13905311102"), std::string::npos);

  auto grids = get("/api/assessment?by=grid&format=csv", grid_);
  ASSERT_EQ(grids->status, 200);
  const auto grid_rows = parseCsv(grids->body.substr(3));
  ASSERT_EQ(grid_rows.size(), 2u);
  EXPECT_EQ(grid_rows[0][0], "网格编号");
  EXPECT_EQ(grid_rows[1][0], "binhe-01");
}

TEST_F(AssessmentRoutes, TheStatsCsvHasARowPerKeyAndTheTotals) {
  makeTickets();
  const auto j = getJson("/api/stats?by=grid", admin_);
  auto r = get("/api/stats?by=grid&format=csv", admin_);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  ASSERT_EQ(r->body.rfind("\xEF\xBB\xBF", 0), 0u);
  const auto rows = parseCsv(r->body.substr(3));
  ASSERT_EQ(rows.size(), j["breakdown"].size() + 2);
  EXPECT_EQ(rows[0][2], "受理数");
  EXPECT_EQ(rows.back()[0], "合计");
  EXPECT_EQ(rows.back()[2], std::to_string(j["totals"]["received"].get<int64_t>()));
  bool binhe01 = false;
  for (const auto& row : rows) {
    EXPECT_EQ(row.size(), rows[0].size());
    if (row[0] != "binhe-01") continue;
    binhe01 = true;
    EXPECT_EQ(row[1], "滨河社区第一网格");
    EXPECT_EQ(row[2], "3");
  }
  EXPECT_TRUE(binhe01);
  EXPECT_EQ(getJson("/api/stats?format=xml", admin_, 400)["error"], "invalid_argument");
  // The JSON answer is unchanged by the new parameter.
  EXPECT_EQ(getJson("/api/stats?by=grid&format=json", admin_)["totals"], j["totals"]);
}

TEST_F(AssessmentRoutes, ABadQueryIs400) {
  for (const char* q : {"by=foo", "from=2026-12-01&to=2026-11-01", "from=2026-11-01&to=2026-11-01",
                        "from=yesterday", "to=2026-13-45", "format=pdf"}) {
    EXPECT_EQ(getJson(std::string("/api/assessment?") + q, admin_, 400)["error"], "invalid_argument") << q;
  }
  EXPECT_EQ(getJson("/api/assessment?grid=binhe-02&community=donghu", admin_, 400)["error"], "invalid_argument");
}

TEST_F(AssessmentRoutes, TheCommandPrintsTheSameReport) {
  makeTickets();
  const auto api = getJson("/api/assessment?by=grid&community=binhe", admin_);
  auto run = [&](std::vector<std::string> args) {
    CLI::App app;
    addAssessCommand(app);
    args.insert(args.begin(), "gridgate");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    std::ostringstream out;
    auto* old = std::cout.rdbuf(out.rdbuf());
    int rc = 0;
    try {
      app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::Error& e) {
      rc = e.get_exit_code();
    }
    std::cout.rdbuf(old);
    return std::make_pair(rc, out.str());
  };
  const std::string db = tmp_.file("gridgate.db");
  auto [rc, text] = run({"assess", "--config", config_, "--db", db, "--by", "grid", "--community", "binhe"});
  ASSERT_EQ(rc, 0) << text;
  const auto cli = nlohmann::json::parse(text);
  ASSERT_EQ(cli["items"].size(), api["items"].size());
  for (size_t i = 0; i < cli["items"].size(); ++i) {
    EXPECT_EQ(cli["items"][i]["grid_id"], api["items"][i]["grid_id"]);
    EXPECT_EQ(cli["items"][i]["escalations_caused"], api["items"][i]["escalations_caused"]);
    EXPECT_EQ(cli["items"][i]["on_time_resolve"], api["items"][i]["on_time_resolve"]);
  }
  EXPECT_EQ(cli["weights"]["on_time_resolve"], 1.0);
  auto [csv_rc, csv] = run({"assess", "--config", config_, "--db", db, "--format", "csv"});
  ASSERT_EQ(csv_rc, 0);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF网格员编号", 0), 0u);
  EXPECT_EQ(parseCsv(csv.substr(3)).size(), getJson("/api/assessment", admin_)["items"].size() + 1);
  EXPECT_NE(run({"assess", "--config", config_, "--db", db, "--by", "foo"}).first, 0);
  EXPECT_NE(run({"assess", "--config", config_, "--db", db, "--from", "2026-12-01", "--to", "2026-11-01"}).first, 0);
}

// The weights are read by the one config reader: unknown keys and bad values name file and path.
TEST(AssessmentSettings, WeightsAreValidated) {
  test::TempDir tmp;
  auto load = [&](const nlohmann::json& assessment) {
    const std::string dir = tmp.file("cfg");
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/gridgate.json") << nlohmann::json{{"assessment", assessment}}.dump();
    return loadSettings(dir);
  };
  auto ok = load({{"weights", {{"on_time_accept", 2}, {"satisfaction", 1}}}});
  ASSERT_OK(ok);
  EXPECT_EQ(ok->assessment_weights.on_time_accept, 2);
  EXPECT_EQ(ok->assessment_weights.satisfaction, 1);
  EXPECT_EQ(ok->assessment_weights.rework, 0) << "a weight left out is 0";
  auto defaults = load(nlohmann::json::object());
  ASSERT_OK(defaults);
  EXPECT_EQ(defaults->assessment_weights.on_time_resolve, 0.3);

  auto negative = load({{"weights", {{"rework", -0.1}, {"satisfaction", 1}}}});
  ASSERT_FALSE(negative.isOk());
  EXPECT_NE(negative.status().message().find("gridgate.json: $.assessment.weights.rework: must be a number >= 0"),
            std::string::npos) << negative.status().message();
  auto zero = load({{"weights", {{"rework", 0}, {"satisfaction", 0}}}});
  ASSERT_FALSE(zero.isOk());
  EXPECT_NE(zero.status().message().find("$.assessment.weights: the weights must add up to more than 0"),
            std::string::npos) << zero.status().message();
  auto text = load({{"weights", {{"rework", "0.1"}}}});
  EXPECT_FALSE(text.isOk());
  auto typo = load({{"weights", {{"satisfactoin", 1}}}});
  ASSERT_FALSE(typo.isOk());
  EXPECT_NE(typo.status().message().find("$.assessment.weights.satisfactoin: unknown key"), std::string::npos)
      << typo.status().message();
  auto misspelt = load({{"wieghts", {{"satisfaction", 1}}}});
  ASSERT_FALSE(misspelt.isOk());
  EXPECT_NE(misspelt.status().message().find("$.assessment.wieghts: unknown key"), std::string::npos);
  // The demo street's file carries the weights and loads.
  auto demo = loadSettings(test::demoConfig());
  ASSERT_OK(demo);
  EXPECT_EQ(demo->assessment_weights.satisfaction, 0.3);
  EXPECT_EQ(demo->assessment_weights.escalations, 0.1);
}

}  // namespace
}  // namespace gg
