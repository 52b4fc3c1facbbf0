#include "bot/ticket_lifecycle.h"

#include <algorithm>
#include <cstdlib>

namespace gg {

const std::vector<Transition>& ticketTransitions() {
  static const std::vector<Transition> kTable = {
      {TicketAction::kAccept, {"assigned"}, kByStaff, "accepted"},
      {TicketAction::kResolve, {"accepted"}, kByStaff, "resolved"},
      {TicketAction::kTransfer, {"new", "assigned", "accepted"}, kByStaff, ""},
      {TicketAction::kEscalate, {"new", "assigned", "accepted"}, kByStaff | kBySystem, ""},
      {TicketAction::kReject, {"assigned", "accepted"}, kByStaff, "new"},
      {TicketAction::kReopen, {"resolved", "closed"}, kByResident | kByStaff | kBySystem, "assigned"},
      {TicketAction::kRate, {"resolved", "closed"}, kByResident | kByStaff, ""},
      {TicketAction::kClose, {"resolved"}, kByResident | kByStaff | kBySystem, "closed"},
  };
  return kTable;
}

const std::vector<std::string_view>& ticketStates() {
  static const std::vector<std::string_view> kStates = {"new", "assigned", "accepted", "resolved",
                                                        "closed"};
  return kStates;
}

bool parseTicketAction(std::string_view text, TicketAction* out) {
  for (const auto& t : ticketTransitions()) {
    if (text == ticketActionName(t.action)) {
      *out = t.action;
      return true;
    }
  }
  return false;
}

const char* ticketActionName(TicketAction a) {
  switch (a) {
    case TicketAction::kAccept: return "accept";
    case TicketAction::kResolve: return "resolve";
    case TicketAction::kTransfer: return "transfer";
    case TicketAction::kEscalate: return "escalate";
    case TicketAction::kReject: return "reject";
    case TicketAction::kReopen: return "reopen";
    case TicketAction::kRate: return "rate";
    case TicketAction::kClose: return "close";
  }
  return "";
}

const Transition& transitionFor(TicketAction a) {
  for (const auto& t : ticketTransitions()) {
    if (t.action == a) return t;
  }
  std::abort();  // every action has a row: a missing one is a programming error
}

bool allowedFrom(const Transition& t, std::string_view state) {
  return std::find(t.from.begin(), t.from.end(), state) != t.from.end();
}

}  // namespace gg
