#include "adapters/onebot/ws_server.h"

#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "adapters/crypto.h"
#include "core/log.h"
#include "core/numeric_id.h"

namespace gg {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The value of name in a query string, percent-decoded ("" if absent).
std::string queryParam(const std::string& query, const std::string& name) {
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string::npos) end = query.size();
    const std::string part = query.substr(pos, end - pos);
    const size_t eq = part.find('=');
    if (part.substr(0, eq) == name && eq != std::string::npos) {
      std::string out;
      const std::string v = part.substr(eq + 1);
      for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '%' && i + 2 < v.size() && std::isxdigit(static_cast<unsigned char>(v[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(v[i + 2]))) {
          out += static_cast<char>(std::stoi(v.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else {
          out += v[i] == '+' ? ' ' : v[i];
        }
      }
      return out;
    }
    pos = end + 1;
  }
  return "";
}

}  // namespace

int checkWsUpgrade(const std::string& target, const std::string& authorization,
                   const std::string& x_self_id, const std::string& x_client_role,
                   const std::string& access_token, std::string* role, std::string* reason) {
  const size_t q = target.find('?');
  std::string path = target.substr(0, q);
  const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  // The universal path, and the split api / event paths of the spec (ws_reverse_api_url, …).
  std::string path_role;
  if (path == "/onebot/v11/ws") {
    path_role = "";
  } else if (path == "/onebot/v11/ws/api") {
    path_role = "api";
  } else if (path == "/onebot/v11/ws/event") {
    path_role = "event";
  } else {
    *reason = "unknown path";
    return 404;
  }
  if (!access_token.empty()) {
    std::string given;
    const size_t sp = authorization.find(' ');
    if (sp != std::string::npos) {
      const std::string scheme = lower(authorization.substr(0, sp));
      // OneBot v11 says Bearer; go-cqhttp and its descendants send "Token".
      if (scheme == "bearer" || scheme == "token") given = authorization.substr(sp + 1);
    }
    if (given.empty()) given = queryParam(query, "access_token");
    if (given.empty() || !constantTimeEquals(given, access_token)) {
      *reason = given.empty() ? "access token missing" : "access token wrong";
      return 401;
    }
  }
  if (!parseDecimalId(x_self_id, /*allow_negative=*/false) || x_self_id.empty() || x_self_id[0] == '0') {
    *reason = "X-Self-ID must be the account's positive numeric id";
    return 400;
  }
  std::string header_role = lower(x_client_role);
  if (header_role.empty()) header_role = path_role.empty() ? "universal" : path_role;
  if (header_role != "universal" && header_role != "api" && header_role != "event") {
    *reason = "X-Client-Role must be Universal, API or Event";
    return 400;
  }
  if (!path_role.empty() && header_role != path_role && header_role != "universal") {
    *reason = "X-Client-Role does not match the path";
    return 400;
  }
  *role = path_role.empty() ? header_role : path_role;
  return 0;
}

// One connection from accept to upgrade: reads the request head within the limits and either
// refuses it with a small JSON answer or upgrades it and hands it to the hub.
class OneBotWsServer::Handshake : public std::enable_shared_from_this<Handshake> {
 public:
  Handshake(tcp::socket socket, OneBotWsServer& server, std::shared_ptr<std::atomic<size_t>> open)
      : stream_(std::move(socket)), server_(server), open_(std::move(open)) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    peer_ = ec ? "?" : ep.address().to_string() + ":" + std::to_string(ep.port());
  }
  ~Handshake() {
    if (!upgraded_) open_->fetch_sub(1);
  }

  void run() {
    parser_.header_limit(kMaxWsHandshakeBytes);
    parser_.body_limit(0);
    stream_.expires_after(std::chrono::seconds(kWsHandshakeSeconds));
    http::async_read(stream_, buffer_, parser_,
                     beast::bind_front_handler(&Handshake::onRead, shared_from_this()));
  }

