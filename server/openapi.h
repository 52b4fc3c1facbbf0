#pragma once
// GET /api/openapi.json: an OpenAPI 3.0 description of every HTTP route, generated from one
// table (server/openapi_routes.cc). Each entry names the pattern exactly as it is registered, so
// a test can hold the table against ApiServer::routes() and the platform hooks: a route added
// without its description fails the build's tests, and so does a description of a removed one.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/api_server.h"

namespace gg {

struct ParamDoc {
  const char* name;
  const char* in;  // "query" (path parameters come from the {names} in the path)
  const char* description;
};

struct RouteDoc {
  const char* method;   // GET | POST | PATCH | DELETE
  const char* pattern;  // exactly as registered (a path or an httplib regex)
  const char* path;     // the OpenAPI path template, e.g. /api/tickets/{id}
  const char* tag;
  const char* summary;
  const char* auth;     // bearer | none | signature (the platform's own) | api_key (Open311)
  std::vector<ParamDoc> query;
  const char* body = nullptr;  // what the request body is, when it has one
};

// Every described route, hooks included.
const std::vector<RouteDoc>& routeDocs();

// The routes the platform adapters register on the raw httplib server (ApiServer::raw()), which
// ApiServer::routes() cannot list: (method, path).
const std::vector<std::pair<std::string, std::string>>& hookRoutes();

// Returns the description of (method, pattern), or nullptr.
const RouteDoc* findRouteDoc(const std::string& method, const std::string& pattern);

// The whole document.
nlohmann::json openApiDocument(const std::string& version);

// Registers GET /api/openapi.json (no token: it describes, it reveals no data).
void registerOpenApiRoute(ApiServer& server);

}  // namespace gg
