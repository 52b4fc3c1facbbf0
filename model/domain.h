#pragma once
// The small closed vocabularies of the domain: a ticket's status, level, urgency and assignee
// kind, the decision the pipeline took on a message, the kind of chat a message came from and
// the kind of target a message goes to. Inside the code they are enums, so a misspelt state
// is a compile error; they become strings only at the edges (SQL rows, JSON, the CLI), through
// the functions below. Parsing an unknown string is an error for the caller to report, never a
// silent default.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/urgency.h"  // Urgency: shared with the intent engine

namespace gg {

// A ticket's place in its lifecycle (the transitions are bot/ticket_lifecycle.h's table).
enum class TicketStatus : uint8_t { kNew, kAssigned, kAccepted, kResolved, kClosed };

// Who owns a ticket now: "小事不出网格、大事不出社区" — grid, then community, street, department.
enum class Level : uint8_t { kGrid, kCommunity, kStreet, kDepartment };

// What kind of owner a ticket's assignee_id names: a grid worker, or a unit reached through its
// duty contact. kNone ("") only for a ticket not yet assigned (a row being built).
enum class AssigneeKind : uint8_t { kNone, kWorker, kCommunity, kStreet, kDepartment };

// What the pipeline did with one inbound message (stored with the message, shown by
// `gridgate rules replay` and the inbox).
enum class Decision : uint8_t {
  kNone,             // not decided yet (a row being built)
  kIgnore,           // chit-chat, nothing to do
  kObserve,          // a complaint with nothing open to join: watched by the opinion monitor
  kReply,            // answered (a notice, a rule reply)
  kQuestion,         // a question nobody's rule answers: left for a person
  kTicket,           // opened a ticket at its grid
  kUnrouted,         // opened a ticket nobody could place: the community places it
  kJoin,             // joined an open ticket about the same matter
  kUrge,             // a complaint about an open ticket: urged / escalated it
  kResolvedReport,   // "已经修好了": recorded on the ticket, nothing opened
  kCommand,          // a chat or SMS command (评价, 接单…)
  kCommandRefused,   // a command the sender may not give
  kWorker,           // a staff member's message in a group: never a resident's need
  kSelf,             // the bot's own message echoed back
  kUnknownGroup,     // a group no grid is bound to: stored, never answered
  kOptOut,           // TD / 退订 by SMS
  kDuplicate,        // the same platform message again
  kClassifyError,    // the engine failed; stored for a person to read
};

// The chat an inbound message came from: a group, a one-to-one chat, a phone call (hotline), the
// resident page, an Open311 request. kNone ("") only for an envelope being built.
enum class ChatType : uint8_t { kNone, kGroup, kPrivate, kCall, kPage, kOpen311 };

// Whom an outbound message is addressed to: a group chat, one user (a private chat, a WeCom
// userid), a phone number (SMS). kNone ("") only for a message being built.
enum class TargetKind : uint8_t { kNone, kGroup, kUser, kPhone };

std::string_view toString(TicketStatus s);
std::string_view toString(Level l);
std::string_view toString(AssigneeKind k);
std::string_view toString(Decision d);
std::string_view toString(ChatType c);
std::string_view toString(TargetKind k);

std::optional<TicketStatus> parseTicketStatus(std::string_view text);
std::optional<Level> parseLevel(std::string_view text);
// Parses "worker" | "community" | "street" | "department"; "" is no kind (nullopt).
std::optional<AssigneeKind> parseAssigneeKind(std::string_view text);
std::optional<Decision> parseDecision(std::string_view text);
// Parses "group" | "private" | "call" | "page" | "open311"; "" is no type (nullopt).
std::optional<ChatType> parseChatType(std::string_view text);
// Parses "group" | "user" | "phone"; "" is no kind (nullopt).
std::optional<TargetKind> parseTargetKind(std::string_view text);

// new, assigned or accepted: someone still has to act.
inline bool isOpen(TicketStatus s) {
  return s == TicketStatus::kNew || s == TicketStatus::kAssigned || s == TicketStatus::kAccepted;
}
// resolved or closed.
inline bool isDone(TicketStatus s) { return !isOpen(s); }

// JSON carries the names, never the enum's number. Declared here, next to the types, so every
// `json{{"status", t.status}}` finds them (an integer would be a silent wrong answer).
void to_json(nlohmann::json& j, TicketStatus s);
void to_json(nlohmann::json& j, Level l);
void to_json(nlohmann::json& j, AssigneeKind k);
void to_json(nlohmann::json& j, Decision d);
void to_json(nlohmann::json& j, ChatType c);
void to_json(nlohmann::json& j, TargetKind k);

// For test failure messages and logs.
inline std::ostream& operator<<(std::ostream& os, TicketStatus s) { return os << toString(s); }
inline std::ostream& operator<<(std::ostream& os, Level l) { return os << toString(l); }
inline std::ostream& operator<<(std::ostream& os, AssigneeKind k) { return os << toString(k); }
inline std::ostream& operator<<(std::ostream& os, Decision d) { return os << toString(d); }
inline std::ostream& operator<<(std::ostream& os, ChatType c) { return os << toString(c); }
inline std::ostream& operator<<(std::ostream& os, TargetKind k) { return os << toString(k); }

}  // namespace gg
