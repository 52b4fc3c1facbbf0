#include "adapters/hotline/spool_watcher.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "adapters/hotline/hotline_call.h"
#include "core/log.h"

namespace gg {

namespace fs = std::filesystem;

namespace {

// File names go into logs quoted and escaped: a newline in a name must not forge a log line.
std::string quoted(const fs::path& p) {
  return nlohmann::json(p.filename().string())
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A control character (a newline, an escape) is never in a name a producer makes, and in a name
// it forges lines in anything that lists the folder: such a file is moved aside unread.
bool hasControlChar(const std::string& name) {
  return std::any_of(name.begin(), name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// A name for a file derived from `stem` that fits every file system (NAME_MAX is 255 bytes):
// long stems are cut on a UTF-8 boundary and keep a hash of the full name, so two long names
// never collide. Control characters become '_' (the hash keeps such names apart).
std::string derivedName(std::string stem, const std::string& suffix) {
  constexpr size_t kMaxStem = 160;
  const bool odd = hasControlChar(stem);
  const std::string original = stem;
  for (char& c : stem) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) == 0x7f) c = '_';
  }
  if (!odd && stem.size() + suffix.size() <= 200) return stem + suffix;
  size_t cut = std::min(kMaxStem, stem.size());
  while (cut > 0 && cut < stem.size() && (static_cast<unsigned char>(stem[cut]) & 0xC0) == 0x80) --cut;
  char hash[17];
  std::snprintf(hash, sizeof(hash), "%016zx", std::hash<std::string>{}(original));
  return stem.substr(0, cut) + "~" + hash + suffix;
}

}  // namespace

SpoolWatcher::SpoolWatcher(fs::path dir, InboundSink& sink, Millis poll_interval_ms, Millis settle_ms)
    : dir_(std::move(dir)),
      sink_(sink),
      poll_ms_(poll_interval_ms),
      settle_ms_(settle_ms) {}

SpoolWatcher::~SpoolWatcher() { stop(); }

Status SpoolWatcher::scanOnce() {
  std::lock_guard<std::mutex> scan_lock(scan_mu_);
  std::error_code ec;
  std::vector<fs::path> ready;
  auto now = fs::file_time_type::clock::now();
  std::vector<fs::path> links;
  std::vector<fs::path> odd;  // names with control characters
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    if (entry.path().extension() != ".jsonl") continue;
    // A symlink could point anywhere on the machine: it is never followed, only moved aside.
    if (entry.is_symlink(ec)) {
      links.push_back(entry.path());
      continue;
    }
    if (!entry.is_regular_file(ec)) continue;
    if (hasControlChar(entry.path().filename().string())) {
      odd.push_back(entry.path());
      continue;
    }
    auto mtime = entry.last_write_time(ec);
    if (ec) continue;
    auto age = std::chrono::duration_cast<std::chrono::milliseconds>(now - mtime).count();
    if (age < settle_ms_) continue;  // may still be written by a producer ignoring the rename rule
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (skipped_.count(entry.path().string())) continue;
    }
    ready.push_back(entry.path());
  }
  if (ec) return internalError("cannot list spool dir " + dir_.string() + ": " + ec.message());
  for (const auto& link : links) {
    log::warn("spool file={} is a symlink; moved to failed/ without reading it", quoted(link));
    moveAside(link);
  }
  for (const auto& file : odd) {
    log::warn("spool file={} has a control character in its name; moved to failed/ without reading it",
              quoted(file));
    moveAside(file);
  }
  std::sort(ready.begin(), ready.end());
  for (const auto& file : ready) {
    bool transient = false;
    Status s = processFile(file, &transient);
    if (s.isOk()) continue;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++stats_.scan_errors;
    }
    // A transient ingest failure (the database is busy or down) is not the file's fault: stop
    // and retry it on the next scan. Anything else is this file's problem: it goes aside to
    // failed/ and the files after it still go in.
    if (transient) return s;
    log::warn("spool file={} failed and moved to failed/: {}", quoted(file), s.toString());
    moveAside(file);
  }
  return Status::ok();
}

