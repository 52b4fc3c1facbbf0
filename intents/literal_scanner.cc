#include "intents/literal_scanner.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

namespace gg {
namespace {

constexpr uint32_t kNoCodePoint = 0xFFFFFFFFu;

// Decodes the well-formed UTF-8 sequence at p[0..n): returns its code point and sets *len, or
// returns kNoCodePoint with *len = 1 (overlong forms, surrogates and stray bytes included, so
// two different byte strings never decode to the same code point).
inline uint32_t decode(const unsigned char* p, size_t n, size_t* len) {
  const unsigned char c = p[0];
  *len = 1;
  if (c < 0x80) return c;
  auto cont = [&](size_t k) { return k < n && (p[k] & 0xC0) == 0x80; };
  // Three bytes first: Chinese text is almost all three-byte characters.
  if ((c & 0xF0) == 0xE0) {
    if (!cont(1) || !cont(2)) return kNoCodePoint;
    const uint32_t cp = (uint32_t{c & 0x0Fu} << 12) | (uint32_t{p[1] & 0x3Fu} << 6) | (p[2] & 0x3Fu);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return kNoCodePoint;
    *len = 3;
    return cp;
  }
  if ((c & 0xE0) == 0xC0) {
    if (!cont(1)) return kNoCodePoint;
    const uint32_t cp = (uint32_t{c & 0x1Fu} << 6) | (p[1] & 0x3Fu);
    if (cp < 0x80) return kNoCodePoint;
    *len = 2;
    return cp;
  }
  if ((c & 0xF8) == 0xF0) {
    if (!cont(1) || !cont(2) || !cont(3)) return kNoCodePoint;
    const uint32_t cp = (uint32_t{c & 0x07u} << 18) | (uint32_t{p[1] & 0x3Fu} << 12) |
                        (uint32_t{p[2] & 0x3Fu} << 6) | (p[3] & 0x3Fu);
    if (cp < 0x10000 || cp > 0x10FFFF) return kNoCodePoint;
    *len = 4;
    return cp;
  }
  return kNoCodePoint;
}

inline uint64_t edgeKey(uint32_t state, uint32_t cp) { return (uint64_t{state} << 21) | cp; }

inline uint64_t slotOf(uint32_t state, uint32_t cp, uint64_t mask) {
  return ((edgeKey(state, cp) * 0x9E3779B97F4A7C15ull) >> 29) & mask;
}

}  // namespace

void LiteralScanner::build(const std::vector<std::string>& literals) {
  std::unordered_map<uint64_t, int32_t> edges;
  std::vector<std::vector<std::pair<uint32_t, int32_t>>> children(1);
  out_.assign(1, -1);
  bmp_.assign(65536 / 64, 0);
  inner_bmp_.assign(65536 / 64, 0);
  lit_len_.clear();
  for (size_t li = 0; li < literals.size(); ++li) {
    const std::string& lit = literals[li];
    const auto* p = reinterpret_cast<const unsigned char*>(lit.data());
    uint32_t s = 0;
    for (size_t i = 0; i < lit.size();) {
      size_t len = 1;
      uint32_t cp = decode(p + i, lit.size() - i, &len);
      // Literals come out of the normalizer, so they are valid UTF-8; a byte that is not would
      // get a code point no text decodes to (above U+10FFFF), and never match.
      if (cp == kNoCodePoint) cp = 0x1FFFFF;
      i += len;
      if (cp < 65536) bmp_[cp >> 6] |= uint64_t{1} << (cp & 63);
      if (cp < 65536 && s != 0) inner_bmp_[cp >> 6] |= uint64_t{1} << (cp & 63);
      auto [it, inserted] = edges.emplace(edgeKey(s, cp), static_cast<int32_t>(out_.size()));
      if (inserted) {
        children[s].emplace_back(cp, it->second);
        children.emplace_back();
        out_.push_back(-1);
      }
      s = static_cast<uint32_t>(it->second);
    }
    out_[s] = static_cast<int32_t>(li);
    lit_len_.push_back(static_cast<uint32_t>(lit.size()));
  }
  // Root edges dense (every message starts there and returns there after each miss), the rest
  // in a table at most half full.
  rank_base_.assign(bmp_.size(), 0);
  for (size_t w = 1; w < bmp_.size(); ++w) {
    rank_base_[w] = rank_base_[w - 1] + static_cast<uint32_t>(__builtin_popcountll(bmp_[w - 1]));
  }
  root_next_.assign(rank_base_.back() + static_cast<uint32_t>(__builtin_popcountll(bmp_.back())), 0);
  root_far_.clear();
  size_t below_root = 0;
  for (const auto& [cp, v] : children[0]) {
    if (cp < 65536) {
      const uint64_t word = bmp_[cp >> 6] & ((uint64_t{1} << (cp & 63)) - 1);
      root_next_[rank_base_[cp >> 6] + static_cast<uint32_t>(__builtin_popcountll(word))] =
          static_cast<uint32_t>(v);
    } else {
      root_far_.emplace_back(cp, static_cast<uint32_t>(v));
    }
  }
  std::sort(root_far_.begin(), root_far_.end());
  below_root = edges.size() - children[0].size();
  size_t slots = 16;
  while (slots < below_root * 2) slots *= 2;
  slots_.assign(slots, Slot{kFree, 0, -1, 0});
  mask_ = slots - 1;
  for (const auto& [key, to] : edges) {
    const auto state = static_cast<uint32_t>(key >> 21);
    const auto cp = static_cast<uint32_t>(key & 0x1FFFFF);
    if (state == 0) continue;
    uint64_t h = slotOf(state, cp, mask_);
    while (slots_[h].state != kFree) h = (h + 1) & mask_;
    slots_[h] = Slot{state, cp, to, 0};
  }
  // Failure and output links, breadth first.
  const size_t states = out_.size();
  fail_.assign(states, 0);
  link_.assign(states, 0);
  std::deque<uint32_t> queue;
  for (const auto& [cp, v] : children[0]) queue.push_back(static_cast<uint32_t>(v));
  while (!queue.empty()) {
    const uint32_t u = queue.front();
    queue.pop_front();
    for (const auto& [cp, v] : children[u]) {
      uint32_t f = fail_[u];
      int32_t t = f == 0 ? static_cast<int32_t>(rootEdge(cp)) : edge(f, cp);
      while (t <= 0 && f != 0) {
        f = fail_[f];
        t = f == 0 ? static_cast<int32_t>(rootEdge(cp)) : edge(f, cp);
      }
      const uint32_t target = t > 0 ? static_cast<uint32_t>(t) : 0;
      fail_[v] = target;
      link_[v] = out_[target] >= 0 ? target : link_[target];
      queue.push_back(static_cast<uint32_t>(v));
    }
  }
  for (Slot& slot : slots_) {
    if (slot.state != kFree) slot.emit = emitOf(static_cast<uint32_t>(slot.next));
  }
  root_emit_.assign(root_next_.size(), 0);
  for (size_t k = 0; k < root_next_.size(); ++k) root_emit_[k] = emitOf(root_next_[k]);
}

int32_t LiteralScanner::edge(uint32_t s, uint32_t cp) const {
  for (uint64_t h = slotOf(s, cp, mask_);; h = (h + 1) & mask_) {
    const Slot& slot = slots_[h];
    if (slot.state == s && slot.cp == cp) return slot.next;
    if (slot.state == kFree) return -1;
  }
}

uint32_t LiteralScanner::rootEdge(uint32_t cp, uint32_t* emit) const {
  if (cp < 65536) {
    const uint64_t bits = bmp_[cp >> 6];
    if (!(bits >> (cp & 63) & 1)) {
      if (emit) *emit = 0;
      return 0;
    }
    const uint64_t below = bits & ((uint64_t{1} << (cp & 63)) - 1);
    const size_t k = rank_base_[cp >> 6] + static_cast<uint32_t>(__builtin_popcountll(below));
    if (emit) *emit = root_emit_[k];
    return root_next_[k];
  }
  auto it = std::lower_bound(root_far_.begin(), root_far_.end(), std::make_pair(cp, uint32_t{0}));
  const uint32_t to = it != root_far_.end() && it->first == cp ? it->second : 0;
  if (emit) *emit = emitOf(to);
  return to;
}

void LiteralScanner::scan(const std::string& text, std::vector<Occurrence>* out) const {
  if (slots_.empty()) return;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  uint32_t s = 0;
  for (size_t i = 0; i < n;) {
    size_t len = 1;
    const uint32_t cp = p[i] < 0x80 ? p[i] : decode(p + i, n - i, &len);
    i += len;
    if (cp == kNoCodePoint || (cp < 65536 && !(bmp_[cp >> 6] >> (cp & 63) & 1))) {
      s = 0;
      continue;
    }
    // Follow failure links until some state has an edge on cp; the root always "has" one
    // (to itself when no literal starts with cp).
    uint32_t emit = 0;
    if (cp < 65536 && !(inner_bmp_[cp >> 6] >> (cp & 63) & 1)) s = 0;  // no inner edge on cp
    for (;;) {
      if (s == 0) {
        s = rootEdge(cp, &emit);
        break;
      }
      const Slot* hit = nullptr;
      for (uint64_t h = slotOf(s, cp, mask_);; h = (h + 1) & mask_) {
        const Slot& slot = slots_[h];
        if (slot.state == s && slot.cp == cp) {
          hit = &slot;
          break;
        }
        if (slot.state == kFree) break;
      }
      if (hit) {
        s = static_cast<uint32_t>(hit->next);
        emit = hit->emit;
        break;
      }
      s = fail_[s];
    }
    for (uint32_t o = emit; o != 0; o = link_[o]) {
      const int lit = out_[o];
      out->push_back({lit, static_cast<uint32_t>(i - lit_len_[static_cast<size_t>(lit)])});
    }
  }
}

size_t LiteralScanner::memoryBytes() const {
  return slots_.size() * sizeof(Slot) + rank_base_.size() * sizeof(uint32_t) +
         root_next_.size() * sizeof(uint32_t) * 2 + root_far_.size() * sizeof(root_far_[0]) +
         fail_.size() * sizeof(uint32_t) + out_.size() * sizeof(int32_t) +
         link_.size() * sizeof(uint32_t) + lit_len_.size() * sizeof(uint32_t) +
         bmp_.size() * sizeof(uint64_t) * 2;
}

}  // namespace gg
