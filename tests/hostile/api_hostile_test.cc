// Hostile input on the API: every route ApiServer::routes() lists, without a token and with
// each kind of bad one (401); tokens out of their scope (403, or the other grid's ticket is not
// in the list); unknown ids (404); bad query parameters and bodies (400); illegal ticket
// transitions (409). Each case checks the status and that no table changed.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <map>
#include <regex>

#include "tests/fakes/signing.h"
#include "tests/hostile/hostile_rig.h"

namespace gg::test {
namespace {

using nlohmann::json;

// A ticket of the grid of group (a resident's need in its group), made once per group.
int64_t binheTicket(int64_t group = 81000101, const std::string& need = "滨悦新城5号楼电梯坏了，请派人来修") {
  static std::map<int64_t, int64_t> made;
  int64_t& id = made[group];
  if (id != 0) return id;
  auto& rig = HostileRig::get();
  const std::string grid = group == 81000101 ? "binhe-01" : "binhe-02";
  const std::string body = fakes::oneBotGroupEvent(10001, group, 3901234 + group % 100, rig.nextMessageId(), need);
  rawHttp(rig.port(), httpRequest("POST", "/hooks/onebot",
                                  {{"X-Signature", fakes::signOneBotBody(HostileRig::kOneBotSecret, body)}}, body));
  (void)rig.gateway().store().read([&](Tx& tx) {
    TicketFilter f;
    f.grid_id = grid;
    auto list = tx.tickets().list(f, nullptr);
    if (list.isOk() && !list->empty()) id = list->front().id;
    return Status::ok();
  });
  return id;
}

std::string call(const std::string& method, const std::string& path, const std::string& auth,
                 const std::string& body = "") {
  std::vector<std::pair<std::string, std::string>> h;
  if (!auth.empty()) h.emplace_back("Authorization", auth);
  return httpRequest(method, path, h, method == "POST" || method == "PATCH" ? (body.empty() ? "{}" : body) : body);
}

// Concrete paths for a registered pattern: ids filled in, each alternative of a group its own.
std::vector<std::string> pathsOf(const std::string& pattern, int64_t ticket) {
  std::string p = std::regex_replace(pattern, std::regex(R"(\(\\d\+\))"), std::to_string(ticket));
  p = std::regex_replace(p, std::regex(R"(\(\[\^/\]\+\))"), "binhe-01");
  std::smatch m;
  if (std::regex_search(p, m, std::regex(R"(\(([a-z|]+)\))"))) {
    std::vector<std::string> out;
    std::stringstream alts(m[1].str());
    for (std::string a; std::getline(alts, a, '|');) out.push_back(m.prefix().str() + a + m.suffix().str());
    return out;
  }
  return {p};
}

TEST(ApiHostile, EveryRouteRefusesMissingAndBadTokens) {
  auto& rig = HostileRig::get();
  const int64_t ticket = binheTicket();
  ASSERT_GT(ticket, 0);
  const std::string valid = rig.token("admin");
  const std::string revoked = rig.token("admin");
  ASSERT_TRUE(rig.gateway().store().write([&](Tx& tx) {
    auto list = tx.tokens().list();
    if (!list.isOk()) return list.status();
    return tx.tokens().revoke(list->back().id, rig.clock().now());
  }).isOk());
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"no header", ""},
      {"empty bearer", "Bearer "},
      {"made-up token", "Bearer gg_0123456789abcdef0123456789abcdef"},
      {"basic auth", "Basic YWRtaW46YWRtaW4="},
      {"revoked token", "Bearer " + revoked},
      {"token plus a byte", "Bearer " + valid + "x"},
      {"token in lower-case scheme", "bearer" + std::string(" ") + valid.substr(0, valid.size() - 1)},
  };
  int authed = 0;
  for (const auto& route : rig.gateway().server().routes()) {
    if (!route.authed) continue;
    ++authed;
    for (const auto& path : pathsOf(route.pattern, ticket)) {
      for (const auto& [name, auth] : bad) {
        runCase(route.method + " " + path + " " + name, 401, call(route.method, path, auth));
      }
    }
  }
  EXPECT_GE(authed, 20) << "routes() lists the API";
}

