#pragma once
// Small helpers the ticket service's files share: which states are open, how a time and a
// resident's text are shortened for a chat line, and a worker's open load for the router.

#include <string>

#include "bot/router.h"
#include "core/clock.h"
#include "storage/store.h"

namespace gg {

inline bool isOpenStatus(TicketStatus status) { return isOpen(status); }

// At most max_chars code points of s, with "…" when cut.
inline std::string shortText(const std::string& s, size_t max_chars = 40) {
  size_t chars = 0, i = 0;
  while (i < s.size() && chars < max_chars) {
    const auto c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  return i < s.size() ? s.substr(0, i) + "…" : s;
}

// "12-01 09:30" in China time: how deadlines read in a chat line.
inline std::string hhmm(Millis t) { return formatChinaTime(t).substr(5, 11).replace(5, 1, " "); }

}  // namespace gg
