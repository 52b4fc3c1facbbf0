#pragma once
// How the pack loader reports problems: every problem found, one per line, so one load shows
// them all (shared by the JSON reader and the merged-pack checks).

#include <string>
#include <vector>

namespace gg {

inline std::string joinProblems(const std::vector<std::string>& problems) {
  std::string msg;
  for (const auto& p : problems) msg += (msg.empty() ? "" : "\n") + p;
  return msg;
}

}  // namespace gg
