#pragma once
// Loads the official protocol vectors from $GRIDGATE_SHARED_DIR/protocols (test-only).

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>

namespace gg::testing {

// Returns the parsed file, or nullopt when GRIDGATE_SHARED_DIR or the file is absent.
inline std::optional<nlohmann::json> loadProtocolVectors(const std::string& name) {
  const char* dir = std::getenv("GRIDGATE_SHARED_DIR");
  if (dir == nullptr) return std::nullopt;
  std::ifstream in(std::string(dir) + "/protocols/" + name);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

}  // namespace gg::testing
