#pragma once
// The HTTP front door: cpp-httplib configured explicitly (Debian's 0.11 defaults are a trap:
// Nagle on, unlimited bodies, 8 workers, keep-alive of 5 — see ../shared/performance-notes.md A3),
// JSON errors everywhere, and bearer-token authentication for every /api/ route.

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "server/auth.h"
#include "server/auth_throttle.h"
#include "server/guarded_server.h"
#include "server/settings.h"

namespace gg {

// Writes {"error": codeName, "detail": message} with the code's HTTP status.
void replyError(httplib::Response& res, const Status& status);
void replyJson(httplib::Response& res, int http_status, const nlohmann::json& body);
// Parses a request body as a JSON object: invalid UTF-8 or malformed JSON is InvalidArgument.
Result<nlohmann::json> parseJsonBody(const httplib::Request& req);
// Parses path parameter N of a regex route as a positive id; InvalidArgument otherwise.
Result<int64_t> pathId(const httplib::Request& req, size_t index);
// Reads query parameter name as an integer in [lo, hi]; def when absent. InvalidArgument for
// anything else (never silently ignored): "limit=abc", "offset=-5", "limit=100000".
Result<int> intParam(const httplib::Request& req, const char* name, int def, int lo, int hi);

class ApiServer {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  using AuthedHandler =
      std::function<void(const httplib::Request&, httplib::Response&, const Principal&)>;

  // store is used to resolve bearer tokens; it must outlive the server.
  ApiServer(const ServerSettings& settings, Store& store);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // One route registered through this server (the OpenAPI document must describe each).
  struct Route {
    std::string method;   // GET | POST | PATCH | DELETE
    std::string pattern;  // as registered: a path or an httplib regex
    bool authed = false;  // needs a bearer token
  };

  // Routes that need no token (health, platform webhooks with their own signatures).
  void get(const std::string& pattern, Handler h);
  void post(const std::string& pattern, Handler h);
  // /api/ routes: the handler runs only with a valid token; 401 otherwise.
  void getAuthed(const std::string& pattern, AuthedHandler h);
  void postAuthed(const std::string& pattern, AuthedHandler h);
  void patchAuthed(const std::string& pattern, AuthedHandler h);
  void deleteAuthed(const std::string& pattern, AuthedHandler h);
  // A GET stream for browsers' EventSource, which cannot send headers: the token may also come
  // as ?access_token= (only here: tokens in URLs end up in proxies' logs).
  void getAuthedStream(const std::string& pattern, AuthedHandler h);
  // Serves files under dir at mount ("/" → dir/index.html).
  bool mountStatic(const std::string& mount, const std::string& dir);

  // The platform hooks register on the httplib server itself (adapters do not know ApiServer);
  // their routes are not in routes().
  httplib::Server& raw() { return server_; }
  // Every route registered through get/post/…Authed, in registration order.
  const std::vector<Route>& routes() const { return routes_; }

  // Binds (port 0 = any free port) and serves on a background thread. Unavailable if the
  // address cannot be bound.
  Status start();
  int port() const { return port_; }
  // True once stop() has begun: long-lived responses (GET /api/events) end so the pool drains.
  bool stopping() const { return stopped_.load(); }
  // Stops accepting, lets in-flight requests finish, joins the thread. Idempotent.
  void stop();

 private:
  Handler withAuth(AuthedHandler h, bool query_token = false);

  AuthThrottle throttle_{20, std::chrono::seconds(60)};  // 20 failed tokens a minute per address

  ServerSettings settings_;
  Store& store_;
  GuardedServer server_;
  std::thread thread_;
  int port_ = 0;
  std::vector<Route> routes_;
  std::atomic<bool> stopped_{false};
};

}  // namespace gg
