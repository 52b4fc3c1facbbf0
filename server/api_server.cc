#include "server/api_server.h"

#include <sys/socket.h>

#include <cerrno>
#include <algorithm>
#include <chrono>

#include "core/log.h"
#include "core/metrics.h"
#include "core/text.h"

namespace gg {
namespace {

// Pending connections the kernel queues for accept(): a platform re-posting a burst (a notice
// answered by a whole street) opens many at once, and past the backlog their handshakes are
// dropped and retried a second later. The kernel caps it at net.core.somaxconn.
constexpr int kListenBacklog = 1024;

// When the current thread's request was routed (httplib runs a request on one thread).
std::chrono::steady_clock::time_point& requestStart() {
  thread_local std::chrono::steady_clock::time_point t;
  return t;
}

// The path as the access log writes it: at most 200 bytes, and a resident's tracking code (it
// opens their ticket, like a password) replaced by "…".
std::string loggedPath(const std::string& path) {
  static const std::string kTracking = "/api/public/tickets/";
  std::string p = path.size() > 200 ? path.substr(0, 200) : path;
  if (p.rfind(kTracking, 0) == 0) {
    const size_t end = p.find('/', kTracking.size());
    p = kTracking + "…" + (end == std::string::npos ? "" : p.substr(end));
  }
  return p;
}

// The route pattern the current thread's request matched (set by the handlers ApiServer
// registers; empty for the platform hooks and static files, which are labelled by path).
std::string& currentRoute() {
  thread_local std::string r;
  return r;
}

// The route label of a finished request: its registered pattern, the path for the hooks and
// the static files (a fixed set), and one label for everything unmatched, so nobody outside can
// grow the metrics by asking for made-up paths.
std::string routeLabel(const httplib::Request& req, const httplib::Response& res) {
  if (!currentRoute().empty()) return currentRoute();
  if (res.status == 404 || res.status == 405) return "unmatched";
  return loggedPath(req.path);
}

ApiServer::Handler labelled(const std::string& pattern, ApiServer::Handler h) {
  return [pattern, h = std::move(h)](const httplib::Request& req, httplib::Response& res) {
    currentRoute() = pattern;
    h(req, res);
  };
}

}  // namespace

void replyJson(httplib::Response& res, int http_status, const nlohmann::json& body) {
  res.status = http_status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void replyError(httplib::Response& res, const Status& status) {
  replyJson(res, httpStatus(status.code()),
            {{"error", codeName(status.code())}, {"detail", status.message()}});
}

Result<nlohmann::json> parseJsonBody(const httplib::Request& req) {
  if (!isValidUtf8(req.body)) return invalidArgument("request body is not valid UTF-8");
  auto j = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return invalidArgument("request body is not valid JSON");
  if (!j.is_object()) return invalidArgument("request body must be a JSON object");
  return j;
}

Result<int64_t> pathId(const httplib::Request& req, size_t index) {
  if (req.matches.size() <= index) return invalidArgument("missing id in path");
  const std::string s = req.matches[index];
  if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string::npos) {
    return invalidArgument("id must be a positive number, got \"" + s + "\"");
  }
  return std::stoll(s);
}

Result<int> intParam(const httplib::Request& req, const char* name, int def, int lo, int hi) {
  if (!req.has_param(name)) return def;
  const std::string v = req.get_param_value(name);
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) {
    return invalidArgument(std::string(name) + " must be a number");
  }
  const int n = std::stoi(v);  // at most 9 digits: cannot throw
  if (n < lo || n > hi) {
    return invalidArgument(std::string(name) + " must be " + std::to_string(lo) + "-" + std::to_string(hi));
  }
  return n;
}

