#pragma once
// One OneBot v11 WebSocket connection, whichever side dialled (reverse: the client connected to
// us; forward: we connected to it). Boost.Beast does the framing; this class reads frames one
// at a time (the next read starts only after the handler returned, so a flood is held back by
// TCP, not buffered), queues writes, and matches API answers to calls by "echo". All socket
// work runs on the connection's strand; call() may be used from any thread.

#include <atomic>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace gg {

// Limits of one connection, named so they can be read next to their reasons.
struct WsLimits {
  // Largest message (all frames of it) read; Beast stops reading past it and closes with 1009.
  // A OneBot event is a few KiB; 1 MiB leaves room for long forwarded messages.
  size_t max_message_bytes = 1024 * 1024;
  // API calls waiting for an answer on one connection; more are refused (the row waits).
  size_t max_pending_calls = 64;
  // Frames queued for writing; a peer that stops reading cannot make us buffer without end.
  size_t max_queued_writes = 256;
};

class WsSession;

// What a connection reports. Called on the connection's strand, one frame at a time.
class WsSessionHandler {
 public:
  virtual ~WsSessionHandler() = default;
  virtual void onFrame(const std::shared_ptr<WsSession>& session, const std::string& text) = 0;
  virtual void onClosed(const std::shared_ptr<WsSession>& session) = 0;
};

class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  using Stream = boost::beast::websocket::stream<boost::beast::tcp_stream>;

  // stream: handshake done, its executor a strand. role: universal | api | event.
  WsSession(Stream stream, std::string self_id, std::string mode, std::string role, std::string peer,
            WsSessionHandler& handler, WsLimits limits);

  // Starts reading. The handler's onClosed is called once when the connection ends.
  void start();
  // Sends {"action", "params", "echo"} and waits up to timeout for the answer with that echo.
  // Returns the answer object. Not sent: notFound if the connection is closed, resourceExhausted
  // over max_pending_calls or max_queued_writes. Sent: unavailable if the connection closes
  // before the answer, or naming the timeout when no answer came.
  Result<nlohmann::json> call(const std::string& action, const nlohmann::json& params, Millis timeout);
  // Hands an answer to the waiting call; false if no call waits for echo (unknown or too late).
  bool resolve(const std::string& echo, nlohmann::json answer);
  // Closes the connection (normal closure); safe from any thread, more than once. The close
  // handshake waits for the peer's answer, so a peer that stopped reading keeps it open until
  // Beast's close timeout: whoever must be done sooner calls abort() after its own grace.
  void close();
  // Cuts the TCP connection now, without a close frame: waiting calls fail, onClosed is called.
  // Safe from any thread, more than once, and after close().
  void abort(const std::string& why);

  const std::string& selfId() const { return self_id_; }
  void setSelfId(std::string id) { self_id_ = std::move(id); }  // forward mode: learnt later
  const std::string& mode() const { return mode_; }
  const std::string& role() const { return role_; }
  const std::string& peer() const { return peer_; }
  // Closing or closed: no new call is sent.
  bool closed() const { return closed_.load(); }
  // Ended: the socket is closed, waiting calls failed, the handler told.
  bool ended() const { return ended_.load(); }
  Millis openedAt() const { return opened_at_; }

 private:
  void doRead();
  void onRead(boost::beast::error_code ec, size_t bytes);
  void queueWrite(std::string frame);
  void doWrite();
  void finish(const std::string& why);

  Stream ws_;
  std::string self_id_;
  std::string mode_;
  std::string role_;
  std::string peer_;
  WsSessionHandler& handler_;
  WsLimits limits_;
  Millis opened_at_ = 0;
  boost::beast::flat_buffer buffer_;
  std::deque<std::string> writes_;  // strand only
  std::atomic<size_t> queued_{0};
  std::atomic<bool> closed_{false};
  std::atomic<bool> ended_{false};
  bool finished_ = false;  // strand only
  std::atomic<uint64_t> next_echo_{1};
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<std::promise<nlohmann::json>>> pending_;
};

using WsSessionPtr = std::shared_ptr<WsSession>;

}  // namespace gg
