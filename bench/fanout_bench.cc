// Notice fan-out at city scale (issue 17): NOTICES street-wide notices to every group of a
// generated street of GRIDS grids (7,500 grids = 7,500 OneBot + 2,500 WeCom robot groups =
// 10,000 groups), through the real notice scheduler, outbox and dispatcher to in-process fake
// platforms over loopback HTTP, on a simulated clock advanced STEP_MS at a time whenever the
// dispatcher has nothing due.
//
// Prints the simulated time from the approval of the notices to the last send, the least time
// the rate limits impose on that (per destination: the k-th message of a group can leave only
// floor((k-1)/m) windows after the first, m messages a window), the difference (goal: <= 1 s),
// and the process's RSS before, at its peak during and after the fan-out (goal: flat).
//
// Usage: build/bench/fanout_bench            Env: GRIDS=7500 NOTICES=1 STEP_MS=100
//        ROBOT_PER_MINUTE=20 (WeCom's documented robot limit)
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "app/gateway.h"
#include "core/manual_clock.h"
#include "org/generator.h"
#include "server/auth.h"
#include "tests/fakes/fake_onebot_client.h"
#include "tests/fakes/fake_wecom_api.h"

namespace {

int envInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

// Returns this process's resident set in KiB (VmRSS), or 0 when /proc cannot say.
long rssKiB() {
  std::ifstream in("/proc/self/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      long v = 0;
      in >> v;
      return v;
    }
    in.ignore(1 << 12, '\n');
  }
  return 0;
}

