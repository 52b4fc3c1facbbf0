#pragma once
// Reverse WebSocket: gridgate is the server and the OneBot implementation (NapCat, Lagrange,
// LLOneBot, go-cqhttp) connects to ws://HOST:PORT/onebot/v11/ws. cpp-httplib cannot upgrade a
// connection, so this listens on its own port (channels.onebot.ws_listen) with Boost.Beast.
// The upgrade request is checked before anything else is read or kept: path, access token
// (Authorization: Bearer|Token, or ?access_token=; wrong or missing → 401), X-Self-ID (a
// positive id → else 400), X-Client-Role; the connection count. Then the connection belongs
// to the hub.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "adapters/onebot/ws_hub.h"
#include "adapters/onebot/ws_session.h"
#include "core/result.h"

namespace gg {

// Open connections the listener accepts at once, upgraded or not; more are closed on accept.
constexpr size_t kMaxWsConnections = 64;
// Bytes of the upgrade request's head; over it the request is refused (431) before more is read.
constexpr size_t kMaxWsHandshakeBytes = 16 * 1024;
// Time for the whole upgrade request to arrive; a trickling client is dropped after it.
constexpr int kWsHandshakeSeconds = 10;
// Threads running the sockets: a connection's frames are handled one at a time on its strand,
// so one flooding connection holds at most one of them and the others keep serving.
constexpr int kWsIoThreads = 4;

struct WsServerSettings {
  std::string host = "127.0.0.1";
  int port = 0;              // 0 = any free port (tests)
  std::string access_token;  // empty = no token checked (a warning is logged)
  WsLimits limits;
};

class OneBotWsServer {
 public:
  OneBotWsServer(OneBotWsHub& hub, WsServerSettings settings);
  ~OneBotWsServer();

  // Binds and starts accepting; unavailable naming the address if it cannot bind.
  Status start();
  // Stops accepting, closes every connection and joins the threads.
  void stop();
  int port() const { return port_; }

 private:
  class Handshake;
  void doAccept();

  OneBotWsHub& hub_;
  WsServerSettings settings_;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
  std::shared_ptr<std::atomic<size_t>> open_;  // connections open now (handshake or upgraded)
  int port_ = 0;
  bool started_ = false;
};

// Checks an upgrade request's head: returns the HTTP status to refuse it with (0 = accept) and
// fills role (universal | api | event) and the reason. Pure; exposed for tests.
int checkWsUpgrade(const std::string& target, const std::string& authorization,
                   const std::string& x_self_id, const std::string& x_client_role,
                   const std::string& access_token, std::string* role, std::string* reason);

}  // namespace gg
