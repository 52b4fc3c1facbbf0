// Open311 GeoReport v2 end to end (issue 14, point 4): the services are the pack's intents; a
// request posted with a gateway token is a ticket of the grid its address names, listed and
// mapped open → closed as the spec says, in JSON and in XML (pugixml, the spec's element names);
// refusals are the GeoReport error list and store nothing; nothing personal without a key.

#include <pugixml.hpp>

#include "tests/server/public_fixture.h"

namespace gg::test {
namespace {

constexpr const char* kResident = "13811112222";

class Open311E2E : public PublicE2E {
 protected:
  // Form-encodes fields the way the spec's example does.
  static std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
      if (!out.empty()) out += '&';
      out += httplib::detail::encode_query_param(k) + "=" + httplib::detail::encode_query_param(v);
    }
    return out;
  }

  Answer post(const std::string& body, const std::string& suffix = "json",
              const std::string& type = "application/x-www-form-urlencoded; charset=utf-8") {
    auto r = http_->Post(("/open311/v2/requests." + suffix).c_str(), body, type.c_str());
    return toAnswer(r);
  }

  Answer get(const std::string& path) { return toAnswer(http_->Get(path.c_str())); }

  Answer call(const std::string& method, const std::string& path) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    return toAnswer(http_->send(req));
  }

  static Answer toAnswer(const httplib::Result& r) {
    Answer a;
    if (!r) return a;
    a.status = r->status;
    a.raw = r->body;
    a.body = nlohmann::json::parse(r->body, nullptr, false);
    a.content_type = r->get_header_value("Content-Type");
    a.retry_after = r->get_header_value("Retry-After");
    return a;
  }

  // Posts a fire-lane report at address with key; returns the ticket id (0 on failure).
  int64_t postFireLane(const std::string& key, const std::string& address,
                       const std::string& description = "消防通道又被电动车堵死了") {
    auto a = post(form({{"api_key", key}, {"service_code", "fire_lane_blocked"},
                        {"address_string", address}, {"description", description}}));
    EXPECT_EQ(a.status, 201) << a.raw;
    if (a.status != 201 || !a.body.is_array() || a.body.empty()) return 0;
    EXPECT_FALSE(a.body[0].contains("token")) << "service_request_id xor token: " << a.raw;
    return std::stoll(a.body[0].value("service_request_id", "0"));
  }

  // The request rows of GET path, keyed by service_request_id.
  std::map<std::string, nlohmann::json> rows(const std::string& path) {
    auto a = get(path);
    EXPECT_EQ(a.status, 200) << path << ": " << a.raw;
    std::map<std::string, nlohmann::json> out;
    if (!a.body.is_array()) return out;
    for (const auto& r : a.body) out[r.value("service_request_id", "")] = r;
    return out;
  }

  // Asserts a GeoReport error answer: the HTTP status and [{"code": status, "description"}].
  static void expectError(const Answer& a, int status) {
    EXPECT_EQ(a.status, status) << a.raw;
    ASSERT_TRUE(a.body.is_array()) << a.raw;
    ASSERT_EQ(a.body.size(), 1u) << a.raw;
    EXPECT_EQ(a.body[0]["code"], status) << a.raw;
    EXPECT_TRUE(a.body[0]["description"].is_string()) << a.raw;
    EXPECT_FALSE(a.body[0]["description"].get<std::string>().empty());
  }

  const RulePack& pack() { return *gateway_->intents().pack(); }
};

