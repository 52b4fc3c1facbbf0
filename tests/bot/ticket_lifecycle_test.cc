#include "bot/ticket_lifecycle.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace gg {
namespace {

// The lifecycle written out a second time, by hand, as the spec: every (state, action) pair
// that is allowed. Any other pair must be refused.
const std::map<std::string, std::set<std::string>>& expectedAllowed() {
  static const std::map<std::string, std::set<std::string>> kSpec = {
      {"new", {"transfer", "escalate"}},
      {"assigned", {"accept", "transfer", "escalate", "reject"}},
      {"accepted", {"resolve", "transfer", "escalate", "reject"}},
      {"resolved", {"reopen", "rate", "close"}},
      {"closed", {"reopen", "rate"}},
  };
  return kSpec;
}

TEST(TicketLifecycle, EveryStateActionPairIsAllowedOrRefusedAsSpecified) {
  int allowed = 0, refused = 0;
  for (std::string_view state : ticketStates()) {
    for (const auto& row : ticketTransitions()) {
      const std::string action = ticketActionName(row.action);
      const bool want = expectedAllowed().at(std::string(state)).count(action) > 0;
      EXPECT_EQ(allowedFrom(row, state), want) << state << " + " << action;
      (want ? allowed : refused)++;
    }
  }
  EXPECT_EQ(allowed + refused, 5 * 8);
  EXPECT_EQ(allowed, 15);
}

TEST(TicketLifecycle, WhoMayAskAndWhereItLeads) {
  EXPECT_EQ(transitionFor(TicketAction::kAccept).to, "accepted");
  EXPECT_EQ(transitionFor(TicketAction::kResolve).to, "resolved");
  EXPECT_EQ(transitionFor(TicketAction::kReject).to, "new");
  EXPECT_EQ(transitionFor(TicketAction::kReopen).to, "assigned");
  EXPECT_EQ(transitionFor(TicketAction::kClose).to, "closed");
  // Residents may only rate, reopen or close what they reported; staff do the rest.
  for (const auto& row : ticketTransitions()) {
    const bool resident = row.by & kByResident;
    const bool want = row.action == TicketAction::kRate || row.action == TicketAction::kReopen ||
                      row.action == TicketAction::kClose;
    EXPECT_EQ(resident, want) << ticketActionName(row.action);
  }
  TicketAction a;
  EXPECT_TRUE(parseTicketAction("escalate", &a));
  EXPECT_EQ(a, TicketAction::kEscalate);
  EXPECT_FALSE(parseTicketAction("Escalate", &a));
  EXPECT_FALSE(parseTicketAction("", &a));
}

}  // namespace
}  // namespace gg
