#include "bot/ticket_lifecycle.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "model/delivery_state.h"

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
  for (TicketStatus state : ticketStates()) {
    for (const auto& row : ticketTransitions()) {
      const std::string action = ticketActionName(row.action);
      const bool want = expectedAllowed().at(std::string(toString(state))).count(action) > 0;
      EXPECT_EQ(allowedFrom(row, state), want) << state << " + " << action;
      (want ? allowed : refused)++;
    }
  }
  EXPECT_EQ(allowed + refused, 5 * 8);
  EXPECT_EQ(allowed, 15);
}

TEST(TicketStatusNames, RoundTripAndUnknownIsAnError) {
  for (TicketStatus s : ticketStates()) EXPECT_EQ(parseTicketStatus(toString(s)), s);
  EXPECT_FALSE(parseTicketStatus("Closed").has_value());
  EXPECT_FALSE(parseTicketStatus("").has_value());
  EXPECT_EQ(parseLevel("department"), Level::kDepartment);
  EXPECT_FALSE(parseLevel("district").has_value());
  EXPECT_EQ(parseUrgency("emergency"), Urgency::kEmergency);
  EXPECT_FALSE(parseUrgency("high").has_value());
  EXPECT_EQ(parseDecision("resolved-report"), Decision::kResolvedReport);
  EXPECT_EQ(toString(Decision::kUnknownGroup), "unknown-group");
  EXPECT_FALSE(parseDecision("").has_value());
  EXPECT_FALSE(parseDecision("tickets").has_value());
  EXPECT_EQ(parseAssigneeKind("community"), AssigneeKind::kCommunity);
  EXPECT_EQ(toString(AssigneeKind::kDepartment), "department");
  EXPECT_FALSE(parseAssigneeKind("").has_value());
  EXPECT_FALSE(parseAssigneeKind("Worker").has_value());
  EXPECT_EQ(parseChatType("page"), ChatType::kPage);
  EXPECT_EQ(parseChatType("open311"), ChatType::kOpen311);
  EXPECT_EQ(toString(ChatType::kPrivate), "private");
  EXPECT_FALSE(parseChatType("").has_value());
  EXPECT_FALSE(parseChatType("user").has_value());
  EXPECT_EQ(parseTargetKind("phone"), TargetKind::kPhone);
  EXPECT_EQ(toString(TargetKind::kUser), "user");
  EXPECT_FALSE(parseTargetKind("").has_value());
  EXPECT_FALSE(parseTargetKind("private").has_value());
}

// model/delivery_state.h: the outbox, notice and delivery states, source kinds and formats.
TEST(DeliveryStateNames, RoundTripAndUnknownIsAnError) {
  for (auto s : {OutboxStatus::kPending, OutboxStatus::kStandby, OutboxStatus::kSending, OutboxStatus::kSent,
                 OutboxStatus::kDead, OutboxStatus::kCancelled}) {
    EXPECT_EQ(parseOutboxStatus(toString(s)), s);
  }
  for (auto s : {NoticeStatus::kPendingApproval, NoticeStatus::kScheduled, NoticeStatus::kSending, NoticeStatus::kDone,
                 NoticeStatus::kPartial, NoticeStatus::kFailed, NoticeStatus::kCancelled}) {
    EXPECT_EQ(parseNoticeStatus(toString(s)), s);
  }
  for (auto s : {DeliveryStatus::kPending, DeliveryStatus::kQueued, DeliveryStatus::kSent, DeliveryStatus::kFailed,
                 DeliveryStatus::kCancelled, DeliveryStatus::kSkipped}) {
    EXPECT_EQ(parseDeliveryStatus(toString(s)), s);
  }
  EXPECT_EQ(toString(NoticeStatus::kPendingApproval), "pending_approval");
  EXPECT_FALSE(parseOutboxStatus("failed").has_value());  // a re-drive selector, not a row state
  EXPECT_FALSE(parseNoticeStatus("queued").has_value());  // a delivery's state, not a notice's
  EXPECT_FALSE(parseDeliveryStatus("dead").has_value());
  EXPECT_EQ(parseSourceKind("digest"), SourceKind::kDigest);
  EXPECT_FALSE(parseSourceKind("").has_value());
  EXPECT_FALSE(parseSourceKind("Ticket").has_value());
  EXPECT_EQ(parseMessageFormat("markdown"), MessageFormat::kMarkdown);
  EXPECT_FALSE(parseMessageFormat("html").has_value());
}

TEST(TicketLifecycle, WhoMayAskAndWhereItLeads) {
  EXPECT_EQ(transitionFor(TicketAction::kAccept).to, TicketStatus::kAccepted);
  EXPECT_EQ(transitionFor(TicketAction::kResolve).to, TicketStatus::kResolved);
  EXPECT_EQ(transitionFor(TicketAction::kReject).to, TicketStatus::kNew);
  EXPECT_EQ(transitionFor(TicketAction::kReopen).to, TicketStatus::kAssigned);
  EXPECT_EQ(transitionFor(TicketAction::kClose).to, TicketStatus::kClosed);
  // Residents may only rate, reopen or close what they reported; staff do the rest.
  for (const auto& row : ticketTransitions()) {
    const bool resident = row.by & kByResident;
    const bool want = row.action == TicketAction::kRate || row.action == TicketAction::kReopen ||
                      row.action == TicketAction::kClose;
    EXPECT_EQ(resident, want) << ticketActionName(row.action);
    // A department accepts, resolves or rejects its own tickets, nothing else.
    const bool department = row.by & kByDepartment;
    const bool dept_want = row.action == TicketAction::kAccept ||
                           row.action == TicketAction::kResolve || row.action == TicketAction::kReject;
    EXPECT_EQ(department, dept_want) << ticketActionName(row.action);
  }
  TicketAction a;
  EXPECT_TRUE(parseTicketAction("escalate", &a));
  EXPECT_EQ(a, TicketAction::kEscalate);
  EXPECT_FALSE(parseTicketAction("Escalate", &a));
  EXPECT_FALSE(parseTicketAction("", &a));
}

}  // namespace
}  // namespace gg