TEST_F(Open311E2E, TheServicesAreThePacksIntentsInJsonAndXml) {
  auto a = get("/open311/v2/services.json");
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_NE(a.content_type.find("application/json"), std::string::npos);
  ASSERT_TRUE(a.body.is_array());
  std::map<std::string, nlohmann::json> listed;
  for (const auto& s : a.body) listed[s.value("service_code", "")] = s;
  size_t matters = 0;
  const auto& rules = pack().matcher().rules();
  for (int i = 0; i < pack().matcher().intentCount(); ++i) {
    const Rule& r = *rules[static_cast<size_t>(i)];
    if (r.kind == "social") {
      EXPECT_FALSE(listed.count(r.id)) << "greetings are no service: " << r.id;
      continue;
    }
    ++matters;
    ASSERT_TRUE(listed.count(r.id)) << r.id;
    const auto& s = listed[r.id];
    EXPECT_EQ(s["service_name"], r.label);
    EXPECT_EQ(s["group"], r.category);
    EXPECT_EQ(s["type"], "realtime");
    EXPECT_EQ(s["metadata"], false);
    EXPECT_TRUE(s["keywords"].is_string());
    EXPECT_TRUE(s["description"].is_string());
  }
  EXPECT_GT(matters, 50u);
  ASSERT_TRUE(listed.count("unclassified"));
  EXPECT_EQ(listed["unclassified"]["service_name"], "其他诉求");
  EXPECT_EQ(a.body.size(), matters + 1);
  EXPECT_EQ(listed["fire_lane_blocked"]["service_name"], "消防通道堵塞");
  EXPECT_EQ(listed["fire_lane_blocked"]["group"], "safety");

  auto x = get("/open311/v2/services.xml");
  ASSERT_EQ(x.status, 200);
  EXPECT_NE(x.content_type.find("xml"), std::string::npos);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(x.raw.c_str())) << x.raw.substr(0, 300);
  pugi::xml_node root = doc.child("services");
  ASSERT_TRUE(root);
  size_t n = 0;
  bool found = false;
  for (pugi::xml_node s : root.children("service")) {
    ++n;
    for (const char* field : {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}) {
      EXPECT_TRUE(s.child(field)) << field;
    }
    if (std::string(s.child_value("service_code")) == "fire_lane_blocked") {
      found = true;
      EXPECT_STREQ(s.child_value("service_name"), "消防通道堵塞");
      EXPECT_STREQ(s.child_value("metadata"), "false");
      EXPECT_STREQ(s.child_value("type"), "realtime");
    }
  }
  EXPECT_EQ(n, a.body.size());
  EXPECT_TRUE(found);

  auto def = get("/open311/v2/services/fire_lane_blocked.json");
  ASSERT_EQ(def.status, 200) << def.raw;
  EXPECT_EQ(def.body["service_code"], "fire_lane_blocked");
  EXPECT_TRUE(def.body["attributes"].is_array());
  auto defx = get("/open311/v2/services/fire_lane_blocked.xml");
  pugi::xml_document ddoc;
  ASSERT_TRUE(ddoc.load_string(defx.raw.c_str()));
  EXPECT_STREQ(ddoc.child("service_definition").child_value("service_code"), "fire_lane_blocked");
  EXPECT_TRUE(ddoc.child("service_definition").child("attributes"));
  expectError(get("/open311/v2/services/no_such_service.json"), 404);
}

