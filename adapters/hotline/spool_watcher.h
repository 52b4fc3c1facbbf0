#pragma once
// Watches a spool directory of hotline calls in JSONL (one call per line, see hotline_call.h).
//
// Write convention (so a file is never half-read): the producer writes "<name>.jsonl.tmp" (or
// any name not ending in ".jsonl") and renames it to "<name>.jsonl" when complete; as a second
// guard only files whose mtime is at least settle_ms old are taken.
// Each good line is ingested; a bad line is appended to <dir>/rejects/<name>.rejects.jsonl as
// {"line": N, "reason": "...", "raw": "..."} and the rest of the file still goes in; the
// finished file moves to <dir>/done/<name>.jsonl. If ingest fails with a transient error
// (anything but invalidArgument / tooLarge) the file stays where it is and is retried on the
// next scan; lines already ingested then come back as duplicates, which ingest accepts.
// Any other per-file failure (unreadable, rejects cannot be written, cannot be moved) moves
// the file to <dir>/failed/ and the scan goes on with the next file; symlinks are never
// followed, only moved to failed/, and neither is a file whose name has a control character
// (a newline, an escape: no producer makes one) — it goes to failed/ unread, the control
// characters there replaced by '_'. Only entries of dir itself are looked at (never
// subdirectories, never a path outside it). Derived names are cut to fit NAME_MAX; names are
// logged quoted and escaped.

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>

#include "model/envelope.h"
#include "core/clock.h"
#include "core/result.h"

namespace gg {

class SpoolWatcher {
 public:
  struct Stats {
    int64_t files_done = 0;
    int64_t lines_ingested = 0;
    int64_t lines_rejected = 0;
    int64_t scan_errors = 0;
  };

  // dir must exist (rejects/ and done/ are created on demand). sink.accept() is called from the
  // scanning thread. settle_ms: minimum file age before it is read.
  SpoolWatcher(std::filesystem::path dir, InboundSink& sink, Millis poll_interval_ms,
               Millis settle_ms = 1000);
  ~SpoolWatcher();

  SpoolWatcher(const SpoolWatcher&) = delete;
  SpoolWatcher& operator=(const SpoolWatcher&) = delete;

  // Processes every ready *.jsonl file once, in name order. Returns the first transient error
  // (the file concerned is left for the next scan) or an internal error for file-system
  // failures; OK otherwise, including when bad lines were rejected.
  Status scanOnce();

  // Starts a background thread calling scanOnce() every poll interval. Idempotent.
  void start();
  // Stops and joins the thread; safe to call twice or without start().
  void stop();

  Stats stats() const;

 private:
  // *transient is set when ingest (not the file) failed: the file stays for the next scan.
  Status processFile(const std::filesystem::path& file, bool* transient);
  // Moves a file that cannot be processed (or a symlink) to <dir>/failed/.
  void moveAside(const std::filesystem::path& file);
  void run();

  std::filesystem::path dir_;
  InboundSink& sink_;
  Millis poll_ms_;
  Millis settle_ms_;
  std::mutex scan_mu_;  // one scan at a time (thread + manual calls)
  mutable std::mutex mu_;
  std::unordered_set<std::string> skipped_;  // could not even be moved aside; guarded by mu_
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
  Stats stats_;
};

}  // namespace gg
