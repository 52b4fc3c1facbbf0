#include "tests/fakes/fake_onebot_ws.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <future>

namespace gg::fakes {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

FakeOneBotWs::FakeOneBotWs(int port, Options options) : port_(port), options_(std::move(options)) {}

FakeOneBotWs::~FakeOneBotWs() { drop(); }

int FakeOneBotWs::probeStatus(const std::string& target) {
  // The same upgrade request as plain HTTP, to read the status of the refusal.
  namespace http = beast::http;
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.socket().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)), ec);
  if (ec) return -1;
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::upgrade, "websocket");
  req.set(http::field::connection, "Upgrade");
  req.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  req.set(http::field::sec_websocket_version, "13");
  if (!options_.self_id.empty()) req.set("X-Self-ID", options_.self_id);
  if (!options_.role.empty()) req.set("X-Client-Role", options_.role);
  if (!options_.token.empty() && !options_.token_in_query) req.set(http::field::authorization, "Bearer " + options_.token);
  http::write(stream, req, ec);
  if (ec) return -1;
  beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::read(stream, buf, res, ec);
  if (ec) return -1;
  return res.result_int();
}

int FakeOneBotWs::connect() {
  drop();
  ioc_ = std::make_unique<net::io_context>();
  ws_ = std::make_unique<Stream>(*ioc_);
  beast::error_code ec;
  beast::get_lowest_layer(*ws_).socket().connect(
      tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)), ec);
  if (ec) return -1;
  const Options o = options_;
  ws_->set_option(websocket::stream_base::decorator([o](websocket::request_type& req) {
    if (!o.self_id.empty()) req.set("X-Self-ID", o.self_id);
    if (!o.role.empty()) req.set("X-Client-Role", o.role);
    if (!o.token.empty() && !o.token_in_query) req.set(beast::http::field::authorization, "Bearer " + o.token);
    req.set(beast::http::field::user_agent, "FakeNapCat/1.0");
  }));
  std::string target = o.path;
  if (!o.token.empty() && o.token_in_query) target += "?access_token=" + o.token;
  websocket::response_type res;
  ws_->handshake(res, "127.0.0.1:" + std::to_string(port_), target, ec);
  if (ec) {
    ws_.reset();
    return probeStatus(target);
  }
  connected_.store(true);
  readLoop();
  io_ = std::thread([this] { ioc_->run(); });
  return 101;
}

void FakeOneBotWs::drop() {
  if (ws_ && ioc_) {
    net::post(*ioc_, [this] {
      beast::error_code ignored;
      beast::get_lowest_layer(*ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
      beast::get_lowest_layer(*ws_).socket().close(ignored);
    });
  }
  if (io_.joinable()) io_.join();
  ws_.reset();
  ioc_.reset();
  closed();
}

void FakeOneBotWs::closed() {
  std::lock_guard<std::mutex> lock(mu_);
  connected_.store(false);
  cv_.notify_all();
}

void FakeOneBotWs::readLoop() {
  ws_->async_read(buffer_, [this](beast::error_code ec, size_t) {
    if (ec) {
      closed();
      return;  // io_context runs out of work and the thread ends
    }
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    onFrame(text);
    if (connected_.load()) readLoop();
  });
}

void FakeOneBotWs::onFrame(const std::string& text) {
  auto frame = nlohmann::json::parse(text, nullptr, false);
  if (!frame.is_object() || !frame.contains("action")) return;
  Call call;
  call.action = frame.value("action", "");
  call.params = frame.value("params", nlohmann::json::object());
  call.echo = frame.contains("echo") && frame["echo"].is_string() ? frame["echo"].get<std::string>() : "";
  call.at_s = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch()).count();
  if (call.action == "get_group_msg_history") {
    // A read, not a send: answered before the faults, which are meant for the sends.
    nlohmann::json answer = options_.keeps_history
        ? nlohmann::json{{"status", "ok"}, {"retcode", 0}, {"data", history(call.params)}, {"echo", call.echo}}
        : nlohmann::json{{"status", "failed"}, {"retcode", 1404}, {"data", nullptr}, {"echo", call.echo}};
    if (options_.keeps_history) ++history_reads_;
    beast::error_code ec;
    ws_->text(true);
    ws_->write(net::buffer(answer.dump()), ec);
    return;
  }
  if (drop_next_.exchange(false)) {
    // A crash before the platform did anything: the call is not performed, nor recorded.
    beast::error_code ignored;
    beast::get_lowest_layer(*ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(*ws_).socket().close(ignored);
    closed();
    return;
  }
  nlohmann::json answer;
  if (silence_.load() > 0) {
    silence_.fetch_sub(1);
  } else if (fail_.load() > 0) {
    fail_.fetch_sub(1);
    answer = {{"status", "failed"}, {"retcode", fail_retcode_.load()}, {"data", nullptr}, {"echo", call.echo}};
  } else {
    std::lock_guard<std::mutex> lock(mu_);
    call.message_id = ++next_message_id_;
    answer = {{"status", "ok"}, {"retcode", 0}, {"data", {{"message_id", call.message_id}}}, {"echo", call.echo}};
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back(call);
    cv_.notify_all();
  }
  // On the io thread already: a synchronous write is fine (no other write is outstanding here).
  if (!answer.is_null()) {
    beast::error_code ec;
    ws_->text(true);
    ws_->write(net::buffer(answer.dump()), ec);
  }
}

bool FakeOneBotWs::write(std::string frame, bool text) {
  if (!connected_.load() || !ws_) return false;
  auto done = std::make_shared<std::promise<bool>>();
  auto result = done->get_future();
  net::post(*ioc_, [this, f = std::move(frame), text, done] {
    beast::error_code ec;
    ws_->text(text);
    ws_->write(net::buffer(f), ec);
    done->set_value(!ec);
  });
  if (result.wait_for(std::chrono::seconds(5)) != std::future_status::ready) return false;
  return result.get();
}

bool FakeOneBotWs::sendText(const std::string& frame) { return write(frame, true); }
bool FakeOneBotWs::sendBinary(const std::string& frame) { return write(frame, false); }

bool FakeOneBotWs::heartbeat(int64_t interval_ms) {
  nlohmann::json hb = {{"time", 1764590400},
                       {"self_id", std::stoll(options_.self_id)},
                       {"post_type", "meta_event"},
                       {"meta_event_type", "heartbeat"},
                       {"status", {{"online", true}, {"good", true}}},
                       {"interval", interval_ms}};
  return sendText(hb.dump());
}

nlohmann::json FakeOneBotWs::history(const nlohmann::json& params) const {
  nlohmann::json messages = nlohmann::json::array();
  const int64_t self = std::stoll(options_.self_id);
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& c : calls_) {
    if (c.action != "send_group_msg" || c.message_id == 0) continue;
    if (!params.contains("group_id") || c.params.value("group_id", nlohmann::json()) != params["group_id"]) continue;
    messages.push_back({{"message_type", "group"}, {"message_id", c.message_id}, {"time", c.at_s},
                        {"self_id", self}, {"user_id", self}, {"group_id", params["group_id"]},
                        {"raw_message", c.params.value("message", "")}});
  }
  return {{"messages", messages}};
}

std::vector<FakeOneBotWs::Call> FakeOneBotWs::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

bool FakeOneBotWs::waitForCalls(size_t n, int timeout_ms) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return calls_.size() >= n; });
}

bool FakeOneBotWs::waitClosed(int timeout_ms) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return !connected_.load(); });
}

}  // namespace gg::fakes
