// /api/openapi.json describes every route the gateway registers — the ApiServer's routes and the
// platform hooks — and nothing that is not registered.
#include <gtest/gtest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <set>

#include "server/openapi.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"
#include "tests/support/test_gateway.h"

namespace gg {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto g = test::startGateway(test::demoConfig(), tmp_.file("gridgate.db"), &clock_);
    ASSERT_OK(g);
    gateway_ = std::move(g).value();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
  }

  test::TempDir tmp_;
  FakeClock clock_{1764900000000};
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(OpenApiTest, EveryRegisteredRouteIsDescribedAndServed) {
  auto r = client_->Get("/api/openapi.json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto doc = nlohmann::json::parse(r->body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_EQ(doc["info"]["version"], GRIDGATE_VERSION);
  std::set<std::pair<std::string, std::string>> registered;
  ASSERT_GT(gateway_->server().routes().size(), 30u);
  for (const auto& route : gateway_->server().routes()) {
    registered.insert({route.method, route.pattern});
    const RouteDoc* d = findRouteDoc(route.method, route.pattern);
    ASSERT_NE(d, nullptr) << "no description for " << route.method << " " << route.pattern;
    ASSERT_TRUE(doc["paths"].contains(d->path)) << d->path;
    const auto& op = doc["paths"][d->path][lower(route.method)];
    ASSERT_TRUE(op.is_object()) << route.method << " " << d->path;
    EXPECT_FALSE(op["summary"].get<std::string>().empty());
    // A route behind a token says so, and one that is open says that (Open311 checks its own
    // api_key inside the route, so ApiServer sees it as open).
    const bool key_inside = std::string(d->auth) == "api_key";
    EXPECT_EQ(op["security"].empty(), !route.authed && !key_inside) << route.pattern;
    // Every {name} in the path is a declared path parameter.
    for (size_t i = std::string(d->path).find('{'); i != std::string::npos; i = std::string(d->path).find('{', i + 1)) {
      const std::string path = d->path;
      const std::string name = path.substr(i + 1, path.find('}', i) - i - 1);
      bool declared = false;
      for (const auto& p : op["parameters"]) declared |= p["name"] == name && p["in"] == "path";
      EXPECT_TRUE(declared) << name << " in " << path;
    }
  }
  // The platform hooks are registered on the raw server: each answers (not 404) and is described.
  for (const auto& [method, path] : hookRoutes()) {
    registered.insert({method, path});
    auto answer = method == "GET" ? client_->Get(path.c_str()) : client_->Post(path.c_str(), "{}", "application/json");
    ASSERT_TRUE(answer);
    EXPECT_NE(answer->status, 404) << method << " " << path;
    ASSERT_NE(findRouteDoc(method, path), nullptr) << path;
  }
  // No description of a route that does not exist.
  for (const auto& d : routeDocs()) {
    EXPECT_TRUE(registered.count({d.method, d.pattern})) << "described but not registered: " << d.method << " "
                                                         << d.pattern;
  }
}

TEST_F(OpenApiTest, AnUnknownPathIsStill404) {
  auto r = client_->Get("/api/openapi.yaml");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

}  // namespace
}  // namespace gg