TEST_F(Open311E2E, APostedRequestIsATicketOfTheGridItsAddressNames) {
  const std::string admin = token("admin");
  const int64_t before = ticketCount();
  const int64_t id = postFireLane(token("street"), "滨悦新城3号楼");
  ASSERT_GT(id, 0);
  EXPECT_EQ(ticketCount(), before + 1);
  int status = 0;
  auto t = api("GET", "/api/tickets/" + std::to_string(id), admin, "", &status);
  ASSERT_EQ(status, 200) << t.dump();
  EXPECT_EQ(t["grid_id"], "binhe-01");
  EXPECT_EQ(t["community_id"], "binhe");
  EXPECT_EQ(t["intent"], "fire_lane_blocked");
  EXPECT_EQ(t["assignee_kind"], "worker");
  EXPECT_NE(t["description"].get<std::string>().find("滨悦新城3号楼"), std::string::npos) << t.dump();

  // The spec's JSON flavour, from a grid key, at another place: that grid's ticket.
  auto j = post(nlohmann::json{{"api_key", token("grid", "binhe-03")}, {"service_code", "street_light"},
                               {"address_string", "滨河小区5号楼"}, {"lat", 36.65}, {"long", 117.12},
                               {"description", "楼下的路灯坏了好几天了"}}.dump(),
                "json", "application/json");
  ASSERT_EQ(j.status, 201) << j.raw;
  const int64_t light = std::stoll(j.body[0].value("service_request_id", "0"));
  ASSERT_GT(light, 0);
  EXPECT_EQ(ticket(light).grid_id, "binhe-03");
  EXPECT_EQ(ticket(light).intent, "street_light");
  EXPECT_TRUE(j.body[0].contains("account_id"));

  // The XML answer: <service_requests><request><service_request_id>.
  auto x = post(form({{"api_key", admin}, {"service_code", "fire_lane_blocked"},
                      {"address_string", "滨河小区5号楼"}, {"description", "楼下消防通道被车堵了"}}),
                "xml");
  ASSERT_EQ(x.status, 201) << x.raw;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(x.raw.c_str())) << x.raw;
  const std::string xid = doc.child("service_requests").child("request").child_value("service_request_id");
  ASSERT_FALSE(xid.empty()) << x.raw;
  EXPECT_EQ(ticket(std::stoll(xid)).grid_id, "binhe-03");
  EXPECT_EQ(webRows(), 0) << "nothing is ever queued for the channel it came in by";
}

TEST_F(Open311E2E, RefusedRequestsAreGeoReportErrorsAndStoreNothing) {
  const std::string admin = token("admin");
  const int64_t tickets = ticketCount(), messages = messageCount();
  const auto ok = [&](std::vector<std::pair<std::string, std::string>> extra, bool key = true) {
    std::vector<std::pair<std::string, std::string>> f = {
        {"service_code", "fire_lane_blocked"}, {"address_string", "滨悦新城3号楼"}, {"description", "消防通道堵了"}};
    if (key) f.insert(f.begin(), {"api_key", admin});
    for (auto& e : extra) {
      bool replaced = false;
      for (auto& x : f) {
        if (x.first == e.first) { x.second = e.second; replaced = true; }
      }
      if (!replaced) f.push_back(e);
    }
    return form(f);
  };
  expectError(post(ok({}, false)), 401);
  expectError(post(ok({{"api_key", "gg_not-a-token-of-this-gateway"}})), 403);
  expectError(post(ok({{"api_key", token("department", "power")}})), 403);
  expectError(post(ok({{"service_code", "no_such_service"}})), 400);
  expectError(post(ok({{"service_code", ""}})), 400);
  expectError(post(ok({{"description", "   "}})), 400);
  expectError(post(form({{"api_key", admin}, {"service_code", "fire_lane_blocked"}, {"description", "堵了"}})), 400);
  expectError(post(ok({{"lat", "36.6"}})), 400);  // lat without long
  expectError(post(ok({{"lat", "north"}, {"long", "117"}})), 400);
  expectError(post(ok({{"phone", "12345"}})), 400);
  expectError(post(ok({{"colour", "red"}})), 400);
  expectError(post(ok({{"attribute[WHISPAWN]", "123456"}})), 400);
  expectError(post(ok({{"jurisdiction_id", "city.gov"}})), 404);
  expectError(post(ok({}) + "&description=twice"), 400);
  expectError(post(ok({}) + "&x=%zz"), 400);
  expectError(post("{\"api_key\": ", "json", "application/json"), 400);
  expectError(post(ok({}), "json", "text/plain"), 400);
  // The XML flavour of an error: <errors><error><code>400</code><description>.
  auto x = post(ok({{"service_code", "no_such_service"}}), "xml");
  EXPECT_EQ(x.status, 400);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(x.raw.c_str())) << x.raw;
  EXPECT_STREQ(doc.child("errors").child("error").child_value("code"), "400");
  EXPECT_STRNE(doc.child("errors").child("error").child_value("description"), "");
  EXPECT_EQ(ticketCount(), tickets);
  EXPECT_EQ(messageCount(), messages) << "a refused request is not even a message";
  // Long descriptions: httplib refuses a form body over 8 KiB (413) before any route runs, in the
  // API's error shape; a JSON body may carry the spec's 4000 characters, not one more.
  std::string long_text;
  for (int i = 0; i < 1400; ++i) long_text += "堵";
  const auto big = post(ok({{"description", long_text}}));
  EXPECT_EQ(big.status, 413) << big.raw;
  std::string too_long;
  for (int i = 0; i < 4001; ++i) too_long += "堵";
  expectError(post(nlohmann::json{{"api_key", admin}, {"service_code", "fire_lane_blocked"},
                                  {"address_string", "滨悦新城3号楼"}, {"description", too_long}}.dump(),
                   "json", "application/json"),
              400);
  // And the same request with a key and everything in place is one.
  EXPECT_EQ(post(ok({})).status, 201);
  EXPECT_EQ(ticketCount(), tickets + 1);
}

