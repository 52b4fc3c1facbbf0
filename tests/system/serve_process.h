#pragma once
// A real `gridgate serve` child process for the system tests: started with its own environment
// (channel endpoints and secrets pointing at in-process fakes), SIGKILLed at will and started
// again on the same ports and database. Test-only code.

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace gg::test {

// Returns a TCP port on 127.0.0.1 that was free a moment ago (bind to 0, read it, close).
int freePort();

class ServeProcess {
 public:
  // binary: the built gridgate; args: what follows `gridgate` (e.g. serve --config … --db …);
  // env: the child's whole environment; log_path: its stdout and stderr (appended).
  ServeProcess(std::string binary, std::vector<std::string> args,
               std::map<std::string, std::string> env, std::string log_path);
  ~ServeProcess();

  // Forks and execs the child; false if fork failed.
  bool start();
  // Waits until GET http://127.0.0.1:<http_port>/healthz answers (any status) and, when
  // ws_port > 0, that port accepts connections; false after timeout_ms or if the child died.
  bool waitReady(int http_port, int ws_port, int timeout_ms);
  // SIGKILL (no cleanup, as a power cut or the OOM killer), then reaps the child.
  void kill9();
  // SIGTERM and waits up to timeout_ms for a graceful exit; returns the exit status (or -1,
  // after a SIGKILL, when it did not stop in time).
  int terminate(int timeout_ms);
  bool running() const { return pid_ > 0; }

 private:
  std::string binary_;
  std::vector<std::string> args_;
  std::map<std::string, std::string> env_;
  std::string log_path_;
  pid_t pid_ = -1;
};

// Runs binary with args and env to completion; returns its stdout (empty on failure).
std::string runToCompletion(const std::string& binary, const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env);

}  // namespace gg::test
