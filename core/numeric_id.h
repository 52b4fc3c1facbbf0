#pragma once
// Strict parsing of platform ids that arrive as JSON numbers or decimal strings. Ids come from
// outside (any client that reaches a hook), so nothing here throws and nothing wraps: a value
// that does not fit int64 or is not plain decimal is rejected, never truncated.

#include <cstdint>
#include <optional>
#include <string_view>

namespace gg {

// Parses plain decimal ("123", "-45" when allow_negative) into int64. No sign '+', no spaces,
// no leading zeros except "0" itself, no more than 19 digits; values outside int64 are rejected.
std::optional<int64_t> parseDecimalId(std::string_view s, bool allow_negative);

// True when s is a user/group/account id a platform can address: decimal, 1..INT64_MAX.
bool isPositiveDecimalId(std::string_view s);

}  // namespace gg
