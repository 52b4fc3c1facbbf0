#include "tests/system/kill_rig.h"

#include <httplib.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "storage/sqlite/sqlite_store.h"
#include "tests/support/test_config.h"

namespace gg::test {
namespace fs = std::filesystem;
namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// One need the clients sent, and where the resident's acknowledgement must go.
struct NeedRef {
  std::string channel, msg_id, ack_channel, ack_target;
};

}  // namespace

KillRig::KillRig() = default;
KillRig::~KillRig() {
  if (child_) child_->kill9();
}

std::string KillRig::hotlineCaller(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "1390000%04d", i);
  return buf;
}

bool KillRig::setUp() {
  wecom_ = std::make_unique<fakes::FakeWeComApi>(kCorp, kCorpSecret);
  wecom_->start();
  sms_ = std::make_unique<fakes::FakeSmsGateway>(kSmsToken);
  sms_->start();
  // The demo street's groups: every OneBot group is answered over the socket, every WeCom
  // group by its robot on the fake.
  nlohmann::json robots = nlohmann::json::object();
  for (const auto& f : fs::directory_iterator(fs::path(demoConfig()) / "communities")) {
    std::ifstream in(f.path());
    auto c = nlohmann::json::parse(in, nullptr, false, /*ignore_comments=*/true);
    for (const auto& g : c["grids"]) {
      for (const auto& b : g["groups"]) {
        const std::string id = b["group_id"];
        if (b["channel"] == "onebot") {
          onebot_groups_.push_back(std::stoll(id));
        } else {
          wecom_groups_.push_back(id);
          robots[id] = "robot-" + id;
          wecom_->addRobotKey("robot-" + id);
        }
      }
    }
  }
  http_port_ = freePort();
  ws_port_ = freePort();
  db_ = tmp_.file("kill.db");
  spool_ = tmp_.file("spool");
  log_ = tmp_.file("serve.log");
  fs::create_directories(spool_);
  // Rate windows are not what this test is about: a worker holding 20 tickets hears of each.
  nlohmann::json deadline = {{"accept_minutes", 1}, {"resolve_minutes", 1440}};
  config_ = makeDemoConfig(
      tmp_, {{"log_level", "warn"},
             {"server", {{"workers", 8}, {"read_timeout_s", 5}, {"write_timeout_s", 5}}},
             {"channels",
              {{"onebot", {{"rate_limit", {{"messages", 1000}, {"per_seconds", 60}}}, {"call_timeout_ms", 2000}}},
               {"wecom", {{"robots", robots}, {"robot_rate_limit", {{"messages", 20}, {"per_seconds", 60}}},
                          {"app_rate_limit", {{"messages", 1000}, {"per_seconds", 60}}}}},
               {"sms", {{"rate_limit", {{"messages", 1000}, {"per_seconds", 60}}}}},
               {"hotline", {{"poll_ms", 100}, {"settle_ms", 200}}}}},
             {"tickets",
              {{"deadlines", {{"emergency", deadline}, {"urgent", deadline}, {"normal", deadline}}},
               {"duplicate_window_minutes", 0},
               {"worker_channel", "onebot"}}},
             {"notices", {{"quiet_hours", false}}}});
  fs::remove(config_ + "/notices.json");
  // The responsibility list gives some matters their own deadlines (30 min, working days): the
  // test needs every timer due within its minute.
  fs::remove(config_ + "/responsibilities.json");
  const std::map<std::string, std::string> env = {
      {"PATH", "/usr/bin:/bin"},
      {"LANG", "C.UTF-8"},
      {"GRIDGATE_ONEBOT_SECRET", kOneBotSecret},
      {"GRIDGATE_ONEBOT_ACCESS_TOKEN", kOneBotToken},
      {"GRIDGATE_ONEBOT_WS_LISTEN", "127.0.0.1:" + std::to_string(ws_port_)},
      {"GRIDGATE_WECOM_API", wecom_->baseUrl()},
      {"GRIDGATE_WECOM_CORP_ID", kCorp},
      {"GRIDGATE_WECOM_CORP_SECRET", kCorpSecret},
      {"GRIDGATE_WECOM_AGENT_ID", "1000002"},
      {"GRIDGATE_WECOM_TOKEN", kWeComToken},
      {"GRIDGATE_WECOM_AES_KEY", kAesKey},
      {"GRIDGATE_HOTLINE_SPOOL", spool_},
      {"GRIDGATE_SMS_API", sms_->sendUrl()},
      {"GRIDGATE_SMS_TOKEN", kSmsToken}};
  auto token = [&](const char* role) {
    return trim(runToCompletion(GRIDGATE_BINARY,
                                {"token", "create", "--role", role, "--config", config_, "--db", db_}, env));
  };
  admin_token_ = token("admin");
  street_token_ = token("street");
  if (admin_token_.empty() || street_token_.empty()) {
    std::cerr << "gridgate token create failed\n";
    return false;
  }
  child_ = std::make_unique<ServeProcess>(
      GRIDGATE_BINARY,
      std::vector<std::string>{"serve", "--config", config_, "--db", db_, "--listen",
                               "127.0.0.1:" + std::to_string(http_port_)},
      env, log_);
  return startChild();
}