ApiServer::ApiServer(const ServerSettings& settings, Store& store)
    : settings_(settings), store_(store) {
  server_.set_tcp_nodelay(true);
  server_.set_payload_max_length(settings_.max_body_bytes);
  server_.set_keep_alive_max_count(settings_.keep_alive_max);
  server_.set_keep_alive_timeout(settings_.keep_alive_timeout_s);
  server_.set_read_timeout(settings_.read_timeout_s, 0);
  server_.set_write_timeout(settings_.write_timeout_s, 0);
  ConnectionLimits limits;
  limits.head_timeout_ms = settings_.head_timeout_s * 1000;
  limits.request_timeout_ms = settings_.request_timeout_s * 1000;
  limits.read_timeout_ms = settings_.read_timeout_s * 1000;
  limits.write_timeout_ms = settings_.write_timeout_s * 1000;
  limits.keep_alive_timeout_ms = settings_.keep_alive_timeout_s * 1000;
  limits.keep_alive_max = settings_.keep_alive_max;
  limits.max_head_bytes = settings_.max_head_bytes;
  limits.max_header_lines = static_cast<size_t>(settings_.max_header_lines);
  server_.setLimits(limits);
  const size_t workers = static_cast<size_t>(settings_.workers);
  const size_t max_conns = static_cast<size_t>(std::max(settings_.max_connections, settings_.workers));
  server_.new_task_queue = [workers, max_conns] { return new ElasticPool(workers, max_conns); };
  // httplib's default also sets SO_REUSEPORT, which lets a second `gridgate serve` bind the same
  // port and take half the requests into another database. SO_REUSEADDR alone only allows a
  // quick restart over TIME_WAIT sockets.
  server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });

  // Any error status without a body (404 unknown path, 413 too large, 400 bad request line)
  // still answers in the API's JSON shape.
  server_.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    Code code = Code::kInternal;
    std::string detail = "request failed";
    // The guarded stream knows why it stopped reading; httplib only says 400.
    if (res.status == 400 && guardedRejectionStatus() != 0) res.status = guardedRejectionStatus();
    switch (res.status) {
      case 400: code = Code::kInvalidArgument; detail = "bad request"; break;
      case 401: code = Code::kUnauthenticated; detail = "authentication required"; break;
      case 403: code = Code::kPermissionDenied; detail = "forbidden"; break;
      case 404: code = Code::kNotFound; detail = "no such path"; break;
      case 405: code = Code::kInvalidArgument; detail = "method not allowed"; break;
      case 413: code = Code::kTooLarge; detail = "request body too large"; break;
      case 414: code = Code::kTooLarge; detail = "request URI too long"; break;
      case 408: code = Code::kUnavailable; detail = "request not received in time"; break;
      case 431: code = Code::kTooLarge; detail = "request headers too large or too many"; break;
      default: break;
    }
    const int status = res.status;
    replyJson(res, status, {{"error", codeName(code)}, {"detail", detail}});
    return httplib::Server::HandlerResponse::Handled;
  }));
  // One access-log line per request: method, route pattern, path (never the query string, which
  // may carry a token or an api_key), status and milliseconds. Tokens and bodies are never logged.
  // Every request is counted (GET /metrics: gridgate_http_requests_total by route and code).
  metrics::registry().describe("gridgate_http_requests_total", "HTTP requests by route pattern and status code");
  metrics::registry().describe("gridgate_http_request_seconds", "HTTP request time by route pattern");
  server_.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    requestStart() = std::chrono::steady_clock::now();
    currentRoute().clear();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_.set_logger([access_log = settings_.access_log](const httplib::Request& req, const httplib::Response& res) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - requestStart()).count();
    const std::string route = routeLabel(req, res);
    metrics::add("gridgate_http_requests_total", {{"route", route}, {"code", std::to_string(res.status)}});
    metrics::observe("gridgate_http_request_seconds", {{"route", route}}, seconds);
    if (access_log) {
      log::info("access method={} route={} path={} status={} ms={:.1f} addr={}", req.method, route,
                loggedPath(req.path), res.status, seconds * 1000, req.remote_addr);
    }
  });
  server_.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        log::error("handler exception method={} path={} what={}", req.method, req.path, what);
        replyError(res, internalError("internal error"));
      });
}

