// The organisation config files (street.json, departments.json, communities/*.json) as a
// street's staff write them: the first byte picks which file of the demo street the rest
// replaces (or adds as a new community), then loadOrg reads the directory. Loading never
// throws or crashes; it either fails with a message naming a file, or gives an Org whose
// summary can be built.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "org/loader.h"

namespace fs = std::filesystem;

namespace {

// A private copy of the demo street (street, departments, one community), made once per process.
const fs::path& streetDir() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("gg-org-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    const fs::path demo = fs::path(GRIDGATE_SOURCE_DIR) / "config/demo";
    // One community of the six: a street with one loads in a fraction of the time, so the fuzzer
    // runs several times more inputs, and every check of the loader still applies.
    for (const char* f : {"street.json", "departments.json"}) fs::copy_file(demo / f, d / f);
    fs::create_directories(d / "communities");
    fs::copy_file(demo / "communities/binhe.json", d / "communities/binhe.json");
    return d;
  }();
  return dir;
}

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeAll(const fs::path& p, std::string_view s) {
  std::ofstream(p, std::ios::binary | std::ios::trunc).write(s.data(), static_cast<std::streamsize>(s.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const fs::path& dir = streetDir();
  static const fs::path kTargets[] = {"street.json", "departments.json", "communities/binhe.json",
                                      "communities/zz-fuzz.json"};
  const fs::path target = dir / kTargets[data[0] % 4];
  const bool existed = fs::exists(target);
  const std::string before = existed ? readAll(target) : std::string();
  writeAll(target, std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));

  auto org = gg::loadOrg(dir.string());
  if (org.isOk()) {
    (void)gg::orgSummary(**org).dump();
  } else if (org.status().message().empty()) {
    std::abort();  // a refused config always says why
  }

  if (existed) writeAll(target, before); else fs::remove(target);
  return 0;
}