TEST_F(Open311E2E, ListingFiltersAndMapsTheTicketStatusToOpenAndClosed) {
  const std::string admin = token("admin");
  const int64_t fire = postFireLane(admin, "滨悦新城3号楼");
  const int64_t other = postFireLane(admin, "滨河小区5号楼", "楼下消防通道被车堵了");
  ASSERT_GT(fire, 0);
  ASSERT_GT(other, 0);
  const std::string f = std::to_string(fire), o = std::to_string(other);
  auto all = rows("/open311/v2/requests.json?api_key=" + admin);
  ASSERT_TRUE(all.count(f) && all.count(o));
  const auto& r = all[f];
  EXPECT_EQ(r["status"], "open");
  EXPECT_EQ(r["service_code"], "fire_lane_blocked");
  EXPECT_EQ(r["service_name"], "消防通道堵塞");
  EXPECT_EQ(r["agency_responsible"], "滨河社区第一网格");
  EXPECT_EQ(r["address"], "滨悦新城3号楼");
  EXPECT_TRUE(r["zipcode"].is_null());
  for (const char* k : {"requested_datetime", "updated_datetime", "expected_datetime"}) {
    const std::string v = r.value(k, "");
    ASSERT_EQ(v.size(), 25u) << k << ": " << r.dump();
    EXPECT_EQ(v.substr(19), "+08:00") << k;
  }
  EXPECT_EQ(r["requested_datetime"], formatChinaTime(clock_.now()));
  EXPECT_EQ(r["expected_datetime"], formatChinaTime(ticket(fire).resolve_by));

  // Resolved through the API: closed, updated at the resolve, the note for key holders only.
  clock_.advance(30 * kMinute);
  int status = 0;
  api("POST", "/api/tickets/" + f + "/accept", admin, "{}", &status);
  ASSERT_EQ(status, 200);
  api("POST", "/api/tickets/" + f + "/resolve", admin, R"({"note": "已联系车主挪车，通道畅通"})", &status);
  ASSERT_EQ(status, 200);
  auto one = get("/open311/v2/requests/" + f + ".json?api_key=" + admin);
  ASSERT_EQ(one.status, 200) << one.raw;
  ASSERT_EQ(one.body.size(), 1u);
  EXPECT_EQ(one.body[0]["status"], "closed");
  EXPECT_EQ(one.body[0]["updated_datetime"], formatChinaTime(clock_.now()));
  EXPECT_NE(one.body[0].value("status_notes", "").find("通道畅通"), std::string::npos) << one.raw;
  auto anonymous = get("/open311/v2/requests/" + f + ".json");
  ASSERT_EQ(anonymous.status, 200);
  EXPECT_EQ(anonymous.body[0]["status"], "closed");
  EXPECT_EQ(anonymous.raw.find("车主"), std::string::npos) << "a staff note: " << anonymous.raw;

  EXPECT_FALSE(rows("/open311/v2/requests.json?status=open&api_key=" + admin).count(f));
  EXPECT_TRUE(rows("/open311/v2/requests.json?status=open&api_key=" + admin).count(o));
  EXPECT_TRUE(rows("/open311/v2/requests.json?status=closed&api_key=" + admin).count(f));
  EXPECT_FALSE(rows("/open311/v2/requests.json?status=closed&api_key=" + admin).count(o));
  EXPECT_EQ(rows("/open311/v2/requests.json?status=open,closed&api_key=" + admin).size(), all.size());
  EXPECT_TRUE(rows("/open311/v2/requests.json?service_code=street_light&api_key=" + admin).empty());
  EXPECT_EQ(rows("/open311/v2/requests.json?service_code=street_light,fire_lane_blocked").size(), 2u);
  // service_request_id overrides the other filters.
  auto by_id = rows("/open311/v2/requests.json?status=open&service_request_id=" + f + ",999999");
  EXPECT_EQ(by_id.size(), 1u);
  EXPECT_TRUE(by_id.count(f));
  // Dates: the default is the last 90 days; a window before the requests holds none.
  EXPECT_TRUE(rows("/open311/v2/requests.json?start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-03-01T00:00:00%2B08:00").empty());
  EXPECT_EQ(rows("/open311/v2/requests.json?start_date=2026-11-24T00:00:00%2B08:00").size(), 2u);
  clock_.advance(91 * kDay);
  EXPECT_TRUE(rows("/open311/v2/requests.json").empty()) << "older than the default 90 days";
  expectError(get("/open311/v2/requests.json?start_date=2026-01-01&end_date=2026-12-01"), 400);
  expectError(get("/open311/v2/requests.json?end_date=2026-01-01&start_date=2026-02-01"), 400);
  expectError(get("/open311/v2/requests.json?start_date=yesterday"), 400);
  expectError(get("/open311/v2/requests.json?status=pending"), 400);
  expectError(get("/open311/v2/requests.json?service_request_id=abc"), 400);
  expectError(get("/open311/v2/requests.json?sort=desc"), 400);
  expectError(get("/open311/v2/requests.json?api_key=gg_wrong"), 403);
  expectError(get("/open311/v2/requests/999999.json"), 404);
  expectError(get("/open311/v2/requests/abc.json"), 404);
}