ApiServer::~ApiServer() { stop(); }

ApiServer::Handler ApiServer::withAuth(AuthedHandler h, bool query_token) {
  return [this, h = std::move(h), query_token](const httplib::Request& req, httplib::Response& res) {
    if (const int wait = throttle_.retryAfterSeconds(req.remote_addr); wait > 0) {
      res.set_header("Retry-After", std::to_string(wait));
      return replyError(res, resourceExhausted("too many failed authentications from this address"));
    }
    std::string authorization = req.get_header_value("Authorization");
    if (authorization.empty() && query_token && req.has_param("access_token")) {
      authorization = "Bearer " + req.get_param_value("access_token");
    }
    auto principal = authenticate(store_, authorization);
    if (!principal.isOk()) {
      throttle_.recordFailure(req.remote_addr);
      // The token itself is never logged; the address and the route are.
      log::warn("auth failed addr={} method={} path={} reason={}", req.remote_addr, req.method, req.path,
                principal.status().message());
      res.set_header("WWW-Authenticate", "Bearer");
      replyError(res, principal.status());
      return;
    }
    h(req, res, *principal);
  };
}

void ApiServer::get(const std::string& p, Handler h) {
  routes_.push_back({"GET", p, false});
  server_.Get(p, labelled(p, std::move(h)));
}
void ApiServer::post(const std::string& p, Handler h) {
  routes_.push_back({"POST", p, false});
  server_.Post(p, labelled(p, std::move(h)));
}
void ApiServer::getAuthed(const std::string& p, AuthedHandler h) {
  routes_.push_back({"GET", p, true});
  server_.Get(p, labelled(p, withAuth(std::move(h))));
}
void ApiServer::getAuthedStream(const std::string& p, AuthedHandler h) {
  routes_.push_back({"GET", p, true});
  server_.Get(p, labelled(p, withAuth(std::move(h), true)));
}
void ApiServer::postAuthed(const std::string& p, AuthedHandler h) {
  routes_.push_back({"POST", p, true});
  server_.Post(p, labelled(p, withAuth(std::move(h))));
}
void ApiServer::patchAuthed(const std::string& p, AuthedHandler h) {
  routes_.push_back({"PATCH", p, true});
  server_.Patch(p, labelled(p, withAuth(std::move(h))));
}
void ApiServer::deleteAuthed(const std::string& p, AuthedHandler h) {
  routes_.push_back({"DELETE", p, true});
  server_.Delete(p, labelled(p, withAuth(std::move(h))));
}

bool ApiServer::mountStatic(const std::string& mount, const std::string& dir) {
  return server_.set_mount_point(mount, dir);
}

Status ApiServer::start() {
  if (settings_.port == 0) {
    port_ = server_.bind_to_any_port(settings_.host);
  } else {
    port_ = server_.bind_to_port(settings_.host, settings_.port) ? settings_.port : -1;
  }
  if (port_ <= 0) {
    const int err = errno;
    std::string why = err == EADDRINUSE ? " (the port is in use: is another gridgate serve running?)"
                      : err == EACCES   ? " (permission denied)"
                                        : "";
    return unavailable("cannot listen on " + settings_.host + ":" + std::to_string(settings_.port) + why);
  }
  if (!server_.widenBacklog(kListenBacklog)) log::warn("listen backlog stays at httplib's 5");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // listen_after_bind flips is_running once its accept loop starts.
  for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!server_.is_running()) return unavailable("HTTP server did not start");
  return Status::ok();
}

void ApiServer::stop() {
  if (stopped_.exchange(true)) return;
  server_.stop();  // closes the listening socket; the pool drains in-flight requests
  if (thread_.joinable()) thread_.join();
}

}  // namespace gg
