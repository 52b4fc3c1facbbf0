#include "tests/fakes/fake_onebot_ws_server.h"

#include <boost/beast/http.hpp>

namespace gg::fakes {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

FakeOneBotWsServer::FakeOneBotWsServer(std::string token, std::string self_id)
    : token_(std::move(token)), self_id_(std::move(self_id)) {}

FakeOneBotWsServer::~FakeOneBotWsServer() { stop(); }

void FakeOneBotWsServer::start() {
  tcp::endpoint ep(net::ip::make_address("127.0.0.1"), 0);
  acceptor_.open(ep.protocol());
  acceptor_.bind(ep);
  acceptor_.listen();
  port_ = acceptor_.local_endpoint().port();
  thread_ = std::thread([this] { serve(); });
}

void FakeOneBotWsServer::stop() {
  if (stopping_.exchange(true)) return;
  // The acceptor belongs to the serving thread: closed there, which ends a pending accept at
  // once. (Closing it from here while that thread sat in a blocking accept() was the hang at
  // shutdown: on Linux close() of a listening socket does not wake a thread blocked in accept.)
  net::post(ioc_, [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
  kick();
  if (thread_.joinable()) thread_.join();
}

void FakeOneBotWsServer::kick() {
  std::lock_guard<std::mutex> lock(mu_);
  ++kicks_;
  cv_.notify_all();
  if (current_) {
    beast::error_code ignored;
    current_->next_layer().shutdown(tcp::socket::shutdown_both, ignored);
  }
}

bool FakeOneBotWsServer::acceptOne(Stream& ws) {
  // Accepted asynchronously on this thread's io_context, so stop() can cancel it; everything
  // after is blocking and is ended by kick() (shutdown wakes a blocked read).
  beast::error_code ec = net::error::operation_aborted;
  acceptor_.async_accept(ws.next_layer(), [&ec](beast::error_code e) { ec = e; });
  ioc_.restart();
  ioc_.run();
  return !ec && !stopping_.load();
}

void FakeOneBotWsServer::serve() {
  while (!stopping_.load()) {
    auto ws = std::make_shared<Stream>(ioc_);
    if (!acceptOne(*ws)) return;
    {
      // Known to kick() from the first byte, so a stop during the upgrade ends it too.
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_.load()) return;
      current_ = ws;
    }
    serveConnection(*ws);
    std::lock_guard<std::mutex> lock(mu_);
    current_.reset();
  }
}

void FakeOneBotWsServer::serveConnection(Stream& stream) {
  auto* ws = &stream;
  auto& socket = ws->next_layer();
  beast::error_code ec;
  beast::flat_buffer buf;
  http::request<http::string_body> req;
  http::read(socket, buf, req, ec);
  if (ec) return;
  if (std::string(req[http::field::authorization]) != "Bearer " + token_) {
    refused_.fetch_add(1);
    http::response<http::string_body> res{http::status::unauthorized, 11};
    res.body() = R"({"status":"failed","retcode":1401})";
    res.prepare_payload();
    http::write(socket, res, ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
    return;
  }
  ws->accept(req, ec);
  if (ec) return;
  {
    std::unique_lock<std::mutex> lock(mu_);
    accepted_.fetch_add(1);
    cv_.notify_all();
    if (stalled_.load()) {
      const int kicks = kicks_;
      cv_.wait(lock, [&] { return kicks_ != kicks || stopping_.load(); });
      return;
    }
  }
  for (;;) {
    beast::flat_buffer frame;
    ws->read(frame, ec);
    if (ec) return;
    auto call = nlohmann::json::parse(beast::buffers_to_string(frame.data()), nullptr, false);
    if (!call.is_object() || !call.contains("action")) continue;
    if (silent_.load()) {
      // An implementation that hangs: the call is seen, never answered.
      std::lock_guard<std::mutex> lock(mu_);
      calls_.push_back(call);
      cv_.notify_all();
      continue;
    }
    nlohmann::json data = call["action"] == "get_login_info"
                              ? nlohmann::json{{"user_id", std::stoll(self_id_)}, {"nickname", "网格助手"}}
                              : nlohmann::json{{"message_id", 7000 + static_cast<int64_t>(calls().size())}};
    {
      std::lock_guard<std::mutex> lock(mu_);
      calls_.push_back(call);
      cv_.notify_all();
    }
    nlohmann::json answer = {{"status", "ok"}, {"retcode", 0}, {"data", data}, {"echo", call["echo"]}};
    ws->text(true);
    ws->write(net::buffer(answer.dump()), ec);
    if (ec) return;
    std::vector<std::string> frames;
    {
      std::lock_guard<std::mutex> lock(mu_);
      frames.swap(queued_);
    }
    for (const auto& f : frames) ws->write(net::buffer(f), ec);
    if (ec) return;
  }
}

void FakeOneBotWsServer::push(const std::string& frame) {
  std::lock_guard<std::mutex> lock(mu_);
  queued_.push_back(frame);
}

std::vector<nlohmann::json> FakeOneBotWsServer::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

bool FakeOneBotWsServer::waitAccepted(int n, int timeout_ms) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return accepted_.load() >= n; });
}

bool FakeOneBotWsServer::waitCalls(size_t n, int timeout_ms) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return calls_.size() >= n; });
}

}  // namespace gg::fakes