TEST_F(Open311E2E, AKeyReadsOnlyItsScope) {
  const std::string admin = token("admin");
  const std::string binhe01 = std::to_string(postFireLane(admin, "滨悦新城3号楼"));
  const std::string binhe03 = std::to_string(postFireLane(admin, "滨河小区5号楼", "楼下消防通道被车堵了"));
  const std::string grid3 = token("grid", "binhe-03");
  auto seen = rows("/open311/v2/requests.json?api_key=" + grid3);
  EXPECT_TRUE(seen.count(binhe03));
  EXPECT_FALSE(seen.count(binhe01));
  expectError(get("/open311/v2/requests/" + binhe01 + ".json?api_key=" + grid3), 403);
  EXPECT_EQ(get("/open311/v2/requests/" + binhe03 + ".json?api_key=" + grid3).status, 200);
  auto community = rows("/open311/v2/requests.json?api_key=" + token("community", "binhe"));
  EXPECT_TRUE(community.count(binhe01) && community.count(binhe03));
  EXPECT_TRUE(rows("/open311/v2/requests.json?api_key=" + token("community", "donghu")).empty());
  EXPECT_TRUE(rows("/open311/v2/requests.json?api_key=" + token("department", "power")).empty());
  // The key may come as a bearer header too.
  auto r = http_->Get("/open311/v2/requests.json", {{"Authorization", "Bearer " + grid3}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body.find("\"" + binhe01 + "\""), std::string::npos);
}

TEST_F(Open311E2E, WithoutAKeyNoNumberAndNoNameAndXmlInTheSpecsNames) {
  const std::string admin = token("admin");
  auto a = post(form({{"api_key", admin}, {"service_code", "fire_lane_blocked"}, {"address_string", "滨悦新城3号楼"},
                      {"description", "消防通道又被电动车堵死了，急事请打" + std::string(kResident)},
                      {"first_name", "芳"}, {"last_name", "欧阳"}, {"phone", kResident}}));
  ASSERT_EQ(a.status, 201) << a.raw;
  const std::string id = a.body[0].value("service_request_id", "");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(ticket(std::stoll(id)).reporter_name, "欧阳芳");

  for (const std::string& path : std::vector<std::string>{"/open311/v2/requests.json", "/open311/v2/requests/" + id + ".json",
                                 "/open311/v2/requests.xml", "/open311/v2/requests/" + id + ".xml"}) {
    auto r = get(path);
    ASSERT_EQ(r.status, 200) << path << ": " << r.raw;
    EXPECT_EQ(r.raw.find(kResident), std::string::npos) << path << ": " << r.raw;
    EXPECT_EQ(r.raw.find("欧阳"), std::string::npos) << path;
    EXPECT_NE(r.raw.find("138****2222"), std::string::npos) << "masked, not dropped: " << r.raw;
  }
  // A grid key sees numbers masked too; the street's key in clear.
  EXPECT_EQ(get("/open311/v2/requests/" + id + ".json?api_key=" + token("grid", "binhe-01")).raw.find(kResident),
            std::string::npos);
  EXPECT_NE(get("/open311/v2/requests/" + id + ".json?api_key=" + admin).raw.find(kResident), std::string::npos);

  auto x = get("/open311/v2/requests.xml");
  EXPECT_NE(x.content_type.find("xml"), std::string::npos);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(x.raw.c_str())) << x.raw;
  pugi::xml_node req = doc.child("service_requests").child("request");
  ASSERT_TRUE(req) << x.raw;
  for (const char* field : {"service_request_id", "status", "status_notes", "service_name", "service_code",
                            "description", "agency_responsible", "service_notice", "requested_datetime",
                            "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
                            "long", "media_url"}) {
    EXPECT_TRUE(req.child(field)) << field;
  }
  EXPECT_EQ(req.child_value("service_request_id"), id);
  EXPECT_STREQ(req.child_value("status"), "open");
  EXPECT_STREQ(req.child_value("service_code"), "fire_lane_blocked");
  EXPECT_STREQ(req.child_value("zipcode"), "");
}

