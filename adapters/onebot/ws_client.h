#pragma once
// Forward WebSocket: the OneBot implementation serves a WebSocket (NapCat's "WebSocket
// server", go-cqhttp's ws) and gridgate dials it (channels.onebot.ws_url, env
// GRIDGATE_ONEBOT_WS) with "Authorization: Bearer <access token>". A dropped or refused
// connection is dialled again after an exponential backoff with jitter, so a restarted
// implementation is not hammered by every gateway at the same instant. Frames go to the hub
// like reverse-WebSocket frames; the account is learnt from get_login_info or the first event.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "adapters/onebot/ws_hub.h"
#include "adapters/onebot/ws_session.h"

namespace gg {

// Backoff between dials: starts here, doubles per failure, at most the cap; "equal jitter"
// (half fixed, half random). A connection that stayed up this long resets it.
constexpr Millis kWsDialBackoffBase = kSecond;
constexpr Millis kWsDialBackoffMax = kMinute;
constexpr Millis kWsDialResetAfter = 30 * kSecond;
// Time for TCP connect plus the WebSocket handshake.
constexpr Millis kWsDialTimeout = 10 * kSecond;
// At stop: how long the peer may take to answer our close frame before the socket is cut, and
// then how long the cut connection may take to end. stop() returns within about twice this,
// whatever the peer or the network does.
constexpr Millis kWsStopGrace = kSecond;

class OneBotWsClient {
 public:
  // url: ws://HOST:PORT[/PATH]; token may be empty.
  OneBotWsClient(OneBotWsHub& hub, std::string url, std::string access_token, WsLimits limits);
  ~OneBotWsClient();

  // Starts dialling in the background; stop() ends the connection and the threads. stop() is
  // bounded (see kWsStopGrace): a dial in progress is cancelled on its strand (resolve, connect,
  // handshake), the connection is closed and then cut, waiting calls fail, the threads joined.
  void start();
  void stop();

  // Returns the wait before dial attempt number `failures` (1 = after the first failure).
  Millis backoff(int failures);
  // Dials completed with a handshake (for tests).
  int connects() const { return connects_.load(); }

 private:
  struct Attempt;
  using StepDone = std::function<void(boost::beast::error_code)>;
  using StepStart = std::function<void(Attempt&, StepDone)>;

  void dialLoop();
  bool dialOnce();  // true: a session ran (and has ended)
  bool sleepFor(Millis ms);  // false when stopping
  bool stopping();
  // Starts one asynchronous step of a dial on the attempt's strand (never once it is aborted)
  // and waits for it; operation_aborted when stopping.
  boost::beast::error_code step(const std::shared_ptr<Attempt>& attempt, StepStart start);

  OneBotWsHub& hub_;
  std::string url_;
  std::string token_;
  WsLimits limits_;
  std::string host_, port_, path_;
  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread io_thread_;
  std::thread dial_thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;                    // mu_
  std::function<void()> abort_dial_;         // mu_: cuts the dial in progress, if any
  std::vector<std::weak_ptr<WsSession>> made_;  // mu_: every session this client opened
  std::mt19937_64 rng_{std::random_device{}()};
  std::atomic<int> connects_{0};
};

}  // namespace gg
