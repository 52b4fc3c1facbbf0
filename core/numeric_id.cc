#include "core/numeric_id.h"

#include <charconv>

namespace gg {

std::optional<int64_t> parseDecimalId(std::string_view s, bool allow_negative) {
  std::string_view digits = s;
  if (!digits.empty() && digits.front() == '-') {
    if (!allow_negative) return std::nullopt;
    digits.remove_prefix(1);
  }
  if (digits.empty() || digits.size() > 19) return std::nullopt;
  if (digits.size() > 1 && digits.front() == '0') return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int64_t value = 0;
  // from_chars reports out-of-range instead of wrapping; it accepts the leading '-' itself.
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

bool isPositiveDecimalId(std::string_view s) {
  auto v = parseDecimalId(s, /*allow_negative=*/false);
  return v && *v > 0;
}

}  // namespace gg
