#pragma once
// Small text helpers every layer needs: UTF-8 validation and safe splitting, phone-number
// validation and masking (residents' numbers never reach logs or low-level views in clear).

#include <string>
#include <string_view>
#include <vector>

namespace gg {

// Returns true if s is well-formed UTF-8 (no overlongs, no surrogates, max U+10FFFF).
bool isValidUtf8(std::string_view s);

// Splits s into pieces of at most max_bytes bytes each, never inside a UTF-8 sequence, preferring
// to cut after a newline or sentence end in the last quarter of a piece. s must be valid UTF-8.
std::vector<std::string> splitUtf8(std::string_view s, size_t max_bytes);

// Returns the number of code points in valid UTF-8 s.
size_t utf8Length(std::string_view s);

// Returns true for a mainland mobile (1[3-9]xxxxxxxxx) or a landline such as 0531-88881234 /
// 053188881234 / 12345 service numbers are not phones.
bool isPhoneNumber(std::string_view s);

// Masks one phone number: 13812345678 -> 138****5678; other lengths keep the first 3 and last 2.
std::string maskPhone(std::string_view phone);

// Masks every personal number inside free text, however it is written: mobiles (138****5678,
// also "138-1111-3333", "+86 138…", full-width digits, glued to a name "王阿姨138…"), landlines,
// resident ID numbers (3702**********1195, check digit verified) and card numbers (Luhn; all but
// the last 4). Used for logs and for every view below community level.
std::string maskPhonesInText(std::string_view text);

// Returns lower-case hex of the bytes.
std::string toHex(std::string_view bytes);

}  // namespace gg