 private:
  void onRead(beast::error_code ec, size_t) {
    if (ec == http::error::header_limit) return refuse(http::status::request_header_fields_too_large, "request head too large");
    if (ec == http::error::body_limit) return refuse(http::status::payload_too_large, "a body is not expected");
    if (ec) {
      log::info("onebot ws peer={}: upgrade request not read: {}", peer_, ec.message());
      return;
    }
    const auto& req = parser_.get();
    std::string role, reason;
    int status = checkWsUpgrade(std::string(req.target()), std::string(req[http::field::authorization]),
                                std::string(req["X-Self-ID"]), std::string(req["X-Client-Role"]),
                                server_.settings_.access_token, &role, &reason);
    if (status == 0 && !websocket::is_upgrade(req)) {
      status = 426;
      reason = "a WebSocket upgrade is required";
    }
    if (status != 0) {
      // Never the token: only why it was refused.
      log::warn("onebot ws peer={} refused {}: {}", peer_, status, reason);
      return refuse(static_cast<http::status>(status), reason);
    }
    self_id_ = std::string(req["X-Self-ID"]);
    role_ = role;
    ws_ = std::make_unique<WsSession::Stream>(std::move(stream_));
    beast::get_lowest_layer(*ws_).expires_never();
    ws_->set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_->set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
      res.set(http::field::server, "gridgate");
    }));
    ws_->async_accept(req, beast::bind_front_handler(&Handshake::onAccept, shared_from_this()));
  }

  void onAccept(beast::error_code ec) {
    if (ec) {
      log::info("onebot ws peer={}: upgrade failed: {}", peer_, ec.message());
      return;
    }
    upgraded_ = true;
    auto open = open_;
    // The session keeps the connection count until it is destroyed.
    struct Release {
      std::shared_ptr<std::atomic<size_t>> open;
      ~Release() { open->fetch_sub(1); }
    };
    auto release = std::make_shared<Release>();
    release->open = open;
    auto session = std::shared_ptr<WsSession>(
        new WsSession(std::move(*ws_), self_id_, "reverse-ws", role_, peer_, server_.hub_,
                      server_.settings_.limits),
        [release](WsSession* s) { delete s; });
    server_.hub_.add(session);
  }

  void refuse(http::status status, const std::string& reason) {
    auto res = std::make_shared<http::response<http::string_body>>(status, 11);
    res->set(http::field::server, "gridgate");
    res->set(http::field::content_type, "application/json");
    res->set(http::field::connection, "close");
    nlohmann::json body = {{"error", status == http::status::unauthorized ? "unauthenticated" : "refused"},
                           {"detail", reason}};
    res->body() = body.dump();
    res->prepare_payload();
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code, size_t) {
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    });
  }

  beast::tcp_stream stream_;
  OneBotWsServer& server_;
  std::shared_ptr<std::atomic<size_t>> open_;
  beast::flat_buffer buffer_;
  http::request_parser<http::empty_body> parser_;
  std::unique_ptr<WsSession::Stream> ws_;
  std::string peer_;
  std::string self_id_;
  std::string role_;
  bool upgraded_ = false;
};

OneBotWsServer::OneBotWsServer(OneBotWsHub& hub, WsServerSettings settings)
    : hub_(hub), settings_(std::move(settings)), acceptor_(ioc_),
      open_(std::make_shared<std::atomic<size_t>>(0)) {}

OneBotWsServer::~OneBotWsServer() { stop(); }

Status OneBotWsServer::start() {
  beast::error_code ec;
  auto address = net::ip::make_address(settings_.host, ec);
  if (ec) return invalidArgument("channels.onebot.ws_listen: bad host " + settings_.host);
  tcp::endpoint ep(address, static_cast<unsigned short>(settings_.port));
  acceptor_.open(ep.protocol(), ec);
  // SO_REUSEADDR (never SO_REUSEPORT): after a crash the old connections sit in TIME_WAIT and
  // without it a restart cannot listen for a minute; a port another process listens on is still
  // "in use" (Linux refuses a second listener on it).
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return unavailable("cannot listen for onebot websocket on " + settings_.host + ":" +
                       std::to_string(settings_.port) + ": " + ec.message());
  }
  port_ = acceptor_.local_endpoint().port();
  if (settings_.access_token.empty()) {
    log::warn("onebot access token unset: the websocket accepts any client");
  }
  doAccept();
  for (int i = 0; i < kWsIoThreads; ++i) {
    threads_.emplace_back([this] {
      // A handler that throws must not take the process down, nor leave the sockets unserved.
      for (;;) {
        try {
          ioc_.run();
          return;
        } catch (const std::exception& e) {
          log::error("onebot reverse ws: io handler threw: {}", e.what());
        }
      }
    });
  }
  started_ = true;
  log::info("onebot reverse websocket on ws://{}:{}/onebot/v11/ws", settings_.host, port_);
  return Status::ok();
}

void OneBotWsServer::doAccept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    if (!ec) {
      if (open_->load() >= kMaxWsConnections) {
        log::warn("onebot ws: {} connections open, new one closed", open_->load());
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        open_->fetch_add(1);
        std::make_shared<Handshake>(std::move(socket), *this, open_)->run();
      }
    }
    if (acceptor_.is_open()) doAccept();
  });
}

void OneBotWsServer::stop() {
  if (!started_) return;
  started_ = false;
  net::post(ioc_, [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
  // Only this listener's connections: the hub is shared with the forward dialler.
  auto mine = hub_.sessionsOf("reverse-ws");
  for (const auto& s : mine) s->close();
  // Give the close handshakes a moment, then cut whatever is left, so that every connection
  // ends (its waiting calls fail, the hub hears onClosed) before the io threads stop.
  const auto ended = [&] {
    for (const auto& s : mine) {
      if (!s->ended()) return false;
    }
    return true;
  };
  for (int i = 0; i < 50 && (!ended() || open_->load() > 0); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (const auto& s : mine) {
    if (!s->ended()) s->abort("gridgate stopping, close not answered");
  }
  for (int i = 0; i < 50 && !ended(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ioc_.stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  // Anything upgraded meanwhile, or not ended in time: no socket may outlive its io_context
  // inside the hub.
  for (const auto& s : hub_.sessionsOf("reverse-ws")) hub_.forget(s);
}

}  // namespace gg
