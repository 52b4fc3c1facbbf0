#include "core/text.h"

#include <cctype>

namespace gg {
namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 if it is malformed.
size_t sequenceLength(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t cp;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool isValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = sequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

size_t utf8Length(std::string_view s) {
  size_t count = 0;
  for (unsigned char c : s) count += (c & 0xC0) != 0x80;
  return count;
}

std::vector<std::string> splitUtf8(std::string_view s, size_t max_bytes) {
  std::vector<std::string> out;
  if (max_bytes < 4) max_bytes = 4;
  while (s.size() > max_bytes) {
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    // Prefer a natural break in the last quarter of the piece.
    for (size_t k = cut; k > max_bytes * 3 / 4; --k) {
      if (s[k - 1] == '\n') { cut = k; break; }
      if (k >= 3 && (s.substr(k - 3, 3) == "\xE3\x80\x82" || s.substr(k - 3, 3) == "\xEF\xBC\x81")) {
        cut = k;  // after 。 or ！
        break;
      }
    }
    out.emplace_back(s.substr(0, cut));
    s.remove_prefix(cut);
  }
  if (!s.empty() || out.empty()) out.emplace_back(s);
  return out;
}

bool isPhoneNumber(std::string_view s) {
  std::string digits;
  for (char c : s) {
    if (isDigit(c)) digits += c;
    else if (c != '-' && c != ' ') return false;
  }
  if (digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9') return true;
  // Landline: area code 0xx(x) + 7-8 digit number.
  return digits.size() >= 10 && digits.size() <= 12 && digits[0] == '0';
}

std::string maskPhone(std::string_view phone) {
  if (phone.size() <= 5) return std::string(phone.size(), '*');
  if (phone.size() == 11) return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(7));
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 5, '*') +
         std::string(phone.substr(phone.size() - 2));
}

std::string maskPhonesInText(std::string_view text) {
  std::string out(text);
  size_t i = 0;
  while (i < out.size()) {
    if (!isDigit(out[i])) { ++i; continue; }
    size_t j = i;
    while (j < out.size() && isDigit(out[j])) ++j;
    if (j - i == 11 && out[i] == '1') {
      for (size_t k = i + 3; k < i + 7; ++k) out[k] = '*';
    }
    i = j;
  }
  return out;
}

std::string toHex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

}  // namespace gg
