// The anchor of bench/ingest.sh: the same Debian cpp-httplib, tuned as gridgate's server is
// (TCP_NODELAY, keep-alive 100, enough threads for every connection wrk opens), answering
// POST /hooks/onebot by echoing the body and doing nothing else. What gridgate reaches of its
// req/s is what the message path (parse, classify, route, commit) costs on top of HTTP.
// Usage: echo_server HOST PORT [THREADS]
#include <httplib.h>

#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <string>

// httplib 0.11 listens with a backlog of 5: 64 connections opened at once overflow it and the
// kernel makes some wait for a SYN-ACK retransmission (1 s, 3 s), which p99 then shows. The same
// widening as gridgate's GuardedServer, so neither side measures the other's accept queue.
class WideBacklogServer : public httplib::Server {
 public:
  void widenBacklog(int n) { ::listen(svr_sock_, n); }
};

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: echo_server HOST PORT [THREADS]\n");
    return 2;
  }
  const std::string host = argv[1];
  const int port = std::atoi(argv[2]);
  // More threads than connections: otherwise p99 measures waiting for a thread (performance
  // notes A4), and the anchor would look slower than it is.
  const size_t threads = argc > 3 ? static_cast<size_t>(std::atoi(argv[3])) : 512;
  WideBacklogServer svr;
  svr.set_tcp_nodelay(true);  // without it every keep-alive answer waits 40 ms (notes A3)
  svr.set_keep_alive_max_count(100);
  svr.set_keep_alive_timeout(5);
  svr.set_read_timeout(5, 0);
  svr.set_write_timeout(5, 0);
  svr.set_payload_max_length(1 << 20);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"status\":\"ok\"}", "application/json");
  });
  svr.Post("/hooks/onebot", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.body, "application/json");
  });
  // gridgate's dispatcher posts its outbox here during the run (GRIDGATE_ONEBOT_API): answer as
  // a OneBot implementation that took the message, so rows are sent rather than retried.
  svr.Post(R"(/send_\w+)", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"status\":\"ok\",\"retcode\":0,\"data\":{\"message_id\":1}}", "application/json");
  });
  if (!svr.bind_to_port(host, port)) {
    std::fprintf(stderr, "echo_server: cannot listen on %s:%d\n", host.c_str(), port);
    return 1;
  }
  svr.widenBacklog(1024);
  return svr.listen_after_bind() ? 0 : 1;
}
