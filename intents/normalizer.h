#pragma once
// The text normalizer every channel shares before intent matching. Rules (issue #3):
//   full-width -> half-width, traditional -> simplified, Chinese numerals -> digits where they are
//   numbers (三号楼二单元 -> 3号楼2单元, 十二楼 -> 12楼, 第三 -> 第3, 幺三八… spoken digits), emoji and
//   decorations dropped (incl. WeChat "[捂脸]" tags), runs of punctuation folded to their first
//   mark, whitespace collapsed, Latin case folded, and for ASR transcripts the fillers 嗯/啊/呃/
//   那个/就是说 dropped. Every output byte remembers the byte range of the original character it
//   came from, so a match in the normalized text maps back to what the resident wrote.
//
// Traditional -> simplified: a character table built ONCE from OpenCC's own t2s data (Debian
// package opencc / libopencc), not OpenCC per message. Why: performance-notes A5 measured
// SimpleConverter at 9-10 µs a message (a 100k msgs/s ceiling for the whole pipeline), while a
// table lookup costs nothing measurable. At start-up every CJK code point (U+3400-U+9FFF,
// U+F900-U+FAFF) is converted in one OpenCC call with a newline between characters, so phrase
// rules never fire and the result is exactly OpenCC's single-character mapping. What we lose:
// OpenCC's phrase-level choices (e.g. 乾 in 乾隆 vs 干); rules are keywords about civic problems,
// where the character mapping is what matters. If OpenCC or its data is missing the table is
// empty and create() reports the error; the caller decides whether to run without it.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace gg {

// A normalized message plus the map back to the original text.
struct NormalizedText {
  std::string text;                 // normalized UTF-8
  std::vector<uint32_t> orig_begin;  // per byte of text: original byte offset where its char began
  std::vector<uint32_t> orig_end;    // per byte of text: original byte offset where its char ended

  // Maps the byte range [begin, end) of text to the byte range of the original text it came from.
  // An empty or out-of-range span maps to {0, 0}.
  std::pair<size_t, size_t> toOriginal(size_t begin, size_t end) const;
};

class Normalizer {
 public:
  // Builds a normalizer with the traditional->simplified table taken from OpenCC's t2s data.
  // Fails (kInternal) when OpenCC cannot load its configuration; takes tens of milliseconds.
  static Result<std::shared_ptr<const Normalizer>> create();

  // Returns a process-wide normalizer built on first use (thread-safe). If OpenCC is unusable it
  // logs a warning once and returns a normalizer without the traditional->simplified step.
  static std::shared_ptr<const Normalizer> shared();

  // Builds a normalizer without the traditional->simplified table (tests, fallback).
  Normalizer();

  // Normalizes text. asr=true also drops spoken fillers (hotline transcripts). Text must be valid
  // UTF-8; invalid bytes are dropped rather than failing (callers validate at the channel edge).
  NormalizedText normalize(std::string_view text, bool asr) const;
  // Same, into *out, reusing its buffers (a caller normalizing message after message keeps one).
  void normalizeInto(std::string_view text, bool asr, NormalizedText* out) const;

  // Returns the number of characters in the traditional->simplified table (0 without OpenCC).
  size_t t2sSize() const { return t2s_size_; }

 private:
  std::vector<char32_t> t2s_;  // indexed by BMP code point; 0 = unchanged
  // A bit per BMP code point that t2s_ changes: an 8 KiB filter read for every character, so the
  // 256 KiB table is touched only for the few traditional characters (cache misses otherwise).
  std::vector<uint64_t> t2s_bits_;
  size_t t2s_size_ = 0;
};

}  // namespace gg
