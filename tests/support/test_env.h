#pragma once
// Shared helpers for tests: the repo's paths, ../shared's location, and the one TempDir.

#include <filesystem>
#include <string>

#include "tests/support/temp_dir.h"

namespace gg::test {

// Returns the repository root (GRIDGATE_SOURCE_DIR from the build).
inline std::string sourceDir() {
  const char* env = std::getenv("GRIDGATE_SOURCE_DIR");
  return env ? env : GRIDGATE_SOURCE_DIR;
}

inline std::string demoConfig() { return sourceDir() + "/config/demo"; }

}  // namespace gg::test