int fail(const std::string& what) {
  std::fprintf(stderr, "fanout_bench: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main() {
  using namespace gg;
  const int grids = envInt("GRIDS", 7500);
  const int notices = envInt("NOTICES", 1);
  const Millis step = envInt("STEP_MS", 100);
  const int robot_limit = envInt("ROBOT_PER_MINUTE", 20);

  const std::string dir = std::filesystem::temp_directory_path() /
                          ("gg-fanout-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  Millis start = 0;
  parseIsoTime("2026-11-24T10:00:00+08:00", &start);
  ManualClock clock(start);
  fakes::FakeOneBotClient onebot("ob-token", &clock);
  fakes::FakeWeComApi wecom("ww-corp", "corp-secret", &clock);
  onebot.start();
  wecom.start();
  wecom.setRobotLimitPerMinute(robot_limit);

  auto org = generateOrg({std::max(1, grids / 75), grids, grids * 2, 7});
  if (!org.isOk()) return fail(org.status().toString());
  const std::string config = dir + "/config";
  if (Status s = writeOrgConfig(*org, config); !s.isOk()) return fail(s.toString());
  nlohmann::json robots = nlohmann::json::object();
  int groups = 0;
  for (const auto& c : org->communities) {
    for (const auto& g : c.grids) {
      for (const auto& b : g.groups) {
        ++groups;
        if (b.channel != Channel::kWeCom) continue;
        robots[b.group_id] = "key-" + b.group_id;
        wecom.addRobotKey("key-" + b.group_id);
      }
    }
  }
  nlohmann::json settings = {
      {"rule_packs", {std::string(GRIDGATE_SOURCE_DIR) + "/config/rules/zh"}},
      {"channels",
       {{"wecom",
         {{"robots", robots},
          {"robot_rate_limit", {{"messages", robot_limit}, {"per_seconds", 60}}}}}}}};
  std::ofstream(config + "/gridgate.json") << settings.dump();

  std::map<std::string, std::string> env = {{"GRIDGATE_ONEBOT_API", onebot.baseUrl()},
                                            {"GRIDGATE_ONEBOT_ACCESS_TOKEN", "ob-token"},
                                            {"GRIDGATE_WECOM_API", wecom.baseUrl()}};
  GatewayOptions o;
  o.config_dir = config;
  o.db_path = dir + "/fanout.db";
  o.listen = "127.0.0.1:0";
  o.clock = &clock;
  o.background_workers = false;
  o.getenv = [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  auto created = Gateway::create(o);
  if (!created.isOk()) return fail(created.status().toString());
  auto& g = **created;
  if (Status s = g.start(); !s.isOk()) return fail(s.toString());

  httplib::Client http("127.0.0.1", g.port());
  auto token = [&](const std::string& role) {
    return "Bearer " + *createToken(g.store(), *g.context().org, role, "", role, start);
  };
  const std::string creator = token("admin"), approver = token("street");
  for (int i = 0; i < notices; ++i) {
    nlohmann::json body = {{"title", "通知" + std::to_string(i)},
                           {"body", "第" + std::to_string(i) + "号通知：{grid_name}的居民请留意。"},
                           {"target", {{"all", true}}}};
    auto r = http.Post("/api/notices", {{"Authorization", creator}}, body.dump(), "application/json");
    if (!r || r->status / 100 != 2) return fail("notice not created: " + (r ? r->body : "no answer"));
    const std::string id = std::to_string(nlohmann::json::parse(r->body)["id"].get<int64_t>());
    auto ok = http.Post(("/api/notices/" + id + "/approve").c_str(), {{"Authorization", approver}}, "",
                        "application/json");
    if (!ok || ok->status != 200) return fail("notice not approved: " + (ok ? ok->body : "no answer"));
  }

  const Millis approved = clock.now();
  const long rss_before = rssKiB();
  long rss_peak = rss_before;
  const auto wall0 = std::chrono::steady_clock::now();
  for (int round = 0;; ++round) {
    if (Status s = g.runWorkersOnce(); !s.isOk()) return fail(s.toString());
    for (;;) {
      auto n = g.dispatcher().runOnce();
      if (!n.isOk()) return fail(n.status().toString());
      rss_peak = std::max(rss_peak, rssKiB());
      if (*n == 0) break;
    }
    // Done when no row waits and no delivery of a notice is still to be turned into rows (the
    // scheduler turns a bounded batch a tick).
    int64_t waiting = 0;
    Status read = g.store().read([&](Tx& tx) {
      waiting = *tx.outbox().countWithStatus("pending") + *tx.outbox().countWithStatus("sending") +
                static_cast<int64_t>(tx.notices().dueDeliveries(clock.now(), 1)->size());
      return Status::ok();
    });
    if (!read.isOk()) return fail(read.toString());
    if (waiting == 0 && round > 0) break;
    if (clock.now() - approved > 24 * kHour) return fail("not done after a simulated day");
    clock.advance(step);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();

  // What was sent, per destination, and the least time the rate limits impose.
  std::map<std::string, int> per_dest;
  Millis last = approved;
  for (const auto& c : onebot.calls()) {
    per_dest["onebot:" + c.body["group_id"].dump()]++;
    last = std::max(last, c.at_ms);
  }
  for (const auto& m : wecom.robotMessages()) {
    per_dest["robot:" + m.key]++;
    last = std::max(last, m.at_ms);
  }
  Millis bound = 0;
  int sends = 0;
  for (const auto& [dest, k] : per_dest) {
    sends += k;
    const bool robot = dest.rfind("robot:", 0) == 0;
    // OneBot's per-group limit is far above a few notices; the robots' binds first.
    const int m = robot ? robot_limit : 20;
    bound = std::max<Millis>(bound, static_cast<Millis>((k - 1) / m) * kMinute);
  }
  const double span = (last - approved) / 1000.0;
  std::printf("groups %d (%zu reached), notices %d, sends %d, robot limit %d/min, step %lld ms\n",
              groups, per_dest.size(), notices, sends, robot_limit, static_cast<long long>(step));
  std::printf("simulated: last send %.1f s after approval; rate limits impose %.1f s; added %.1f s "
              "(goal <= 1 s)\n", span, bound / 1000.0, span - bound / 1000.0);
  std::printf("wall %.1f s (%.0f sends/s); RSS before %ld MiB, peak %ld MiB, after %ld MiB\n", wall,
              sends / wall, rss_before / 1024, rss_peak / 1024, rssKiB() / 1024);
  g.stop();
  std::filesystem::remove_all(dir);
  return per_dest.size() == static_cast<size_t>(groups) ? 0 : 1;
}