void SpoolWatcher::moveAside(const fs::path& file) {
  std::error_code ec;
  fs::create_directories(dir_ / "failed", ec);
  const std::string stem = file.stem().string();
  fs::path target = dir_ / "failed" / derivedName(stem, ".jsonl");
  for (int n = 1; fs::exists(fs::symlink_status(target, ec)) && n < 1000; ++n) {
    target = dir_ / "failed" / derivedName(stem, "." + std::to_string(n) + ".jsonl");
  }
  fs::rename(file, target, ec);
  if (ec) {
    // Cannot even move it (read-only dir?): delete nothing, but never look at it again.
    std::lock_guard<std::mutex> lock(mu_);
    skipped_.insert(file.string());
  }
}

Status SpoolWatcher::processFile(const fs::path& file, bool* transient) {
  // Checked again right before opening: the entry may have been swapped for a link since.
  std::error_code lec;
  if (fs::is_symlink(fs::symlink_status(file, lec))) return invalidArgument("file is a symlink");
  std::ifstream in(file, std::ios::binary);
  if (!in) return internalError("cannot open " + file.string());
  std::string rejects;  // buffered so a retried file does not duplicate its rejects
  std::string line;
  int64_t line_no = 0;
  int64_t ingested = 0;
  int64_t rejected = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto env = parseHotlineCallText(line);
    Status s = env.isOk() ? sink_.accept(*env) : env.status();
    if (s.isOk()) {
      ++ingested;
      continue;
    }
    bool line_fault = s.code() == Code::kInvalidArgument || s.code() == Code::kTooLarge;
    if (!line_fault) {
      *transient = true;
      log::warn("spool file={} line={} ingest failed, will retry: {}", quoted(file), line_no,
                s.toString());
      return s;
    }
    nlohmann::json rej = {{"line", line_no},
                          {"reason", s.message()},
                          {"raw", line.size() > 4096 ? line.substr(0, 4096) : line}};
    rejects += rej.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    ++rejected;
  }
  in.close();

  std::error_code ec;
  std::string stem = file.stem().string();
  if (!rejects.empty()) {
    fs::create_directories(dir_ / "rejects", ec);
    std::ofstream out(dir_ / "rejects" / derivedName(stem, ".rejects.jsonl"),
                      std::ios::app | std::ios::binary);
    out << rejects;
    if (!out) return internalError("cannot write rejects for " + file.string());
  }
  fs::create_directories(dir_ / "done", ec);
  fs::path target = dir_ / "done" / derivedName(stem, ".jsonl");
  for (int n = 1; fs::exists(fs::symlink_status(target, ec)); ++n) {
    target = dir_ / "done" / derivedName(stem, "." + std::to_string(n) + ".jsonl");
  }
  fs::rename(file, target, ec);
  if (ec) return internalError("cannot move " + file.string() + " to done/: " + ec.message());
  log::info("spool file={} ingested={} rejected={}", quoted(file), ingested, rejected);
  std::lock_guard<std::mutex> lock(mu_);
  ++stats_.files_done;
  stats_.lines_ingested += ingested;
  stats_.lines_rejected += rejected;
  return Status::ok();
}

void SpoolWatcher::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void SpoolWatcher::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

SpoolWatcher::Stats SpoolWatcher::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

void SpoolWatcher::run() {
  for (;;) {
    Status s = scanOnce();
    if (!s.isOk()) log::warn("spool scan dir={}: {}", dir_.string(), s.toString());
    std::unique_lock<std::mutex> lock(mu_);
    if (cv_.wait_for(lock, std::chrono::milliseconds(poll_ms_), [this] { return stopping_; })) {
      return;
    }
  }
}

}  // namespace gg