TEST(ApiHostile, TokensOutOfTheirScope) {
  auto& rig = HostileRig::get();
  const int64_t ticket = binheTicket();
  ASSERT_GT(ticket, 0);
  const std::string t = "/api/tickets/" + std::to_string(ticket);
  const std::string other_grid = "Bearer " + rig.token("grid", "jinqiao-01");
  const std::string other_community = "Bearer " + rig.token("community", "jinqiao");
  const std::string department = "Bearer " + rig.token("department", "property-jiahe");
  const std::string grid = "Bearer " + rig.token("grid", "binhe-01");
  const std::string street = "Bearer " + rig.token("street");
  const std::string community = "Bearer " + rig.token("community", "binhe");
  runCase("other grid reads the ticket", 403, call("GET", t, other_grid));
  runCase("other community reads the ticket", 403, call("GET", t, other_community));
  runCase("department reads another's ticket", 403, call("GET", t, department));
  for (const char* action : {"accept", "resolve", "transfer", "escalate", "reject", "reopen", "rate", "close"}) {
    for (const auto& [who, auth] : {std::pair<std::string, std::string>{"other grid", other_grid},
                                    {"other community", other_community}, {"department", department}}) {
      runCase(who + " " + action, 403, call("POST", t + "/" + action, auth, R"({"note":"x","target":"jinqiao-01","rating":5})"));
    }
  }
  runCase("other community reads binhe-01", 403, call("GET", "/api/org/grids/binhe-01", other_community));
  runCase("other grid reads binhe-01", 403, call("GET", "/api/org/grids/binhe-01", other_grid));
  runCase("grid reads channels", 403, call("GET", "/api/channels", grid));
  runCase("community reads channels", 403, call("GET", "/api/channels", community));
  runCase("grid scrapes metrics", 403, call("GET", "/metrics", grid));
  runCase("department scrapes metrics", 403, call("GET", "/metrics", department));
  runCase("street reloads rules", 403, call("POST", "/api/admin/reload", street));
  runCase("grid reloads rules", 403, call("POST", "/api/admin/reload", grid));
  runCase("grid re-drives the outbox", 403, call("POST", "/api/outbox/retry", grid, R"({"channel":"onebot","status":"dead"})"));
  runCase("community re-drives the outbox", 403, call("POST", "/api/outbox/retry", community, R"({"channel":"onebot","status":"dead"})"));
  runCase("department assesses", 403, call("GET", "/api/assessment?from=2026-01-01T00:00:00&to=2026-02-01T00:00:00", department));
  runCase("other grid reports for binhe's worker", 403,
          call("POST", "/api/tickets", other_grid, R"({"worker_id":"w-binhe-01-1","text":"3号楼电梯坏了"})"));
  // List routes filter by scope instead of refusing: the other grid's list lacks the ticket.
  for (const auto& [who, auth] : {std::pair<std::string, std::string>{"other grid", other_grid}, {"department", department}}) {
    const RawResponse r = runCase(who + " lists tickets", 200, call("GET", "/api/tickets?limit=200", auth));
    const json j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    for (const auto& item : j["items"]) EXPECT_NE(item["id"], ticket) << who << " sees binhe-01's ticket";
  }
}

TEST(ApiHostile, UnknownIdsAre404) {
  auto& rig = HostileRig::get();
  const std::string admin = "Bearer " + rig.token("admin");
  runCase("unknown ticket", 404, call("GET", "/api/tickets/999999", admin));
  runCase("ticket id past int64", 400, call("GET", "/api/tickets/99999999999999999999999", admin));
  for (const char* action : {"accept", "resolve", "transfer", "escalate", "reject", "reopen", "rate", "close"}) {
    runCase(std::string("unknown ticket ") + action, 404,
            call("POST", std::string("/api/tickets/999999/") + action, admin, R"({"note":"x","target":"binhe-02","rating":5})"));
  }
  runCase("unknown action", 404, call("POST", "/api/tickets/1/explode", admin));
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/notices/999999"}, {"PATCH", "/api/notices/999999"}, {"DELETE", "/api/notices/999999"},
           {"POST", "/api/notices/999999/approve"}, {"GET", "/api/org/grids/no-such-grid"}, {"GET", "/api/nope"},
           {"GET", "/r/no-such-grid"}, {"GET", "/r/no-such-grid/qr.svg"}, {"GET", "/api/public/tickets/AAAAAAAAAAAAAAAA"},
           {"POST", "/api/public/tickets/AAAAAAAAAAAAAAAA/rate"}, {"GET", "/open311/v2/requests/999999.json"},
           {"GET", "/open311/v2/services/no_such.json"}, {"GET", "/open311/v2/nope"}}) {
    runCase(method + " " + path, 404, call(method, path, admin, method == "POST" ? R"({"rating":5})" : ""));
  }
}

