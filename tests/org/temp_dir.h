#pragma once
// A scratch directory for one test, removed with everything in it when the test ends.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/json_file.h"

namespace gg::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "gg-org-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string file(const std::string& rel) const { return path_ + "/" + rel; }

 private:
  std::string path_;
};

// Returns <repo>/config/demo.
inline std::string demoDir() { return std::string(GRIDGATE_SOURCE_DIR) + "/config/demo"; }

// Copies the demo street's org files into dir (not gridgate.json or rules: the loader ignores
// them).
inline void copyDemo(const std::string& dir) {
  namespace fs = std::filesystem;
  fs::create_directories(fs::path(dir) / "communities");
  for (const char* f : {"street.json", "departments.json"}) {
    fs::copy_file(fs::path(demoDir()) / f, fs::path(dir) / f, fs::copy_options::overwrite_existing);
  }
  for (const auto& e : fs::directory_iterator(fs::path(demoDir()) / "communities")) {
    if (e.path().extension() == ".json") {
      fs::copy_file(e.path(), fs::path(dir) / "communities" / e.path().filename(),
                    fs::copy_options::overwrite_existing);
    }
  }
}

inline nlohmann::json readJson(const std::string& path) {
  auto j = readJsonFile(path);
  if (!j.isOk()) throw std::runtime_error(j.status().message());
  return *j;
}

inline void writeText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
}

inline void writeJson(const std::string& path, const nlohmann::json& j) {
  writeText(path, j.dump(2));
}

}  // namespace gg::testing