TEST_F(Open311E2E, ARequestANoticeAnswersGetsATokenAndNoTicket) {
  announceWaterCut();
  const int64_t before = ticketCount();
  auto a = post(form({{"api_key", token("admin")}, {"service_code", "unclassified"},
                      {"address_string", "滨悦新城3号楼"}, {"description", "明天停水到几点能来水？"}}));
  ASSERT_EQ(a.status, 201) << a.raw;
  EXPECT_EQ(ticketCount(), before);
  ASSERT_FALSE(a.body[0].contains("service_request_id")) << a.raw;
  const std::string tok = a.body[0].value("token", "");
  ASSERT_FALSE(tok.empty()) << a.raw;
  EXPECT_NE(a.body[0].value("service_notice", "").find("14:00"), std::string::npos) << a.raw;
  auto t = get("/open311/v2/tokens/" + tok + ".json");
  ASSERT_EQ(t.status, 200) << t.raw;
  EXPECT_EQ(t.body[0]["token"], tok);
  EXPECT_TRUE(t.body[0]["service_request_id"].is_null());
  expectError(get("/open311/v2/tokens/o311-nothing.json"), 404);
}

TEST_F(Open311E2E, AnUnknownRouteUnderOpen311IsA404InItsFormat) {
  expectError(get("/open311/v2/nothing.json"), 404);
  expectError(get("/open311"), 404);
  expectError(call("DELETE", "/open311/v2/requests.json"), 404);
  expectError(call("PUT", "/open311/v2/services.json"), 404);
  auto x = get("/open311/v2/discovery.xml");
  EXPECT_EQ(x.status, 404);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(x.raw.c_str())) << x.raw;
  EXPECT_STREQ(doc.child("errors").child("error").child_value("code"), "404");
  // The rest of the API keeps its own error shape.
  auto api = get("/api/nothing");
  EXPECT_EQ(api.status, 404);
  EXPECT_TRUE(api.body.is_object());
}

}  // namespace
}  // namespace gg::test