TEST(ApiHostile, BadQueryParametersAre400) {
  auto& rig = HostileRig::get();
  const std::string admin = "Bearer " + rig.token("admin");
  for (const std::string q : {"limit=-1", "limit=abc", "limit=99999999999", "offset=-5", "offset=1.5", "status=bogus",
                              "level=bogus", "from=yesterday", "to=2026-13-45T00:00:00", "overdue=maybe",
                              "overdue=2"}) {
    runCase("tickets?" + q, 400, call("GET", "/api/tickets?" + q, admin));
  }
  for (const std::string q : {"by=planet", "from=never", "to=soon", "format=pdf"}) {
    runCase("stats?" + q, 400, call("GET", "/api/stats?" + q, admin));
  }
  for (const std::string q : {"by=planet&from=2026-01-01T00:00:00&to=2026-02-01T00:00:00",
                              "from=2026-02-01T00:00:00&to=2026-01-01T00:00:00", "from=x&to=y",
                              "format=xls&from=2026-01-01T00:00:00&to=2026-02-01T00:00:00"}) {
    runCase("assessment?" + q, 400, call("GET", "/api/assessment?" + q, admin));
  }
  for (const std::string q : {"status=bogus", "status=failed", "source_kind=bogus", "source_kind=Ticket", "limit=-3",
                              "offset=abc"}) {
    runCase("outbox?" + q, 400, call("GET", "/api/outbox?" + q, admin));
  }
  // An unknown notice status listed nothing before (a typo looked like "no notices"): a 400 now.
  for (const std::string q : {"status=bogus", "status=queued", "status=Done"}) {
    runCase("notices?" + q, 400, call("GET", "/api/notices?" + q, admin));
  }
  for (const std::string q : {"limit=-1", "offset=x", "limit=1000000000000"}) {
    runCase("notices?" + q, 400, call("GET", "/api/notices?" + q, admin));
    runCase("alerts?" + q, 400, call("GET", "/api/alerts?" + q, admin));
  }
  // Bodies: not JSON, wrong types, unknown keys, out of range.
  for (const std::string b : {"not json", "[]", R"({"worker_id":5,"text":"x"})", R"({"worker_id":"w-binhe-01-1"})",
                              R"({"worker_id":"w-binhe-01-1","text":""})", R"({"worker_id":"w-binhe-01-1","text":"x","bogus":1})"}) {
    runCase("POST /api/tickets " + b, 400, call("POST", "/api/tickets", admin, b));
  }
  for (const std::string b : {"not json", R"({"title":5,"body":"x","target":{"all":true}})", R"({"title":"t","target":{"all":true}})",
                              R"({"title":"t","body":"b","target":"all"})", R"({"title":"t","body":"b","target":{"all":true},"zzz":1})"}) {
    runCase("POST /api/notices " + b, 400, call("POST", "/api/notices", admin, b));
  }
  for (const std::string b : {"not json", R"({"channel":"pigeon","status":"dead"})", R"({"channel":"onebot","status":"sent"})",
                              R"({"channel":"onebot","status":"dead","ids":"all"})"}) {
    runCase("POST /api/outbox/retry " + b, 400, call("POST", "/api/outbox/retry", admin, b));
  }
}

TEST(ApiHostile, IllegalTransitionsAre409AndBadBodies400) {
  auto& rig = HostileRig::get();
  const int64_t ticket = binheTicket();
  ASSERT_GT(ticket, 0);
  const std::string t = "/api/tickets/" + std::to_string(ticket);
  const std::string admin = "Bearer " + rig.token("admin");
  // Assigned, not yet accepted: nothing to rate, reopen or close.
  runCase("rate an open ticket", 409, call("POST", t + "/rate", admin, R"({"rating":5})"));
  runCase("reopen an open ticket", 409, call("POST", t + "/reopen", admin, R"({"note":"x"})"));
  // Resolved: taken and finished once; again is a conflict, and ratings out of range are 400.
  const int64_t done = binheTicket(81000102, "滨河湾2号楼楼道灯坏了");
  ASSERT_GT(done, 0);
  const std::string d = "/api/tickets/" + std::to_string(done);
  ASSERT_EQ(rawHttp(rig.port(), call("POST", d + "/accept", admin, R"({"note":"收到"})")).status, 200);
  ASSERT_EQ(rawHttp(rig.port(), call("POST", d + "/resolve", admin, R"({"note":"已修好"})")).status, 200);
  runCase("accept a resolved ticket", 409, call("POST", d + "/accept", admin, R"({"note":"x"})"));
  runCase("resolve a resolved ticket", 409, call("POST", d + "/resolve", admin, R"({"note":"x"})"));
  for (const std::string b : {R"({"rating":10})", R"({"rating":0})", R"({"rating":-3})", R"({"rating":"10分"})",
                              R"({"rating":4.5})", R"({"rating":null})", "not json", R"({})"}) {
    runCase("rate with " + b, 400, call("POST", d + "/rate", admin, b));
  }
  for (const std::string b : {R"({"target":[]})", R"({"target":""})", R"({"target":"no-such-unit"})", R"({"target":7})"}) {
    runCase("transfer with " + b, 400, call("POST", t + "/transfer", admin, b));
  }
}

}  // namespace
}  // namespace gg::test
