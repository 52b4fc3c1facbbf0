#pragma once
// A private copy of the demo config for a test, with gridgate.json replaced, so tests can point
// channels at fakes and tune timings without touching the repository's files.

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/test_env.h"

namespace gg::test {

// Copies config/demo into dir/config and writes gridgate.json = settings (rule_packs defaulting
// to the repository's pack). Returns the config directory.
inline std::string makeDemoConfig(const TempDir& dir, nlohmann::json settings = nlohmann::json::object()) {
  namespace fs = std::filesystem;
  const fs::path out = fs::path(dir.path()) / "config";
  fs::copy(demoConfig(), out, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  if (!settings.contains("rule_packs")) settings["rule_packs"] = {sourceDir() + "/config/rules/zh"};
  std::ofstream(out / "gridgate.json") << settings.dump(2);
  return out.string();
}

}  // namespace gg::test
