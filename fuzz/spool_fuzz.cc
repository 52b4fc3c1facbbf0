// The hotline spool watcher's file handling: the input is a file name, a NUL, and the file's
// contents (no NUL: the whole input is the contents of "calls.jsonl"). The name is used as it
// comes (a newline, "..", invalid UTF-8, up to NAME_MAX bytes; '/' cannot be in a name and
// becomes '_'), ".jsonl" is added when missing. One scan must leave nothing in the spool's top
// level (each file is in done/ or failed/), create nothing outside the spool directory, and
// hand the sink no more calls than the file has lines.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "adapters/hotline/spool_watcher.h"
#include "core/log.h"

namespace fs = std::filesystem;

namespace {

class CountingSink : public gg::InboundSink {
 public:
  gg::Status accept(const gg::InboundEnvelope& env) override {
    if (env.platform_msg_id.empty()) std::abort();
    ++accepted;
    return gg::Status::ok();
  }
  size_t accepted = 0;
};

const fs::path& base() {
  static const fs::path b = [] {
    gg::log::init("off");
    fs::path d = fs::temp_directory_path() / ("gg-spool-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
  }();
  return b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t nul = in.find('\0');
  std::string name = nul == std::string_view::npos ? "calls" : std::string(in.substr(0, nul));
  const std::string_view content = nul == std::string_view::npos ? in : in.substr(nul + 1);
  std::replace(name.begin(), name.end(), '/', '_');
  constexpr size_t kNameMax = 255;
  if (name.size() > kNameMax - 6) name.resize(kNameMax - 6);
  if (name.size() < 6 || name.compare(name.size() - 6, 6, ".jsonl") != 0) name += ".jsonl";

  const fs::path spool = base() / "spool";
  fs::remove_all(spool);
  fs::create_directories(spool);
  {
    std::ofstream out(spool / name, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) return 0;  // the file system refused the name itself
  }
  CountingSink sink;
  gg::SpoolWatcher watcher(spool, sink, 1000, /*settle_ms=*/0);
  (void)watcher.scanOnce();

  for (const auto& e : fs::directory_iterator(base())) {
    if (e.path().filename() != "spool") std::abort();  // something written outside the spool
  }
  for (const auto& e : fs::directory_iterator(spool)) {
    if (e.path().extension() == ".jsonl") std::abort();  // a file neither done nor moved aside
  }
  const size_t lines = static_cast<size_t>(std::count(content.begin(), content.end(), '\n')) + 1;
  if (sink.accepted > lines) std::abort();
  return 0;
}
