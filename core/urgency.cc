#include "core/urgency.h"

#include <array>
#include <string>

#include <nlohmann/json.hpp>

#include "core/enum_names.h"

namespace gg {
namespace {
constexpr std::array<std::string_view, 3> kUrgencyNames = {"normal", "urgent", "emergency"};
}  // namespace

std::string_view toString(Urgency u) { return kUrgencyNames[static_cast<size_t>(u)]; }

std::optional<Urgency> parseUrgency(std::string_view text) { return parseIn<Urgency>(kUrgencyNames, text); }

void to_json(nlohmann::json& j, Urgency u) { j = std::string(toString(u)); }

}  // namespace gg
