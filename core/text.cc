#include "core/text.h"

#include <cctype>
#include <utility>
#include <vector>

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

namespace {

// One digit of a number as written: its value and the bytes it occupies in the text
// (ASCII '0'-'9' or full-width '０'-'９', U+FF10-U+FF19, three bytes EF BC 90-99).
struct WrittenDigit {
  char value;
  size_t pos;
  size_t len;
};

// Length of the digit at text[i] (1 or 3), or 0 when there is none.
size_t digitAt(std::string_view t, size_t i, char* value) {
  if (isDigit(t[i])) {
    *value = t[i];
    return 1;
  }
  if (i + 2 < t.size() && static_cast<unsigned char>(t[i]) == 0xEF &&
      static_cast<unsigned char>(t[i + 1]) == 0xBC) {
    const unsigned char c = static_cast<unsigned char>(t[i + 2]);
    if (c >= 0x90 && c <= 0x99) {
      *value = static_cast<char>('0' + (c - 0x90));
      return 3;
    }
  }
  return 0;
}

// Length of a separator people put inside numbers ("138-1111-3333", "138 1111 3333",
// full-width hyphen "－" EF BC 8D), or 0.
size_t separatorAt(std::string_view t, size_t i) {
  if (t[i] == '-' || t[i] == ' ') return 1;
  if (i + 2 < t.size() && static_cast<unsigned char>(t[i]) == 0xEF &&
      static_cast<unsigned char>(t[i + 1]) == 0xBC && static_cast<unsigned char>(t[i + 2]) == 0x8D) {
    return 3;
  }
  return 0;
}

bool isMobile(const std::string& d) {
  return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

// An 18-character resident ID number (GB 11643): the check digit matches, or — since people
// mistype and privacy errs on the safe side — it has the shape region + birth date 19xx/20xx.
bool isResidentId(const std::string& d, bool last_is_x) {
  if (d.size() != 18) return false;
  const int year = std::stoi(d.substr(6, 4)), month = std::stoi(d.substr(10, 2)),
            day = std::stoi(d.substr(12, 2));
  if (year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31) return true;
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kCheck[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (d[i] - '0') * kWeights[i];
  const char want = kCheck[sum % 11];
  return last_is_x ? want == 'X' : want == d[17];
}

bool passesLuhn(const std::string& d) {
  int sum = 0;
  bool dbl = false;
  for (size_t i = d.size(); i-- > 0;) {
    int v = d[i] - '0';
    if (dbl && (v *= 2) > 9) v -= 9;
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

// Which digits of a number to hide: [from, to) over its digits, or from == to for none.
std::pair<size_t, size_t> maskRange(const std::string& d, bool last_is_x) {
  size_t off = 0;
  // "+86 138…", "86138…", "0086138…": the country code is not the number.
  if (d.size() == 15 && d.compare(0, 4, "0086") == 0) off = 4;
  if (d.size() == 13 && d.compare(0, 2, "86") == 0) off = 2;
  const std::string n = d.substr(off);
  if (isMobile(n)) return {off + 3, off + 7};
  if (n.size() >= 10 && n.size() <= 12 && n[0] == '0') return {off + 3, off + n.size() - 2};  // landline
  if (isResidentId(d, last_is_x) || (d.size() == 17 && last_is_x && isResidentId(d + "X", true))) {
    return {4, 14};
  }
  if (d.size() >= 16 && d.size() <= 19 && passesLuhn(d)) return {0, d.size() - 4};  // bank card
  return {0, 0};
}

}  // namespace

std::string maskPhonesInText(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> hide;  // byte ranges to replace by '*'
  auto consider = [&](const std::vector<WrittenDigit>& ds, bool last_is_x) {
    std::string d;
    for (const auto& w : ds) d += w.value;
    auto [from, to] = maskRange(d, last_is_x);
    for (size_t k = from; k < to && k < ds.size(); ++k) hide.emplace_back(ds[k].pos, ds[k].len);
    return from != to;
  };
  size_t i = 0;
  while (i < text.size()) {
    char v;
    size_t n = digitAt(text, i, &v);
    if (n == 0) {
      ++i;
      continue;
    }
    // A run of digits that may carry single separators; groups are its separator-free parts.
    std::vector<WrittenDigit> run;
    std::vector<std::vector<WrittenDigit>> groups(1);
    size_t j = i;
    for (;;) {
      run.push_back({v, j, n});
      groups.back().push_back({v, j, n});
      j += n;
      if (j >= text.size()) break;
      if ((n = digitAt(text, j, &v)) != 0) continue;
      const size_t sep = separatorAt(text, j);
      if (sep == 0 || j + sep >= text.size() || (n = digitAt(text, j + sep, &v)) == 0) break;
      j += sep;
      groups.emplace_back();
    }
    const bool last_is_x = j < text.size() && (text[j] == 'X' || text[j] == 'x');
    // The whole run first ("138-1111-3333", "+86 138 1111 3333"), else each group on its own
    // ("call-20260501-13812345678").
    if (!consider(run, last_is_x)) {
      for (size_t g = 0; g < groups.size(); ++g) {
        consider(groups[g], last_is_x && g + 1 == groups.size());
      }
    }
    i = j;
  }
  if (hide.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  for (const auto& [pos, len] : hide) {  // ranges arrive in text order, never overlapping
    out.append(text.substr(at, pos - at));
    out += '*';
    at = pos + len;
  }
  out.append(text.substr(at));
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
