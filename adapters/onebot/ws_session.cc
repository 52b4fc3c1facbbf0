#include "adapters/onebot/ws_session.h"

#include <boost/asio/post.hpp>
#include <chrono>

#include "core/log.h"

namespace gg {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

WsSession::WsSession(Stream stream, std::string self_id, std::string mode, std::string role,
                     std::string peer, WsSessionHandler& handler, WsLimits limits)
    : ws_(std::move(stream)),
      self_id_(std::move(self_id)),
      mode_(std::move(mode)),
      role_(std::move(role)),
      peer_(std::move(peer)),
      handler_(handler),
      limits_(limits) {
  opened_at_ = SystemClock().now();
  ws_.read_message_max(limits_.max_message_bytes);
}

void WsSession::start() {
  net::post(ws_.get_executor(), [self = shared_from_this()] { self->doRead(); });
}

void WsSession::doRead() {
  ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::onRead, shared_from_this()));
}

void WsSession::onRead(beast::error_code ec, size_t) {
  if (ec) {
    finish(ec == websocket::error::closed ? "closed by peer" : ec.message());
    return;
  }
  if (!ws_.got_text()) {
    // OneBot speaks JSON text frames only; a binary frame is ignored, the connection kept.
    log::warn("onebot ws self_id={} peer={}: binary frame of {} bytes ignored", self_id_, peer_,
              buffer_.size());
    buffer_.consume(buffer_.size());
    doRead();
    return;
  }
  std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  // The handler never throws by contract; this is the last line of defence for the io thread.
  try {
    handler_.onFrame(shared_from_this(), text);
  } catch (const std::exception& e) {
    log::error("onebot ws self_id={}: frame handler threw: {}", self_id_, e.what());
  }
  if (!closed_.load()) doRead();
}

Result<nlohmann::json> WsSession::call(const std::string& action, const nlohmann::json& params,
                                       Millis timeout) {
  const std::string echo = "gg-" + std::to_string(next_echo_.fetch_add(1));
  auto promise = std::make_shared<std::promise<nlohmann::json>>();
  auto answer = promise->get_future();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_.load()) return notFound("onebot connection closed");  // not sent: the row waits
    if (pending_.size() >= limits_.max_pending_calls) {
      return resourceExhausted("too many onebot calls waiting on this connection");
    }
    if (queued_.load() >= limits_.max_queued_writes) {
      return resourceExhausted("onebot connection is not reading its frames");
    }
    pending_[echo] = promise;
  }
  nlohmann::json frame = {{"action", action}, {"params", params}, {"echo", echo}};
  queueWrite(frame.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (answer.wait_for(std::chrono::milliseconds(timeout)) != std::future_status::ready) {
    std::lock_guard<std::mutex> lock(mu_);
    pending_.erase(echo);
    return unavailable("no answer to " + action + " within " + std::to_string(timeout) + " ms");
  }
  nlohmann::json got = answer.get();
  if (got.is_null()) return unavailable("onebot connection closed before the answer");
  return got;
}

bool WsSession::resolve(const std::string& echo, nlohmann::json answer) {
  std::shared_ptr<std::promise<nlohmann::json>> p;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = pending_.find(echo);
    if (it == pending_.end()) return false;
    p = it->second;
    pending_.erase(it);
  }
  if (answer.is_null()) answer = nlohmann::json::object();
  p->set_value(std::move(answer));
  return true;
}

void WsSession::queueWrite(std::string frame) {
  queued_.fetch_add(1);
  net::post(ws_.get_executor(), [self = shared_from_this(), f = std::move(frame)]() mutable {
    if (self->finished_) {
      self->queued_.fetch_sub(1);
      return;
    }
    self->writes_.push_back(std::move(f));
    if (self->writes_.size() == 1) self->doWrite();
  });
}

void WsSession::doWrite() {
  ws_.text(true);
  ws_.async_write(net::buffer(writes_.front()),
                  [self = shared_from_this()](beast::error_code ec, size_t) {
                    self->writes_.pop_front();
                    self->queued_.fetch_sub(1);
                    if (ec) {
                      self->finish("write failed: " + ec.message());
                      return;
                    }
                    if (!self->writes_.empty() && !self->finished_) self->doWrite();
                  });
}

void WsSession::close() {
  net::post(ws_.get_executor(), [self = shared_from_this()] {
    if (self->finished_) return;
    self->closed_.store(true);
    self->ws_.async_close(websocket::close_code::normal,
                          [self](beast::error_code) { self->finish("closed by us"); });
  });
}

void WsSession::abort(const std::string& why) {
  net::post(ws_.get_executor(), [self = shared_from_this(), why] { self->finish(why); });
}

void WsSession::finish(const std::string& why) {
  if (finished_) return;
  finished_ = true;
  closed_.store(true);
  log::info("onebot ws self_id={} peer={} closed: {}", self_id_, peer_, why);
  // Every waiting call fails now (null = closed): its row is retried, never marked sent.
  std::map<std::string, std::shared_ptr<std::promise<nlohmann::json>>> waiting;
  {
    std::lock_guard<std::mutex> lock(mu_);
    waiting.swap(pending_);
  }
  for (auto& [echo, p] : waiting) p->set_value(nullptr);
  // Closing the TCP stream (not only the socket) also cancels its timers, so every operation
  // still pending on this connection completes now and nothing keeps the io_context busy.
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(ws_).close();
  handler_.onClosed(shared_from_this());
  ended_.store(true);
}

}  // namespace gg
