// `gridgate simulate`: a synthetic quarter for a generated street, replayed through the real
// pipeline (classification, routing, one transaction per message, durable deadlines with
// escalation) with simulated residents and grid workers, then the figures the reports quote.

#include <chrono>
#include <filesystem>
#include <iostream>
#include <queue>
#include <random>

#include "app/cmd_stats.h"
#include "app/org_places.h"
#include "core/manual_clock.h"
#include "bot/pipeline.h"
#include "bot/stats.h"
#include "intents/gazetteer.h"
#include "org/generator.h"
#include "server/settings.h"
#include "storage/sqlite/sqlite_store.h"

namespace gg {
namespace {

// Resident phrasings written for the simulation (not taken from any data set). {c} compound,
// {b} building, {f} floor.
const std::vector<std::string>& templates() {
  static const std::vector<std::string> kTemplates = {
      "{c}{b}号楼电梯坏了，停在{f}楼不动了",
      "{c}{b}号楼的消防通道又被电动车堵死了",
      "{c}门口的垃圾两天没人清运了，味道很大",
      "{c}{b}号楼下水道堵了，污水都冒出来了",
      "{c}{b}号楼楼上天天半夜装修，吵得睡不着",
      "{c}{b}号楼家里停水了，什么时候来水",
      "{c}路边有个井盖没了，晚上很危险",
      "{c}{b}号楼楼道里有人给电动车充电，拉了好长的线",
      "{c}{b}号楼有人从楼上往下扔东西",
      "{c}{b}号楼{f}楼有个独居老人好几天没见出门了",
      "{c}小区门口有人占道摆摊卖菜",
      "{c}{b}号楼邻居家的狗天天叫，没法休息",
  };
  return kTemplates;
}

std::string fill(std::string t, const std::string& c, int b, int f) {
  auto rep = [&t](const std::string& k, const std::string& v) {
    for (size_t p = t.find(k); p != std::string::npos; p = t.find(k, p + v.size())) t.replace(p, k.size(), v);
  };
  rep("{c}", c);
  rep("{b}", std::to_string(b));
  rep("{f}", std::to_string(f));
  return t;
}

struct Step {
  Millis at;
  int64_t ticket;
  std::string action;
  bool operator>(const Step& o) const { return at > o.at; }
};

}  // namespace

void addSimulateCommand(CLI::App& app) {
  struct Options {
    int grids = 40, workers = 146, communities = 6, items = 5400, days = 91;
    uint64_t seed = 2026;
    double late = 0.08;  // share of tickets a worker lets slip past the accept deadline
    std::string db;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("simulate", "Replay a synthetic quarter through the real pipeline and print the figures");
  cmd->add_option("--grids", o->grids)->capture_default_str();
  cmd->add_option("--workers", o->workers)->capture_default_str();
  cmd->add_option("--communities", o->communities)->capture_default_str();
  cmd->add_option("--items", o->items, "resident messages over the period")->capture_default_str();
  cmd->add_option("--days", o->days)->capture_default_str();
  cmd->add_option("--seed", o->seed)->capture_default_str();
  cmd->add_option("--late", o->late, "share of tickets accepted after the deadline")->capture_default_str();
  cmd->add_option("--db", o->db, "database file (default: a temporary file, removed afterwards)");
  cmd->callback([o] {
    const auto wall_start = std::chrono::steady_clock::now();
    auto org = generateOrg({o->communities, o->grids, o->workers, o->seed});
    if (!org.isOk()) throw CLI::RuntimeError(1);
    auto shared = std::make_shared<const Org>(*org);
    OrgIndex index(shared);
    IntentEngine engine;
    Status rules = engine.reload({defaultRulePackDir()}, placesFromOrg(*shared));
    if (!rules.isOk()) {
      std::cerr << "rule pack: " << rules.message() << "\n";
      throw CLI::RuntimeError(1);
    }
    const std::string db = o->db.empty()
        ? (std::filesystem::temp_directory_path() / ("gridgate-sim-" + std::to_string(::getpid()) + ".db")).string()
        : o->db;
    auto store = openSqliteStore({db});
    if (!store.isOk()) {
      std::cerr << store.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    Millis start = 0;
    parseIsoTime("2026-07-01T00:00:00+08:00", &start);
    ManualClock clock(start);
    TicketService tickets(index, TicketPolicy{});
    Pipeline pipeline(**store, index, engine, tickets, clock);

    std::mt19937_64 rng(o->seed);
    std::vector<const Grid*> grids;
    for (const auto& c : shared->communities) for (const auto& g : c.grids) grids.push_back(&g);
    // Residents write mostly in the daytime: arrival times spread over the period, 07:00–22:00.
    std::vector<Millis> arrivals;
    std::uniform_int_distribution<int> day(0, o->days - 1), minute(7 * 60, 22 * 60 - 1);
    for (int i = 0; i < o->items; ++i) arrivals.push_back(start + day(rng) * kDay + minute(rng) * kMinute - kChinaOffset + kChinaOffset);
    std::sort(arrivals.begin(), arrivals.end());

    std::priority_queue<Step, std::vector<Step>, std::greater<Step>> plan;
    std::uniform_real_distribution<double> u(0, 1);
    int64_t known_tickets = 0;
    auto workerFor = [&](const TicketRecord& t) -> Actor {
      Actor a;
      a.kind = Actor::Kind::kSystem;  // the simulated worker acts with the system's authority
      a.id = t.assignee_id;
      return a;
    };
    auto runUntil = [&](Millis until) {
      while (!plan.empty() && plan.top().at <= until) {
        Step s = plan.top();
        plan.pop();
        clock.set(std::max(clock.now(), s.at));
        (void)pipeline.runTimers(1000);
        TicketRecord t;
        (void)(*store)->read([&](Tx& tx) {
          auto r = tx.tickets().get(s.ticket);
          if (r.isOk() && r->has_value()) t = **r;
          return Status::ok();
        });
        if (t.id == 0) continue;
        const std::string arg = s.action == "resolve" ? "已处理完毕" : s.action == "rate" ? std::to_string(u(rng) < 0.93 ? 5 : u(rng) < 0.5 ? 4 : 2) : "";
        if (s.action == "accept" && t.status == TicketStatus::kNew) {
          // The community dispatches an unrouted ticket to a grid first.
          (void)pipeline.act(t.id, "transfer", workerFor(t), grids[rng() % grids.size()]->id);
        }
        auto r = pipeline.act(t.id, s.action, workerFor(t), arg);
        if (!r.isOk()) {
          // Escalated or sent back meanwhile: the new owner picks it up within the hour.
          auto now_t = pipeline.act(t.id, "accept", workerFor(t), "");
          if (now_t.isOk() || t.status == TicketStatus::kNew || t.status == TicketStatus::kAssigned) {
            plan.push({clock.now() + static_cast<Millis>((0.2 + u(rng) * 0.8) * kHour), t.id,
                       now_t.isOk() ? "resolve" : "accept"});
          }
          continue;
        }
        if (s.action == "accept") {
          // Most needs are done well inside their resolve-by; about one in ten runs over it.
          const Millis window = std::max<Millis>(r->resolve_by - clock.now(), kHour);
          const double frac = u(rng) < 0.9 ? 0.15 + u(rng) * 0.75 : 1.05 + u(rng);
          plan.push({clock.now() + static_cast<Millis>(window * frac), t.id, "resolve"});
        } else if (s.action == "resolve" && u(rng) < 0.7) {
          plan.push({clock.now() + static_cast<Millis>((0.5 + u(rng) * 20) * kHour), t.id, "rate"});
        }
      }
      clock.set(std::max(clock.now(), until));
      (void)pipeline.runTimers(1000);
    };

    int64_t msg_id = 0;
    for (Millis at : arrivals) {
      runUntil(at);
      const Grid* g = grids[rng() % grids.size()];
      const auto& compounds = g->area.compounds;
      const Compound* c = compounds.empty() ? nullptr : &compounds[rng() % compounds.size()];
      const int building = c && !c->buildings.empty() ? std::atoi(c->buildings[rng() % c->buildings.size()].c_str()) : 1;
      InboundEnvelope env;
      env.account = "sim";
      env.platform_msg_id = std::to_string(++msg_id);
      env.sender_id = std::to_string(5000000 + rng() % 200000);
      env.text = fill(templates()[rng() % templates().size()], c ? c->name : g->name, std::max(building, 1), 1 + static_cast<int>(rng() % 18));
      if (u(rng) < 0.15) {
        env.channel = Channel::kHotline;
        env.chat_type = ChatType::kCall;
        env.asr = true;
        env.sender_id = "139" + std::to_string(10000000 + rng() % 89999999);
      } else {
        env.channel = Channel::kOneBot;
        env.chat_type = ChatType::kGroup;
        env.group_id = g->groups.front().group_id;
      }
      env.sent_at = at;
      if (!pipeline.ingest(env).isOk()) continue;
      // Plan the owner's acceptance for every ticket this message opened.
      (void)(*store)->read([&](Tx& tx) {
        TicketFilter f;
        f.limit = 1000;
        f.created_from = at;
        auto rows = tx.tickets().list(f, nullptr);
        for (const auto& t : *rows) {
          if (t.id <= known_tickets) continue;
          known_tickets = std::max(known_tickets, t.id);
          const Millis window = t.accept_by - t.created_at;
          const double frac = u(rng) < o->late ? 1.2 + u(rng) : 0.1 + u(rng) * 0.8;
          plan.push({t.created_at + static_cast<Millis>(window * frac), t.id, "accept"});
        }
        return Status::ok();
      });
    }
    runUntil(start + (o->days + 14) * kDay);

    std::vector<TicketRecord> rows;
    int64_t messages = 0;
    (void)(*store)->read([&](Tx& tx) {
      TicketFilter f;
      f.limit = 10000000;
      rows = *tx.tickets().list(f, nullptr);
      messages = *tx.messages().count();
      return Status::ok();
    });
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    nlohmann::json out = {{"street", {{"grids", o->grids}, {"workers", o->workers}, {"days", o->days}}},
                          {"messages", messages},
                          {"totals", computeFigures(rows).toJson()},
                          {"by_community", breakdown(rows, "community")},
                          {"wall_seconds", std::round(secs * 10) / 10}};
    std::cout << out.dump(2) << "\n";
    if (o->db.empty()) {
      store->reset();
      std::filesystem::remove(db);
      std::filesystem::remove(db + "-wal");
      std::filesystem::remove(db + "-shm");
    }
  });
}

}  // namespace gg
