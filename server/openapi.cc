#include "server/openapi.h"

#include <algorithm>
#include <cctype>

namespace gg {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The {names} of a path template.
std::vector<std::string> pathParams(const std::string& path) {
  std::vector<std::string> out;
  for (size_t i = path.find('{'); i != std::string::npos; i = path.find('{', i + 1)) {
    const size_t end = path.find('}', i);
    if (end == std::string::npos) break;
    out.push_back(path.substr(i + 1, end - i - 1));
  }
  return out;
}

nlohmann::json operation(const RouteDoc& d) {
  nlohmann::json op = {{"tags", {d.tag}}, {"summary", d.summary},
                       {"operationId", lower(d.method) + std::string(d.path)}};
  nlohmann::json params = nlohmann::json::array();
  for (const auto& name : pathParams(d.path)) {
    params.push_back({{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  for (const auto& q : d.query) {
    params.push_back({{"name", q.name}, {"in", q.in}, {"required", false}, {"description", q.description},
                      {"schema", {{"type", "string"}}}});
  }
  if (!params.empty()) op["parameters"] = params;
  if (d.body) {
    op["requestBody"] = {{"description", d.body},
                         {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
  }
  const std::string auth = d.auth;
  if (auth == "bearer") op["security"] = nlohmann::json::array({{{"bearer", nlohmann::json::array()}}});
  if (auth == "api_key") op["security"] = nlohmann::json::array({{{"open311_api_key", nlohmann::json::array()}}});
  if (auth == "none" || auth == "signature") op["security"] = nlohmann::json::array();
  nlohmann::json responses = {{"200", {{"description", "OK"}}},
                              {"400", {{"$ref", "#/components/responses/Error"}}}};
  if (auth == "bearer" || auth == "api_key") {
    responses["401"] = {{"$ref", "#/components/responses/Error"}};
    responses["403"] = {{"$ref", "#/components/responses/Error"}};
  }
  if (!pathParams(d.path).empty()) responses["404"] = {{"$ref", "#/components/responses/Error"}};
  op["responses"] = responses;
  return op;
}

}  // namespace

const RouteDoc* findRouteDoc(const std::string& method, const std::string& pattern) {
  for (const auto& d : routeDocs()) {
    if (method == d.method && pattern == d.pattern) return &d;
  }
  return nullptr;
}

nlohmann::json openApiDocument(const std::string& version) {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& d : routeDocs()) paths[d.path][lower(d.method)] = operation(d);
  return {
      {"openapi", "3.0.3"},
      {"info", {{"title", "gridgate"},
                {"version", version},
                {"description", "网格化治理消息网关：居民消息、工单、通知、指挥大屏的接口。"
                                "Errors are {\"error\": code, \"detail\": message} (Open311: its own list)."}}},
      {"paths", paths},
      {"components",
       {{"securitySchemes",
         {{"bearer", {{"type", "http"}, {"scheme", "bearer"}, {"description", "gridgate token create"}}},
          {"open311_api_key", {{"type", "apiKey"}, {"in", "query"}, {"name", "api_key"}}}}},
        {"responses",
         {{"Error",
           {{"description", "An error",
             },
            {"content",
             {{"application/json",
               {{"schema",
                 {{"type", "object"},
                  {"properties", {{"error", {{"type", "string"}}}, {"detail", {{"type", "string"}}}}}}}}}}}}}}}}}};
}

void registerOpenApiRoute(ApiServer& server) {
  server.get("/api/openapi.json", [](const httplib::Request&, httplib::Response& res) {
    replyJson(res, 200, openApiDocument(GRIDGATE_VERSION));
  });
}

}  // namespace gg
