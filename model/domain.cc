#include "model/domain.h"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/enum_names.h"

namespace gg {
namespace {

// One table per enum, in enum order, so toString is an index and parse a short scan.
constexpr std::array<std::string_view, 5> kStatusNames = {"new", "assigned", "accepted", "resolved",
                                                          "closed"};
constexpr std::array<std::string_view, 4> kLevelNames = {"grid", "community", "street",
                                                         "department"};
constexpr std::array<std::string_view, 5> kAssigneeKindNames = {"", "worker", "community", "street",
                                                                "department"};
constexpr std::array<std::string_view, 18> kDecisionNames = {
    "",         "ignore",      "observe",         "reply",        "question",      "ticket",
    "unrouted", "join",        "urge",            "resolved-report", "command",    "command-refused",
    "worker",   "self",        "unknown-group",   "opt-out",      "duplicate",     "classify-error"};

constexpr std::array<std::string_view, 6> kChatTypeNames = {"",     "group", "private",
                                                            "call", "page",  "open311"};
constexpr std::array<std::string_view, 4> kTargetKindNames = {"", "group", "user", "phone"};

}  // namespace

std::string_view toString(TicketStatus s) { return kStatusNames[static_cast<size_t>(s)]; }
std::string_view toString(Level l) { return kLevelNames[static_cast<size_t>(l)]; }
std::string_view toString(AssigneeKind k) { return kAssigneeKindNames[static_cast<size_t>(k)]; }
std::string_view toString(Decision d) { return kDecisionNames[static_cast<size_t>(d)]; }
std::string_view toString(ChatType c) { return kChatTypeNames[static_cast<size_t>(c)]; }
std::string_view toString(TargetKind k) { return kTargetKindNames[static_cast<size_t>(k)]; }

void to_json(nlohmann::json& j, TicketStatus s) { j = std::string(toString(s)); }
void to_json(nlohmann::json& j, Level l) { j = std::string(toString(l)); }
void to_json(nlohmann::json& j, AssigneeKind k) { j = std::string(toString(k)); }
void to_json(nlohmann::json& j, Decision d) { j = std::string(toString(d)); }
void to_json(nlohmann::json& j, ChatType c) { j = std::string(toString(c)); }
void to_json(nlohmann::json& j, TargetKind k) { j = std::string(toString(k)); }

std::optional<TicketStatus> parseTicketStatus(std::string_view text) {
  return parseIn<TicketStatus>(kStatusNames, text);
}
std::optional<Level> parseLevel(std::string_view text) { return parseIn<Level>(kLevelNames, text); }
std::optional<AssigneeKind> parseAssigneeKind(std::string_view text) {
  if (text.empty()) return std::nullopt;  // "" is kNone: a stored row reads it as such, no edge may
  return parseIn<AssigneeKind>(kAssigneeKindNames, text);
}
std::optional<Decision> parseDecision(std::string_view text) {
  if (text.empty()) return std::nullopt;  // "" is kNone's spelling only for rows being built
  return parseIn<Decision>(kDecisionNames, text);
}

std::optional<ChatType> parseChatType(std::string_view text) {
  if (text.empty()) return std::nullopt;  // "" is kNone's spelling only for envelopes being built
  return parseIn<ChatType>(kChatTypeNames, text);
}
std::optional<TargetKind> parseTargetKind(std::string_view text) {
  if (text.empty()) return std::nullopt;  // "" is kNone's spelling only for messages being built
  return parseIn<TargetKind>(kTargetKindNames, text);
}

}  // namespace gg
