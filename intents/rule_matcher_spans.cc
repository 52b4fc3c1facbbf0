// Where a matched pattern lies in the text: token-aware literal search, clause breaks, the span
// of a keyword or co-occurrence pattern, and the proximity (within/clause) check, all from the
// occurrences the prefilter kept.
#include <algorithm>

#include "intents/hit_literals.h"
#include "intents/rule_matcher.h"
#include "intents/text_bytes.h"

namespace gg {

size_t findToken(const std::string& text, const std::string& lit, size_t from) {
  if (lit.empty()) return std::string::npos;
  const bool check_front = isDigit(lit.front()), check_back = isDigit(lit.back());
  size_t at = text.find(lit, from);
  while (at != std::string::npos) {
    const bool bad_front = check_front && at > 0 && isDigit(text[at - 1]);
    const size_t end = at + lit.size();
    const bool bad_back = check_back && end < text.size() && isDigit(text[end]);
    if (!bad_front && !bad_back) return at;
    at = text.find(lit, at + 1);
  }
  return std::string::npos;
}

bool isClauseBreak(const std::string& text, size_t i, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  *len = 1;
  if (c < 0x80) return c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == ' ' ||
                       c == '\n' || c == '~';
  if (i + 2 < text.size() && c == 0xE3 && static_cast<unsigned char>(text[i + 1]) == 0x80) {
    const unsigned char d = static_cast<unsigned char>(text[i + 2]);
    *len = 3;
    return d == 0x81 || d == 0x82;  // 、 。
  }
  return false;
}
void RuleMatcher::spanOf(const CPattern& p, const Hits& hits, size_t* b, size_t* e) const {
  *b = *e = 0;
  // The first token occurrence of hits.lits[h], from the prefilter's pass (no search).
  auto firstAt = [&](size_t h) {
    return hits.count[h] ? size_t{hits.pos[hits.first[h]]} : std::string::npos;
  };
  if (p.kind == PatternKind::kKeyword) {
    size_t best = std::string::npos, best_len = 0;
    forHitLiterals(p.literal_index, hits.lits, [&](int k, size_t h) {
      const std::string& lit = p.literals[static_cast<size_t>(k)];
      const size_t at = firstAt(h);
      if (at != std::string::npos && (at < best || (at == best && lit.size() > best_len))) {
        best = at;
        best_len = lit.size();
      }
    });
    if (best != std::string::npos) {
      *b = best;
      *e = best + best_len;
    }
    return;
  }
  // Co-occurrence: from the first term seen to the end of the last group's earliest term.
  size_t lo = std::string::npos, hi = 0;
  for (size_t g = 0; g < p.terms.size(); ++g) {
    size_t best = std::string::npos, best_end = 0;
    forHitLiterals(p.term_index[g], hits.lits, [&](int k, size_t h) {
      const std::string& t = p.terms[g][static_cast<size_t>(k)];
      const size_t at = firstAt(h);
      if (at != std::string::npos && at < best) {
        best = at;
        best_end = at + t.size();
      }
    });
    if (best == std::string::npos) continue;
    lo = std::min(lo, best);
    hi = std::max(hi, best_end);
  }
  if (lo != std::string::npos) {
    *b = lo;
    *e = hi;
  }
}

bool RuleMatcher::proximityHolds(const CPattern& p, const std::string& text,
                                 const Hits& hits, size_t* ob, size_t* oe) const {
  // Every occurrence of every group's terms, as (begin, end, group).
  struct Occ {
    size_t b, e;
    int g;
  };
  thread_local std::vector<Occ> occ;
  occ.clear();
  for (int g = 0; g < p.groups; ++g) {
    forHitLiterals(p.term_index[static_cast<size_t>(g)], hits.lits, [&](int k, size_t h) {
      const std::string& t = p.terms[static_cast<size_t>(g)][static_cast<size_t>(k)];
      for (uint32_t i = hits.first[h], end = i + hits.count[h]; i < end; ++i) {
        occ.push_back({hits.pos[i], hits.pos[i] + t.size(), g});
      }
    });
  }
  std::sort(occ.begin(), occ.end(), [](const Occ& a, const Occ& b) { return a.b < b.b; });
  // Clause index of a byte offset.
  auto clauseBreakBetween = [&](size_t b, size_t e) {
    for (size_t i = b; i < e && i < text.size();) {
      size_t len = 1;
      if (isClauseBreak(text, i, &len)) return true;
      i += len;
    }
    return false;
  };
  // Sliding window: for each start, take the nearest following occurrence of each other group.
  char seen_small[32];
  std::vector<char> seen_big;
  char* seen = seen_small;
  if (p.groups > 32) {
    seen_big.resize(static_cast<size_t>(p.groups));
    seen = seen_big.data();
  }
  for (size_t s = 0; s < occ.size(); ++s) {
    std::fill(seen, seen + p.groups, 0);
    int have = 0;
    size_t end = 0;
    for (size_t k = s; k < occ.size(); ++k) {
      if (p.within > 0 && charCount(text, occ[s].b, occ[k].b) > static_cast<size_t>(p.within)) break;
      if (seen[occ[k].g]) continue;
      seen[occ[k].g] = 1;
      ++have;
      end = std::max(end, occ[k].e);
      if (have == p.groups) break;
    }
    if (have < p.groups) continue;
    if (p.within > 0 && charCount(text, occ[s].b, end) > static_cast<size_t>(p.within) + 4) continue;
    if (p.clause && clauseBreakBetween(occ[s].b, end)) continue;
    *ob = occ[s].b;
    *oe = end;
    return true;
  }
  return false;
}

}  // namespace gg
