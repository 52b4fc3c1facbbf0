#pragma once
// Shared helpers for tests: temp dirs, the repo's paths, ../shared's location.

#include <filesystem>
#include <string>

#include <unistd.h>

namespace gg::test {

// Returns the repository root (GRIDGATE_SOURCE_DIR from the build).
inline std::string sourceDir() {
  const char* env = std::getenv("GRIDGATE_SOURCE_DIR");
  return env ? env : GRIDGATE_SOURCE_DIR;
}

inline std::string demoConfig() { return sourceDir() + "/config/demo"; }

// A directory removed when the object dies.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("gridgate-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace gg::test
