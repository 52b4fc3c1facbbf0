#pragma once
// How urgent a matter is. The intent engine reads it from a message, a ticket keeps it, and the
// deadlines follow it. It lives in core because both the engine (intents/, which sees nothing of
// the domain) and the domain (model/) speak it. The values are ordered: a higher one is more
// urgent, so the engine raises a reading with max() and never lowers it by accident.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace gg {

enum class Urgency : uint8_t { kNormal, kUrgent, kEmergency };

// "normal" | "urgent" | "emergency": the names in rule packs, SQL rows and JSON.
std::string_view toString(Urgency u);
// Parses a name above; anything else is nullopt (the caller reports it).
std::optional<Urgency> parseUrgency(std::string_view text);

void to_json(nlohmann::json& j, Urgency u);
inline std::ostream& operator<<(std::ostream& os, Urgency u) { return os << toString(u); }

}  // namespace gg