bool KillRig::startChild() {
  // The port of a killed child can take a moment to be free again: try a few times.
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (!child_->start()) return false;
    if (child_->waitReady(http_port_, ws_port_, 15000)) return true;
    child_->kill9();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

int64_t KillRig::postApprovedNotice(const std::string& body) {
  httplib::Client c("127.0.0.1", http_port_);
  c.set_read_timeout(10, 0);
  nlohmann::json n = {{"title", "垃圾分类宣传"}, {"body", body}, {"target", {{"all", true}}}};
  auto r = c.Post("/api/notices", {{"Authorization", "Bearer " + admin_token_}}, n.dump(), "application/json");
  if (!r || r->status / 100 != 2) return 0;
  const int64_t id = nlohmann::json::parse(r->body)["id"];
  auto ok = c.Post(("/api/notices/" + std::to_string(id) + "/approve").c_str(),
                   {{"Authorization", "Bearer " + street_token_}}, "", "application/json");
  return ok && ok->status == 200 ? id : 0;
}

std::string KillRig::waitOutboxQuiet(int timeout_ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string waiting = "database unreadable";
  while (std::chrono::steady_clock::now() < until) {
    try {
      SQLite::Database db(db_, SQLite::OPEN_READONLY);
      db.exec("PRAGMA busy_timeout = 2000");
      SQLite::Statement q(db, "SELECT id, channel, target, status, attempts, last_error, next_attempt_at "
                              "FROM outbox WHERE status IN ('pending', 'sending') LIMIT 10");
      waiting.clear();
      while (q.executeStep()) {
        for (int i = 0; i < 7; ++i) waiting += q.getColumn(i).getString() + " ";
        waiting += "\n";
      }
      // A timer already due (a deadline the worker loop has yet to fire) is not quiet either.
      SQLite::Statement t(db, "SELECT COUNT(*) FROM timers WHERE fired_at = 0 AND due_at <= ?");
      t.bind(1, static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch()).count() - 2000));
      if (t.executeStep() && t.getColumn(0).getInt64() > 0) waiting += t.getColumn(0).getString() + " timers due\n";
      if (waiting.empty()) return "";
    } catch (const std::exception& e) {
      waiting = e.what();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return waiting;
}

int KillRig::fakeAuthFailures() const { return sms_->authFailures(); }

std::string KillRig::logTail() const {
  std::ifstream in(log_);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string all = ss.str();
  return all.size() > 3000 ? all.substr(all.size() - 3000) : all;
}

KillBooks KillRig::readBooks(const std::vector<fakes::FakeOneBotWs::Call>& ws_calls,
                             std::chrono::system_clock::time_point closed_at) {
  KillBooks b;
  // What the clients sent (kill_test.cc's numbering) and where each acknowledgement goes.
  std::vector<NeedRef> needs;
  for (int i = 0; i < 120; ++i) {
    needs.push_back({"onebot", std::to_string(100000 + i), "onebot",
                     std::to_string(onebot_groups_[i % onebot_groups_.size()])});
  }
  for (int i = 0; i < 40; ++i) {
    needs.push_back({"onebot", std::to_string(200000 + i), "onebot",
                     std::to_string(onebot_groups_[(i * 7) % onebot_groups_.size()])});
    needs.push_back({"wecom", std::to_string(700000 + i), "wecom_app", "resident-" + std::to_string(i)});
    needs.push_back({"hotline", "kt-" + std::to_string(i), "sms", hotlineCaller(i)});
  }
  b.needs = static_cast<int>(needs.size());

  // The platforms' side.
  std::vector<Accepted> accepted;
  for (const auto& c : ws_calls) {
    if (c.message_id == 0) continue;  // never answered: the platform did not take it
    const auto& p = c.params;
    const std::string target = p.contains("group_id") ? p["group_id"].dump() : p["user_id"].dump();
    accepted.push_back({"onebot", target, p.value("message", "")});
  }
  for (const auto& m : wecom_->appMessages()) {
    const std::string type = m.body.value("msgtype", "text");
    accepted.push_back({"wecom_app", m.body.value("touser", ""), m.body[type].value("content", "")});
  }
  for (const auto& m : wecom_->robotMessages()) {
    const std::string type = m.body.value("msgtype", "text");
    accepted.push_back({"wecom_robot", m.key.substr(6), m.body[type].value("content", "")});
  }
  for (const auto& s : sms_->sent()) accepted.push_back({"sms", s.to, s.text});

  SQLite::Database db(db_, SQLite::OPEN_READONLY);
  std::map<std::pair<std::string, std::string>, int> stored;
  SQLite::Statement m(db, "SELECT channel, platform_msg_id, COUNT(*) FROM messages GROUP BY 1, 2");
  while (m.executeStep()) stored[{m.getColumn(0).getString(), m.getColumn(1).getString()}] = m.getColumn(2).getInt();
  std::map<std::pair<std::string, std::string>, std::vector<int64_t>> tickets_of;
  SQLite::Statement t(db, "SELECT id, reporter_channel, source_platform_msg_id FROM tickets");
  while (t.executeStep()) {
    ++b.tickets;
    tickets_of[{t.getColumn(1).getString(), t.getColumn(2).getString()}].push_back(t.getColumn(0).getInt64());
  }

  std::vector<OutboxRecord> rows;
  auto store = openSqliteStore({db_});
  if (store.isOk()) {
    (void)(*store)->read([&](Tx& tx) {
      OutboxRepo::Filter f;
      f.limit = 1000000;
      auto r = tx.outbox().list(f);
      if (r.isOk()) rows = *r;
      return Status::ok();
    });
  } else {
    b.problems.push_back("cannot open the store: " + store.status().message());
  }
  b.ledger = reconcile(rows, accepted);

  for (const auto& n : needs) {
    const int s = stored.count({n.channel, n.msg_id}) ? stored[{n.channel, n.msg_id}] : 0;
    if (s == 0) {
      ++b.lost_needs;
      b.problems.push_back("need not stored: " + n.channel + " " + n.msg_id);
    }
    b.stored += s > 0;
    b.duplicated += s > 1 ? s - 1 : 0;
    const auto& ts = tickets_of[{n.channel, n.msg_id}];
    if (ts.size() != 1) {
      ++b.tickets_per_need_wrong;
      b.problems.push_back(n.channel + " " + n.msg_id + ": " + std::to_string(ts.size()) + " tickets");
      continue;
    }
    int best = 0, resends = 0;
    for (const auto& r : rows) {
      if (r.source_id != ts[0] || std::string(toString(r.message.channel)) != n.ack_channel || r.message.target != n.ack_target) continue;
      const int got = acceptedCount(r, accepted);
      best = std::max(best, got);
      resends += got > 1 ? got - 1 : 0;
    }
    if (best > 0) ++b.acks;
    else {
      ++b.acks_missing;
      b.problems.push_back("no acknowledgement delivered for " + n.channel + " " + n.msg_id);
    }
    b.ack_resends += resends;
  }

  SQLite::Statement e(db, "SELECT ticket_id, note, COUNT(*) FROM ticket_events WHERE action = 'overdue' GROUP BY 1, 2");
  while (e.executeStep()) {
    ++b.timers_fired;
    if (e.getColumn(2).getInt() > 1) {
      ++b.timers_twice;
      b.problems.push_back("ticket " + e.getColumn(0).getString() + " overdue twice: " + e.getColumn(1).getString());
    }
  }
  const int64_t closed_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(closed_at.time_since_epoch()).count();
  SQLite::Statement missed(db, "SELECT COUNT(*) FROM timers WHERE fired_at = 0 AND due_at < ?");
  missed.bind(1, static_cast<int64_t>(closed_ms - 10000));
  if (missed.executeStep()) b.timers_missed = missed.getColumn(0).getInt();

  b.groups = static_cast<int>(onebot_groups_.size() + wecom_groups_.size());
  std::map<int64_t, const OutboxRecord*> by_id;
  for (const auto& r : rows) by_id[r.id] = &r;
  std::set<std::string> reached;
  SQLite::Statement d(db, "SELECT group_id, status, outbox_id FROM notice_deliveries");
  while (d.executeStep()) {
    // A delivery stays "queued" with its outbox row, which says whether it went.
    auto it = by_id.find(d.getColumn(2).getInt64());
    if (d.getColumn(1).getString() != "queued" || it == by_id.end() || it->second->status != OutboxStatus::kSent) {
      ++b.notice_undelivered;
      b.problems.push_back("notice delivery to " + d.getColumn(0).getString() + " " + d.getColumn(1).getString());
    }
    if (it != by_id.end() && acceptedCount(*it->second, accepted) > 0) reached.insert(d.getColumn(0).getString());
  }
  b.notice_groups = static_cast<int>(reached.size());
  SQLite::Statement ns(db, "SELECT status FROM notices ORDER BY id DESC LIMIT 1");
  if (ns.executeStep()) b.notice_status = ns.getColumn(0).getString();
  return b;
}

}  // namespace gg::test
