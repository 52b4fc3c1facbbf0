#include "bot/ticket_lifecycle.h"

#include <algorithm>
#include <cstdlib>

namespace gg {

const std::vector<Transition>& ticketTransitions() {
  using S = TicketStatus;
  static const std::vector<Transition> kTable = {
      {TicketAction::kAccept, {S::kAssigned}, kByStaff | kByDepartment, S::kAccepted},
      {TicketAction::kResolve, {S::kAccepted}, kByStaff | kByDepartment, S::kResolved},
      {TicketAction::kTransfer, {S::kNew, S::kAssigned, S::kAccepted}, kByStaff, std::nullopt},
      {TicketAction::kEscalate, {S::kNew, S::kAssigned, S::kAccepted}, kByStaff | kBySystem, std::nullopt},
      {TicketAction::kReject, {S::kAssigned, S::kAccepted}, kByStaff | kByDepartment, S::kNew},
      {TicketAction::kReopen, {S::kResolved, S::kClosed}, kByResident | kByStaff | kBySystem, S::kAssigned},
      {TicketAction::kRate, {S::kResolved, S::kClosed}, kByResident | kByStaff, std::nullopt},
      {TicketAction::kClose, {S::kResolved}, kByResident | kByStaff | kBySystem, S::kClosed},
  };
  return kTable;
}

const std::vector<TicketStatus>& ticketStates() {
  static const std::vector<TicketStatus> kStates = {TicketStatus::kNew, TicketStatus::kAssigned,
                                                    TicketStatus::kAccepted, TicketStatus::kResolved,
                                                    TicketStatus::kClosed};
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

bool allowedFrom(const Transition& t, TicketStatus state) {
  return std::find(t.from.begin(), t.from.end(), state) != t.from.end();
}

}  // namespace gg
