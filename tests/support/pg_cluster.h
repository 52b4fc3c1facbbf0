#pragma once
// A throwaway PostgreSQL cluster for tests, from Debian's postgresql package: initdb into a fresh
// folder under /tmp, started by pg_ctl on a free port with its unix socket in that folder and no
// TCP listener, trust authentication, fsync off (a test's data need not survive a power cut).
// One cluster per test process, started on first use; each test takes a fresh database in it.
// As root it runs as `nobody` (PostgreSQL refuses to run as root). It is stopped and removed when
// the process exits — also when it crashes: a watchdog shell waits on a pipe whose other end
// only this process holds.
//
//   auto db = test::PgCluster::freshDatabase();        // skips the test if there is no PostgreSQL
//   if (!db) GTEST_SKIP() << test::PgCluster::unavailableReason();

#include <pwd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "storage/pg/pg_connection.h"

namespace gg::test {

class PgCluster {
 public:
  // Returns the folder of initdb/pg_ctl (the newest /usr/lib/postgresql/N/bin), or "".
  static std::string binDir() {
    std::string best;
    int best_major = -1;
    std::error_code ec;
    for (const auto& d : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
      const auto bin = d.path() / "bin";
      if (!std::filesystem::exists(bin / "initdb") || !std::filesystem::exists(bin / "pg_ctl")) continue;
      const int major = std::atoi(d.path().filename().c_str());
      if (major > best_major) best_major = major, best = bin.string();
    }
    return best;
  }

  // Why freshDatabase() returns nullopt: only when the binaries are absent.
  static std::string unavailableReason() {
    return "PostgreSQL binaries not found (/usr/lib/postgresql/*/bin/initdb, pg_ctl): "
           "apt-get install postgresql to run this test on PostgreSQL";
  }

  // Returns the URL of a new, empty database in this process's cluster, or nullopt when
  // PostgreSQL is not installed. Throws std::runtime_error (with the server's log) when it is
  // installed but cannot be started: that is a failure, not a reason to skip.
  static std::optional<std::string> freshDatabase() {
    PgCluster* c = shared();
    if (c == nullptr) return std::nullopt;
    return c->createDatabase();
  }

  // Returns the URL of database name in this process's cluster (which must be running).
  static std::string urlOf(const std::string& name) { return shared()->url(name); }

  ~PgCluster() {
    run(asOwner(bin_ + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop") + " >/dev/null 2>&1");
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    if (watchdog_fd_ >= 0) ::close(watchdog_fd_);
  }

 private:
  static PgCluster* shared() {
    static std::once_flag once;
    static std::unique_ptr<PgCluster> cluster;
    std::call_once(once, [] {
      const std::string bin = binDir();
      if (!bin.empty()) cluster.reset(new PgCluster(bin));
    });
    return cluster.get();
  }

  explicit PgCluster(std::string bin) : bin_(std::move(bin)) {
    const bool root = ::geteuid() == 0;
    std::string tmpl = "/tmp/gridgate-pg-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed: " + tmpl);
    dir_ = tmpl;
    if (root) {
      const passwd* pw = ::getpwnam("nobody");
      if (pw == nullptr) throw std::runtime_error("no user nobody to run PostgreSQL as");
      if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("chown " + dir_);
      owner_ = "nobody";
    }
    port_ = freePort();
    if (run(asOwner(bin_ + "/initdb -D " + dir_ + "/data -A trust -U gridgate --no-locale -E UTF8") +
            " >" + dir_ + "/initdb.log 2>&1") != 0) {
      fail("initdb failed", dir_ + "/initdb.log");
    }
    const std::string opts = "-p " + std::to_string(port_) + " -k " + dir_ +
                             " -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
                             " -c full_page_writes=off -c shared_buffers=16MB -c max_connections=60";
    if (run(asOwner(bin_ + "/pg_ctl -D " + dir_ + "/data -l " + dir_ + "/server.log -w -t 60 -o \"" +
                    opts + "\" start") + " >/dev/null 2>&1") != 0) {
      fail("pg_ctl start failed", dir_ + "/server.log");
    }
    startWatchdog();
  }

  std::string url(const std::string& db) const {
    std::string host;
    for (char ch : dir_) host += ch == '/' ? std::string("%2F") : std::string(1, ch);
    return "postgresql://gridgate@" + host + ":" + std::to_string(port_) + "/" + db;
  }

  std::string createDatabase() {
    static std::atomic<int> n{0};
    const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++n);
    std::lock_guard<std::mutex> lock(mu_);
    pg::PgConnection admin(url("postgres"));
    admin.execute("CREATE DATABASE " + name);
    return url(name);
  }

  std::string asOwner(const std::string& cmd) const {
    return owner_.empty() ? cmd : "runuser -u " + owner_ + " -- " + cmd;
  }

  static int run(const std::string& cmd) { return std::system(cmd.c_str()); }

  [[noreturn]] static void fail(const std::string& what, const std::string& log) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    throw std::runtime_error(what + ":\n" + text.str());
  }

  // A free TCP port: the cluster listens only on its unix socket, but a port number that nothing
  // else uses keeps its socket name and any log line unambiguous.
  static int freePort() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof(a);
    int port = 0;
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0 &&
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
      port = ntohs(a.sin_port);
    }
    ::close(s);
    if (port == 0) throw std::runtime_error("no free port");
    return port;
  }

  // A shell that reads from a pipe only this process can write to: at EOF (this process ended,
  // however it ended) it stops the cluster and removes the folder.
  void startWatchdog() {
    int fds[2];
    if (::pipe(fds) != 0) return;
    ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    const std::string script = "exec >/dev/null 2>&1; cat >/dev/null; " +
                               asOwner(bin_ + "/pg_ctl -D " + dir_ + "/data -m immediate stop") +
                               " >/dev/null 2>&1; rm -rf " + dir_;
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::dup2(fds[0], 0);
      ::close(fds[1]);
      ::setsid();
      ::execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[0]);
    watchdog_fd_ = fds[1];
  }

  std::string bin_;
  std::string dir_;
  std::string owner_;
  int port_ = 0;
  int watchdog_fd_ = -1;
  std::mutex mu_;
};

}  // namespace gg::test
