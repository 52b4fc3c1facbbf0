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
  beast::error_code ignored;
  acceptor_.close(ignored);
  kick();
  if (thread_.joinable()) thread_.join();
}

void FakeOneBotWsServer::kick() {
  std::lock_guard<std::mutex> lock(mu_);
  if (current_) {
    beast::error_code ignored;
    current_->next_layer().shutdown(tcp::socket::shutdown_both, ignored);
  }
}

void FakeOneBotWsServer::serve() {
  while (!stopping_.load()) {
    beast::error_code ec;
    tcp::socket socket(ioc_);
    acceptor_.accept(socket, ec);
    if (ec) return;
    beast::flat_buffer buf;
    http::request<http::string_body> req;
    http::read(socket, buf, req, ec);
    if (ec) continue;
    if (std::string(req[http::field::authorization]) != "Bearer " + token_) {
      refused_.fetch_add(1);
      http::response<http::string_body> res{http::status::unauthorized, 11};
      res.body() = R"({"status":"failed","retcode":1401})";
      res.prepare_payload();
      http::write(socket, res, ec);
      continue;
    }
    auto ws = std::make_shared<Stream>(std::move(socket));
    ws->accept(req, ec);
    if (ec) continue;
    {
      std::lock_guard<std::mutex> lock(mu_);
      current_ = ws;
      accepted_.fetch_add(1);
      cv_.notify_all();
    }
    for (;;) {
      beast::flat_buffer frame;
      ws->read(frame, ec);
      if (ec) break;
      auto call = nlohmann::json::parse(beast::buffers_to_string(frame.data()), nullptr, false);
      if (!call.is_object() || !call.contains("action")) continue;
      nlohmann::json data = call["action"] == "get_login_info"
                                ? nlohmann::json{{"user_id", std::stoll(self_id_)}, {"nickname", "网格助手"}}
                                : nlohmann::json{{"message_id", 7000 + static_cast<int64_t>(calls_.size())}};
      {
        std::lock_guard<std::mutex> lock(mu_);
        calls_.push_back(call);
        cv_.notify_all();
      }
      nlohmann::json answer = {{"status", "ok"}, {"retcode", 0}, {"data", data}, {"echo", call["echo"]}};
      ws->text(true);
      ws->write(net::buffer(answer.dump()), ec);
      if (ec) break;
      std::vector<std::string> frames;
      {
        std::lock_guard<std::mutex> lock(mu_);
        frames.swap(queued_);
      }
      for (const auto& f : frames) ws->write(net::buffer(f), ec);
      if (ec) break;
    }
    std::lock_guard<std::mutex> lock(mu_);
    current_.reset();
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
