#include "adapters/onebot/ws_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_future.hpp>
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
  const size_t colon = hostport.rfind(':');
  host_ = colon == std::string::npos ? hostport : hostport.substr(0, colon);
  port_ = colon == std::string::npos ? "80" : hostport.substr(colon + 1);
}

OneBotWsClient::~OneBotWsClient() { stop(); }

void OneBotWsClient::start() {
  io_thread_ = std::thread([this] { ioc_.run(); });
  dial_thread_ = std::thread([this] { dialLoop(); });
}

void OneBotWsClient::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    if (current_) current_->close();
  }
  cv_.notify_all();
  if (dial_thread_.joinable()) dial_thread_.join();
  work_.reset();
  for (int i = 0; i < 50 && current_ && !current_->closed(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ioc_.stop();
  if (io_thread_.joinable()) io_thread_.join();
  current_.reset();
  // No socket of this io_context may outlive it inside the hub.
  hub_.forgetAll();
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
  try {
    tcp::resolver resolver(ioc_);
    auto endpoints = resolver.resolve(host_, port_);
    beast::tcp_stream stream(net::make_strand(ioc_));
    stream.expires_after(std::chrono::milliseconds(kWsDialTimeout));
    stream.async_connect(endpoints, net::use_future).get();
    WsSession::Stream ws(std::move(stream));
    const std::string auth = token_.empty() ? "" : "Bearer " + token_;
    ws.set_option(websocket::stream_base::decorator([auth](websocket::request_type& req) {
      req.set(beast::http::field::user_agent, "gridgate");
      if (!auth.empty()) req.set(beast::http::field::authorization, auth);
    }));
    ws.async_handshake(host_ + ":" + port_, path_, net::use_future).get();
    beast::get_lowest_layer(ws).expires_never();
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    auto session = std::make_shared<WsSession>(std::move(ws), "", "forward-ws", "universal",
                                               host_ + ":" + port_, hub_, limits_);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) {
        session->close();
        return false;
      }
      current_ = session;
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
  } catch (const std::exception& e) {
    log::warn("onebot forward ws {}: {}", url_, e.what());
    return false;
  }
}

}  // namespace gg
