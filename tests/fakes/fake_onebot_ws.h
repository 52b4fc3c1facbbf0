#pragma once
// A fake OneBot v11 implementation on the reverse WebSocket (NapCat, Lagrange …): it dials
// gridgate's ws://…/onebot/v11/ws with X-Self-ID, X-Client-Role and the access token like the
// real ones, pushes event frames, and answers every {"action", "params", "echo"} call like the
// real API ({"status": "ok", "retcode": 0, "data": {"message_id"}, "echo"}). Faults on demand:
// drop the connection when the next call arrives (without performing it), leave calls
// unanswered, answer with a failed retcode. Written with Boost.Beast, as the server is, but
// sharing none of its code. Thread-safe.

#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace gg::fakes {

class FakeOneBotWs {
 public:
  struct Options {
    std::string self_id;
    std::string token;             // "" = send no token
    bool token_in_query = false;   // ?access_token= instead of the header
    std::string path = "/onebot/v11/ws";
    std::string role = "Universal";
    // Answers get_group_msg_history from the group messages it took (as NapCat does); false:
    // answers it retcode 1404, as an implementation without the action.
    bool keeps_history = true;
  };
  struct Call {
    std::string action;
    nlohmann::json params;
    std::string echo;
    int64_t message_id = 0;  // what we answered; 0 = not answered
    int64_t at_s = 0;        // when it was taken (Unix seconds)
  };

  FakeOneBotWs(int port, Options options);
  ~FakeOneBotWs();

  // Dials and upgrades. Returns 101 when connected, else the HTTP status of the refusal (401,
  // 400 …), or -1 when the TCP connection failed.
  int connect();
  // Drops the TCP connection without a close frame (a crashed client).
  void drop();
  bool connected() const { return connected_.load(); }

  // Sends one text or binary frame; false if not connected.
  bool sendText(const std::string& frame);
  bool sendBinary(const std::string& frame);
  // Sends a heartbeat meta event reporting interval_ms.
  bool heartbeat(int64_t interval_ms);

  // Faults for the next calls.
  void dropOnNextCall() { drop_next_.store(true); }
  void silenceNextCalls(int n) { silence_.store(n); }
  void failNextCalls(int n, int retcode) { fail_.store(n); fail_retcode_.store(retcode); }

  // Every call received (answered or not), oldest first; history reads are not calls.
  std::vector<Call> calls() const;
  // How many get_group_msg_history reads were answered.
  int historyReads() const { return history_reads_.load(); }
  // Waits until at least n calls were received; false after timeout_ms.
  bool waitForCalls(size_t n, int timeout_ms) const;
  // Waits until the connection has ended; false after timeout_ms.
  bool waitClosed(int timeout_ms) const;

 private:
  using Stream = boost::beast::websocket::stream<boost::beast::tcp_stream>;
  void readLoop();
  void onFrame(const std::string& text);
  // The answer to get_group_msg_history: the bot's messages in that group, oldest first.
  nlohmann::json history(const nlohmann::json& params) const;
  bool write(std::string frame, bool text);
  void closed();
  int probeStatus(const std::string& target);

  int port_;
  Options options_;
  std::unique_ptr<boost::asio::io_context> ioc_;  // one per connection: nothing stale carries over
  std::unique_ptr<Stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::thread io_;
  std::atomic<bool> connected_{false};
  std::atomic<bool> drop_next_{false};
  std::atomic<int> silence_{0};
  std::atomic<int> fail_{0};
  std::atomic<int> fail_retcode_{1404};
  std::atomic<int> history_reads_{0};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<Call> calls_;
  int64_t next_message_id_ = 5000;
};

}  // namespace gg::fakes
