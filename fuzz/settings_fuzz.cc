// gridgate.json, the runtime settings file: loadSettings reads it from a directory, then the
// channel section goes through loadChannelSettings (with an empty environment), as `gridgate
// check` and `serve` do. Neither throws nor crashes; a refusal always says why, and accepted
// settings keep their invariants (a port in 0..65535, 0 being any free port; positive limits).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "adapters/channel_settings.h"
#include "server/settings.h"

namespace fs = std::filesystem;

namespace {

const fs::path& configDir() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("gg-settings-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d / "share/rules/zh");
    fs::create_directories(d / "share/web");
    fs::create_directories(d / "config");
    gg::setShareDirOverride((d / "share").string());
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path config = configDir() / "config";
  std::ofstream(config / "gridgate.json", std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  auto s = gg::loadSettings(config.string());
  if (!s.isOk()) {
    if (s.status().message().empty()) std::abort();
    return 0;
  }
  if (s->server.port < 0 || s->server.port > 65535) std::abort();  // 0: any free port (tests)
  if (s->server.max_connections < 1 || s->server.workers < 1) std::abort();
  auto ch = gg::loadChannelSettings(s->channels, [](const char*) -> const char* { return nullptr; });
  if (!ch.isOk() && ch.status().message().empty()) std::abort();
  return 0;
}
