#pragma once
// The one lookup the matcher does for every touched pattern: which of the pattern's literals did
// the prefilter find? Shared by matching and span computation (rule_matcher*.cc).

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace gg {

// Calls f(index, k) for every entry of idx (sorted (literal id, index) pairs) whose literal is
// hits[k] (hits sorted): a merge of two sorted lists, or binary searches when one is much
// shorter. k lets the caller reach what the prefilter kept for that literal (its occurrences).
template <typename F>
void forHitLiterals(const std::vector<std::pair<int, int>>& idx, const std::vector<int>& hits, F f) {
  if (hits.size() * 8 < idx.size()) {
    for (size_t k = 0; k < hits.size(); ++k) {
      const int h = hits[k];
      auto it = std::lower_bound(idx.begin(), idx.end(), std::make_pair(h, -1));
      for (; it != idx.end() && it->first == h; ++it) f(it->second, k);
    }
    return;
  }
  size_t a = 0, b = 0;
  while (a < idx.size() && b < hits.size()) {
    if (idx[a].first < hits[b]) {
      ++a;
    } else if (hits[b] < idx[a].first) {
      ++b;
    } else {
      f(idx[a].second, b);
      ++a;
    }
  }
}

}  // namespace gg
