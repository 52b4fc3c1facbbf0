#pragma once
// Helpers of the org tests: the demo street's files copied into a TempDir, JSON in and out.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/json_file.h"
#include "tests/support/temp_dir.h"

namespace gg::testing {

using ::gg::test::TempDir;

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
