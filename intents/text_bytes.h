#pragma once
// Byte-level helpers over UTF-8 text shared by the matcher, the pack's tables and the reading.
// Inline: the matcher's loops call them per byte, and one definition keeps the files agreeing
// on what a character and a digit are.

#include <cstddef>
#include <string>

namespace gg {

// ASCII digits only: digits are tokens for the matcher ("119" is not inside a longer number).
inline bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Length in bytes of the UTF-8 sequence that starts with c.
inline size_t utf8Len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  return 4;
}

// Number of characters (lead bytes) of s in the byte range [b, e).
inline size_t charCount(const std::string& s, size_t b, size_t e) {
  size_t n = 0;
  for (size_t i = b; i < e && i < s.size(); ++i) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

}  // namespace gg
