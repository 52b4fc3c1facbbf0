#pragma once
// The ticket lifecycle as data: for each action, the states it may start from, who may ask for
// it, and the state it leads to. TicketService::act looks a request up here before it changes
// anything; a pair that is not in the table is a 409 with the catalog's reason.
//
//   new ──assign──▶ assigned ──accept──▶ accepted ──resolve──▶ resolved ──rate / close──▶ closed
//    ▲                │  ▲                  │                     │
//    └────reject──────┘  └─transfer/escalate┘◀─────reopen / low rating┘

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/domain.h"

namespace gg {

enum class TicketAction { kAccept, kResolve, kTransfer, kEscalate, kReject, kReopen, kRate, kClose };

// Parses "accept" | "resolve" | … ; false for anything else.
bool parseTicketAction(std::string_view text, TicketAction* out);
const char* ticketActionName(TicketAction a);

// Who may ask for an action: the reporting resident, and/or staff (the assignee, someone above
// them, or a token whose scope covers the ticket; TicketService::mayAct decides which staff),
// and/or the department the ticket is assigned to (its token or its contact's mobile). A
// department only takes, finishes or hands back its own work: it does not move tickets around.
enum ActorClass : unsigned { kByResident = 1u, kByStaff = 2u, kBySystem = 4u, kByDepartment = 8u };

struct Transition {
  TicketAction action;
  std::vector<TicketStatus> from;   // states it may start from
  unsigned by;                      // ActorClass bits
  std::optional<TicketStatus> to;   // the state after it (nullopt = decided by the action: a
                                    // transfer keeps the level's state, a low rating reopens)
};

// The whole table, one row per action, in the order of the diagram above.
const std::vector<Transition>& ticketTransitions();

// The row of an action (every action has exactly one).
const Transition& transitionFor(TicketAction a);

// True when the action may start from state.
bool allowedFrom(const Transition& t, TicketStatus state);

// The states a ticket can be in, for tests and the catalog.
const std::vector<TicketStatus>& ticketStates();

}  // namespace gg
