#include "adapters/onebot/ws_client.h"

#include <algorithm>
#include <future>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "core/log.h"

namespace gg {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

OneBotWsClient::OneBotWsClient(OneBotWsHub& hub, std::string url, std::string access_token, WsLimits limits)
    : hub_(hub), url_(std::move(url)), token_(std::move(access_token)), limits_(limits),
      work_(net::make_work_guard(ioc_)) {
  // ws://host:port/path; the settings loader has checked the scheme.
  std::string rest = url_.substr(url_.rfind("ws://", 0) == 0 ? 5 : 0);
  const size_t slash = rest.find('/');
  path_ = slash == std::string::npos ? "/" : rest.substr(slash);
  const std::string hostport = rest.substr(0, slash);
  // [v6]:port: the colon that counts is after the bracket.
  size_t colon = hostport.rfind(':');
  if (colon != std::string::npos && hostport.find(']', colon) != std::string::npos) colon = std::string::npos;
  host_ = colon == std::string::npos ? hostport : hostport.substr(0, colon);
  port_ = colon == std::string::npos ? "80" : hostport.substr(colon + 1);
}

OneBotWsClient::~OneBotWsClient() { stop(); }

// One dial: its resolver and stream share a strand and are touched only on it, by the steps and
// by abort(). Kept alive by every pending operation, so the dial thread may stop waiting for a
// step (when stopping) without anything pointing at freed memory.
struct OneBotWsClient::Attempt {
  explicit Attempt(const net::strand<net::io_context::executor_type>& strand)
      : resolver(strand), ws(strand) {}
  // Strand only. Cancels what is pending and makes every later step fail before it starts:
  // closing the socket alone would not do, since async_connect opens it again.
  void abort() {
    aborted = true;
    resolver.cancel();
    beast::get_lowest_layer(ws).close();
  }
  tcp::resolver resolver;
  WsSession::Stream ws;
  std::vector<tcp::endpoint> endpoints;
  bool aborted = false;
};

void OneBotWsClient::start() {
  io_thread_ = std::thread([this] {
    // A handler that throws must not take the process down, nor leave the sockets unserved.
    for (;;) {
      try {
        ioc_.run();
        break;
      } catch (const std::exception& e) {
        log::error("onebot forward ws {}: io handler threw: {}", url_, e.what());
      }
    }
  });
  dial_thread_ = std::thread([this] { dialLoop(); });
}

namespace {

// Waits until every session has ended, at most `ms`; true if they all did.
bool waitEnded(const std::vector<WsSessionPtr>& sessions, Millis ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  for (;;) {
    bool all = true;
    for (const auto& s : sessions) all = all && s->ended();
    if (all) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

void OneBotWsClient::stop() {
  std::vector<WsSessionPtr> mine;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    // A dial in progress: cancelled on its strand. Without this a connect to a host that does
    // not answer, or a handshake the peer never answers, held stop() for kWsDialTimeout.
    if (abort_dial_) abort_dial_();
    abort_dial_ = nullptr;
    for (const auto& weak : made_) {
      if (auto s = weak.lock(); s && !s->ended()) mine.push_back(s);
    }
  }
  cv_.notify_all();
  // A normal closure first, so the implementation logs a clean close; a peer that does not
  // answer the close frame within the grace is cut (that also fails the get_login_info call
  // the dial thread may be waiting for).
  for (const auto& s : mine) s->close();
  if (!waitEnded(mine, kWsStopGrace)) {
    for (const auto& s : mine) {
      if (!s->ended()) s->abort("gridgate stopping, close not answered");
    }
    waitEnded(mine, kWsStopGrace);
  }
  if (dial_thread_.joinable()) dial_thread_.join();
  // Every session has ended (its onClosed ran) or is forgotten below, and the dial thread is
  // gone: what may still be queued (a cancelled dial's handlers, a resolve stuck in getaddrinfo,
  // Beast's close-handshake timer of a cut connection, 30 s) matters to nobody, so the
  // io_context is stopped rather than drained.
  work_.reset();
  ioc_.stop();
  if (io_thread_.joinable()) io_thread_.join();
  // A connection that could not end before its io_context stopped leaves the hub here: no
  // socket may outlive its io_context inside the hub (the reverse listener's are not touched).
  for (const auto& s : mine) {
    if (!s->ended()) hub_.forget(s);
  }
}

Millis OneBotWsClient::backoff(int failures) {
  Millis b = kWsDialBackoffBase;
  for (int i = 1; i < failures && b < kWsDialBackoffMax; ++i) b *= 2;
  b = std::min(b, kWsDialBackoffMax);
  std::uniform_int_distribution<Millis> jitter(0, b / 2);
  return b / 2 + jitter(rng_);
}

bool OneBotWsClient::sleepFor(Millis ms) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
  return !stopping_;
}

bool OneBotWsClient::stopping() {
  std::lock_guard<std::mutex> lock(mu_);
  return stopping_;
}

beast::error_code OneBotWsClient::step(const std::shared_ptr<Attempt>& attempt, StepStart start) {
  auto done = std::make_shared<std::promise<beast::error_code>>();
  auto result = done->get_future();
  net::post(attempt->ws.get_executor(), [attempt, done, start = std::move(start)] {
    if (attempt->aborted) return done->set_value(net::error::operation_aborted);
    // The completion keeps the attempt (its socket) alive until the operation is over.
    start(*attempt, [attempt, done](beast::error_code ec) { done->set_value(ec); });
  });
  // stop() aborts the attempt, which completes the step at once, except a resolve stuck in
  // getaddrinfo: so the wait ends on its own too.
  while (result.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
    if (stopping()) return net::error::operation_aborted;
  }
  return result.get();
}

void OneBotWsClient::dialLoop() {
  int failures = 0;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    const Millis began = SystemClock().now();
    const bool ran = dialOnce();
    if (ran && SystemClock().now() - began >= kWsDialResetAfter) failures = 0;
    ++failures;
    const Millis wait = backoff(failures);
    log::info("onebot forward ws {}: dialling again in {} ms", url_, wait);
    if (!sleepFor(wait)) return;
  }
}

bool OneBotWsClient::dialOnce() {
  auto attempt = std::make_shared<Attempt>(net::make_strand(ioc_));
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    abort_dial_ = [attempt] { net::post(attempt->ws.get_executor(), [attempt] { attempt->abort(); }); };
  }
  // Disarmed on every way out, so stop() never reaches a stream that was moved into a session.
  struct Disarm {
    OneBotWsClient* c;
    ~Disarm() {
      std::lock_guard<std::mutex> lock(c->mu_);
      c->abort_dial_ = nullptr;
    }
  } disarm{this};

