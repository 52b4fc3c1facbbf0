#pragma once
// The one helper behind every closed vocabulary's parse function (core/urgency.cc, model/domain.cc,
// model/delivery_state.cc): each keeps its names in one array in enum order, so toString is an
// index and parsing a short scan.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace gg {

// Returns the enum whose name in names is text, or nullopt.
template <typename E, size_t N>
std::optional<E> parseIn(const std::array<std::string_view, N>& names, std::string_view text) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace gg
