#pragma once
// The matcher's literal prefilter: one Aho-Corasick automaton over the code points of every
// literal of a pack (keywords, co-occurrence terms, exclusions, regex atoms). One pass over a
// message reports every occurrence of every literal with its byte offset, so the matcher never
// searches the text again for spans, digit-token checks or proximity (an RE2::Set only says
// which literals occur, and allocates a match set on every call).
//
// Exact byte semantics: an occurrence is a byte range of the text equal to the literal's bytes,
// overlapping occurrences included (what repeated std::string::find from at + 1 gives).
// Invalid UTF-8 in the text never matches (literals are valid UTF-8, and a byte that does not
// start a well-formed sequence resets the automaton), so this holds for any input.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gg {

class LiteralScanner {
 public:
  // One occurrence: the literal's index in build()'s list and the byte offset where it begins.
  struct Occurrence {
    int literal;
    uint32_t begin;
  };

  // Builds the automaton; literals must be distinct, non-empty, valid UTF-8.
  void build(const std::vector<std::string>& literals);

  // Appends every occurrence in text to out, in order of end offset (for one literal, that is
  // increasing begin). Allocates only when out must grow.
  void scan(const std::string& text, std::vector<Occurrence>* out) const;

  // Bytes held by the automaton's tables (checked against the pack's max_mem budget).
  size_t memoryBytes() const;

 private:
  // Next state from state s (not the root) on code point cp, or -1 when the trie has no edge.
  int32_t edge(uint32_t s, uint32_t cp) const;
  // Next state from the root on code point cp (0 when no literal starts with cp); *emit as in
  // Slot::emit when given.
  uint32_t rootEdge(uint32_t cp, uint32_t* emit = nullptr) const;
  uint32_t emitOf(uint32_t state) const { return out_[state] >= 0 ? state : link_[state]; }

  // Open-addressing table of the trie's edges below the root, key and target side by side (one
  // cache line per probe): state == kFree marks a free slot.
  struct Slot {
    uint32_t state;
    uint32_t cp;
    int32_t next;
    uint32_t emit;  // first state with an output on next's output chain (0 = none): the common
                    // "no literal ends here" needs no load outside this slot
  };
  static constexpr uint32_t kFree = ~uint32_t{0};
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  // The root's edges, dense: code point -> its rank among the BMP code points of bmp_ (popcount
  // of the bits before it, rank_base_ per 64-bit word) -> root_next_; others in root_far_.
  std::vector<uint32_t> rank_base_;
  std::vector<uint32_t> root_next_;
  std::vector<uint32_t> root_emit_;  // emit (as in Slot) of root_next_
  std::vector<std::pair<uint32_t, uint32_t>> root_far_;  // (code point >= 65536, state), sorted
  std::vector<uint32_t> fail_;     // failure link per state
  std::vector<int32_t> out_;       // literal ending at the state, or -1
  std::vector<uint32_t> link_;     // nearest state on the failure chain with an output; 0 = none
  std::vector<uint32_t> lit_len_;  // bytes per literal
  // Code points below 65536 that occur in some literal: a character in no literal resets to the
  // root without probing the table or walking failure links.
  std::vector<uint64_t> bmp_;
  // Code points below 65536 that label an edge below the root (a literal's second or later
  // character): any other one can only start a literal, so the failure walk is skipped.
  std::vector<uint64_t> inner_bmp_;
};

}  // namespace gg