  beast::error_code ec;
  std::string host = host_;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  net::ip::make_address(host, ec);
  if (!ec) {
    // An address needs no lookup: getaddrinfo with numeric flags does no network I/O.
    tcp::resolver numeric(ioc_);
    auto results = numeric.resolve(host, port_, tcp::resolver::numeric_host | tcp::resolver::numeric_service, ec);
    if (!ec) attempt->endpoints.assign(results.begin(), results.end());
  } else {
    ec = step(attempt, [host, port = port_](Attempt& a, StepDone done) {
      a.resolver.async_resolve(host, port, [&a, done](beast::error_code e, tcp::resolver::results_type r) {
        if (!e) a.endpoints.assign(r.begin(), r.end());
        done(e);
      });
    });
  }
  if (ec) {
    log::warn("onebot forward ws {}: cannot resolve {}:{}: {}", url_, host_, port_, ec.message());
    return false;
  }
  ec = step(attempt, [](Attempt& a, StepDone done) {
    auto& tcp_stream = beast::get_lowest_layer(a.ws);
    tcp_stream.expires_after(std::chrono::milliseconds(kWsDialTimeout));  // connect + handshake
    tcp_stream.async_connect(a.endpoints, [done](beast::error_code e, const tcp::endpoint&) { done(e); });
  });
  if (ec) {
    log::warn("onebot forward ws {}: connect: {}", url_, ec.message());
    return false;
  }
  const std::string auth = token_.empty() ? "" : "Bearer " + token_;
  ec = step(attempt, [auth, hostport = host_ + ":" + port_, path = path_](Attempt& a, StepDone done) {
    a.ws.set_option(websocket::stream_base::decorator([auth](websocket::request_type& req) {
      req.set(beast::http::field::user_agent, "gridgate");
      if (!auth.empty()) req.set(beast::http::field::authorization, auth);
    }));
    a.ws.async_handshake(hostport, path, [&a, done](beast::error_code e) {
      if (!e) {
        beast::get_lowest_layer(a.ws).expires_never();
        a.ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
      }
      done(e);
    });
  });
  if (ec) {
    log::warn("onebot forward ws {}: handshake: {}", url_, ec.message());
    return false;
  }
  WsSessionPtr session;
  {
    // One critical section from "not stopping" to made_: stop() either aborted the attempt (and
    // we leave it alone) or will find the session; never neither.
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    abort_dial_ = nullptr;
    session = std::make_shared<WsSession>(std::move(attempt->ws), "", "forward-ws", "universal",
                                          host_ + ":" + port_, hub_, limits_);
    made_.erase(std::remove_if(made_.begin(), made_.end(), [](const auto& w) { return w.expired(); }),
                made_.end());
    made_.push_back(session);
  }
  connects_.fetch_add(1);
  hub_.add(session);
  // The account behind the socket: asked once; an event naming it binds it too.
  auto who = session->call("get_login_info", nlohmann::json::object(), kWsDialTimeout);
  if (who.isOk() && who->contains("data") && (*who)["data"].is_object() &&
      (*who)["data"].contains("user_id")) {
    const auto& id = (*who)["data"]["user_id"];
    const std::string self_id = id.is_string() ? id.get<std::string>() : id.dump();
    if (!self_id.empty() && self_id.find_first_not_of("0123456789") == std::string::npos) {
      hub_.bindAccount(session, self_id);
    }
  }
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_ && !session->closed()) cv_.wait_for(lock, std::chrono::milliseconds(100));
  return true;
}

}  // namespace gg
