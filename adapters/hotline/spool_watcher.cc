#include "adapters/hotline/spool_watcher.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "adapters/hotline/hotline_call.h"
#include "core/log.h"

namespace gg {

namespace fs = std::filesystem;

SpoolWatcher::SpoolWatcher(fs::path dir, Ingest ingest, Millis poll_interval_ms, Millis settle_ms)
    : dir_(std::move(dir)),
      ingest_(std::move(ingest)),
      poll_ms_(poll_interval_ms),
      settle_ms_(settle_ms) {}

SpoolWatcher::~SpoolWatcher() { stop(); }

Status SpoolWatcher::scanOnce() {
  std::lock_guard<std::mutex> scan_lock(scan_mu_);
  std::error_code ec;
  std::vector<fs::path> ready;
  auto now = fs::file_time_type::clock::now();
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".jsonl") continue;
    auto mtime = entry.last_write_time(ec);
    if (ec) continue;
    auto age = std::chrono::duration_cast<std::chrono::milliseconds>(now - mtime).count();
    if (age < settle_ms_) continue;  // may still be written by a producer ignoring the rename rule
    ready.push_back(entry.path());
  }
  if (ec) return internalError("cannot list spool dir " + dir_.string() + ": " + ec.message());
  std::sort(ready.begin(), ready.end());
  for (const auto& file : ready) {
    Status s = processFile(file);
    if (!s.isOk()) {
      std::lock_guard<std::mutex> lock(mu_);
      ++stats_.scan_errors;
      return s;
    }
  }
  return Status::ok();
}

Status SpoolWatcher::processFile(const fs::path& file) {
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
    Status s = env.isOk() ? ingest_(*env) : env.status();
    if (s.isOk()) {
      ++ingested;
      continue;
    }
    bool line_fault = s.code() == Code::kInvalidArgument || s.code() == Code::kTooLarge;
    if (!line_fault) {
      log::warn("spool file={} line={} ingest failed, will retry: {}", file.filename().string(),
                line_no, s.toString());
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
    std::ofstream out(dir_ / "rejects" / (stem + ".rejects.jsonl"),
                      std::ios::app | std::ios::binary);
    out << rejects;
    if (!out) return internalError("cannot write rejects for " + file.string());
  }
  fs::create_directories(dir_ / "done", ec);
  fs::path target = dir_ / "done" / file.filename();
  for (int n = 1; fs::exists(target, ec); ++n) {
    target = dir_ / "done" / (stem + "." + std::to_string(n) + ".jsonl");
  }
  fs::rename(file, target, ec);
  if (ec) return internalError("cannot move " + file.string() + " to done/: " + ec.message());
  log::info("spool file={} ingested={} rejected={}", file.filename().string(), ingested, rejected);
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
