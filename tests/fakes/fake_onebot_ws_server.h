#pragma once
// A fake OneBot v11 implementation serving forward WebSocket (NapCat's "WebSocket server",
// default port 3001): it checks "Authorization: Bearer <token>" like the real one (401 without or
// with a wrong token), answers get_login_info with its self_id and every send call with
// retcode 0, and pushes event frames on demand. Boost.Beast, sharing no code with gridgate.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace gg::fakes {

class FakeOneBotWsServer {
 public:
  FakeOneBotWsServer(std::string token, std::string self_id);
  ~FakeOneBotWsServer();
  // Listens on 127.0.0.1:<port()> and serves connections one at a time on a thread.
  void start();
  // Ends the connection and the thread, whatever the thread is waiting for.
  void stop();
  int port() const { return port_; }
  // Queues a frame for the client; the serving thread writes queued frames after each answer
  // it sends (so one thread does all socket work, and gridgate's get_login_info flushes them).
  void push(const std::string& frame);
  // Closes the current connection (the client must dial again).
  void kick();
  // Leaves every call unanswered from now on (an implementation that hangs); calls() still
  // lists them.
  void setSilent(bool silent) { silent_.store(silent); }
  // After the handshake, reads nothing until kicked or stopped (a peer that stopped reading:
  // our close frame is never answered).
  void setStalled(bool stalled) { stalled_.store(stalled); }
  // Calls received (action names and params), refused handshakes, completed handshakes.
  std::vector<nlohmann::json> calls() const;
  int refused() const { return refused_.load(); }
  int accepted() const { return accepted_.load(); }
  bool waitAccepted(int n, int timeout_ms) const;
  bool waitCalls(size_t n, int timeout_ms) const;

 private:
  using Stream = boost::beast::websocket::stream<boost::asio::ip::tcp::socket>;
  void serve();
  // Waits for the next connection; false when stopping.
  bool acceptOne(Stream& ws);
  void serveConnection(Stream& ws);

  std::string token_, self_id_;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_{ioc_};
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> silent_{false};
  std::atomic<bool> stalled_{false};
  int kicks_ = 0;  // mu_
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::shared_ptr<Stream> current_;
  std::vector<std::string> queued_;
  std::vector<nlohmann::json> calls_;
  std::atomic<int> refused_{0}, accepted_{0};
};

}  // namespace gg::fakes
