// bot/assessment: the figures of each worker read from ticket event logs written the way
// TicketService writes them (the owner after each event in the event's data).
#include <gtest/gtest.h>

#include <memory>

#include "bot/assessment.h"

namespace gg {
namespace {

constexpr Millis kMin = 60 * 1000;

Millis t0() {
  Millis t = 0;
  EXPECT_TRUE(parseIsoTime("2026-11-02T09:00:00+08:00", &t));
  return t;
}

// One ticket's history, built event by event. Every event carries the owner after it.
class Ticket {
 public:
  explicit Ticket(int64_t id, const std::string& worker, Millis created = t0()) {
    h_.ticket.id = id;
    h_.ticket.created_at = created;
    h_.ticket.grid_id = "g1";
    h_.ticket.community_id = "c1";
    h_.ticket.accept_by = created + 120 * kMin;
    h_.ticket.resolve_by = created + 1440 * kMin;
    kind_ = "worker";
    owner_ = worker;
    status_ = "assigned";
    h_.ticket.status = TicketStatus::kAssigned;
    h_.ticket.assignee_kind = *parseAssigneeKind(kind_);
    h_.ticket.assignee_id = owner_;
    event("create", created, "resident", "r1");
    event("assign", created);
  }

  // The event as TicketService::appendEvent records it.
  Ticket& event(const std::string& action, Millis at, const std::string& actor_kind = "system",
                const std::string& actor_id = "", const std::string& note = "") {
    TicketEvent e;
    e.id = static_cast<int64_t>(h_.events.size()) + 1;
    e.ticket_id = h_.ticket.id;
    e.at = at;
    e.actor_kind = actor_kind;
    e.actor_id = actor_id;
    e.action = action;
    e.to_status = status_;
    e.note = note;
    e.data = nlohmann::json{{"level", kind_ == "worker" ? "grid" : kind_}, {"assignee_kind", kind_},
                            {"assignee_id", owner_}}.dump();
    h_.events.push_back(e);
    return *this;
  }
  Ticket& accept(Millis at) {
    setStatus("accepted", TicketStatus::kAccepted);
    h_.ticket.accepted_at = at;
    return event("accept", at, "worker", owner_);
  }
  Ticket& resolve(Millis at) {
    setStatus("resolved", TicketStatus::kResolved);
    h_.ticket.resolved_at = at;
    return event("resolve", at, "worker", owner_, "已处理");
  }
  Ticket& rate(Millis at, int score) {
    h_.ticket.rating = score;
    return event("rate", at, "resident", "r1", std::to_string(score));
  }
  // A missed deadline: the timer's overdue event, then the escalation to the community.
  Ticket& missAndEscalate(Millis at) {
    h_.ticket.overdue = true;
    event("overdue", at);
    return handTo("community", "c1", "escalate", at);
  }
  Ticket& handTo(const std::string& kind, const std::string& id, const std::string& action, Millis at,
                 const std::string& actor_kind = "system", const std::string& actor_id = "") {
    kind_ = kind;
    owner_ = id;
    setStatus("assigned", TicketStatus::kAssigned);
    h_.ticket.assignee_kind = *parseAssigneeKind(kind);
    h_.ticket.assignee_id = id;
    h_.ticket.accept_by = at + 120 * kMin;
    h_.ticket.resolve_by = std::max(h_.ticket.resolve_by, at + 120 * kMin);
    if (action == "escalate") h_.ticket.escalations += 1;
    return event(action, at, actor_kind, actor_id);
  }
  Ticket& reopen(Millis at) {
    setStatus("assigned", TicketStatus::kAssigned);
    h_.ticket.reopen_count += 1;
    h_.ticket.accept_by = at + 120 * kMin;
    h_.ticket.resolve_by = at + 1440 * kMin;
    return event("reopen", at);
  }
  Ticket& patrol() {
    h_.ticket.source = "patrol";
    h_.events.clear();
    setStatus("accepted", TicketStatus::kAccepted);
    event("create", h_.ticket.created_at, "worker", owner_);
    return event("accept", h_.ticket.created_at, "worker", owner_);
  }
  Ticket& deadlines(Millis accept_by, Millis resolve_by) {
    h_.ticket.accept_by = accept_by;
    h_.ticket.resolve_by = resolve_by;
    return *this;
  }
  const TicketHistory& history() const { return h_; }

 private:
  void setStatus(const char* s, TicketStatus st) {
    status_ = s;
    h_.ticket.status = st;
  }
  TicketHistory h_;
  std::string kind_, owner_, status_;
};

std::map<std::string, Assessment> assess(const std::vector<Ticket>& tickets, Millis now = 0) {
  std::vector<TicketHistory> h;
  for (const auto& t : tickets) h.push_back(t.history());
  AssessmentOptions o;
  o.low_rating = 2;
  o.now = now;
  return assessWorkers(h, o);
}

TEST(Assessment, AnEscalatedTicketChargesTheWorkerWhoLetItSlip) {
  Ticket t(1001, "w1");
  t.missAndEscalate(t0() + 121 * kMin).accept(t0() + 150 * kMin).resolve(t0() + 300 * kMin);
  ASSERT_EQ(t.history().ticket.assignee_kind, AssigneeKind::kCommunity);  // the community has it now
  auto a = assess({t});
  ASSERT_TRUE(a.count("w1"));
  EXPECT_EQ(a["w1"].escalations_caused, 1);
  EXPECT_EQ(a["w1"].tickets, 1);
  EXPECT_EQ(a["w1"].on_time_accept.count, 0);
  EXPECT_EQ(a["w1"].on_time_accept.of, 1);      // the accept step was missed
  EXPECT_EQ(a["w1"].on_time_resolve.of, 0);     // never theirs to resolve
  EXPECT_EQ(a["w1"].slipped.count, 1);
  // The community that received it and resolved it is no worker and is charged nothing.
  EXPECT_FALSE(a.count("c1"));
  EXPECT_EQ(a.size(), 1u);
}

TEST(Assessment, EscalationsByAResidentOrAManagerAreChargedButAWorkersOwnReportIsNot) {
  Ticket urged(1001, "w1");
  urged.accept(t0() + 10 * kMin).handTo("community", "c1", "escalate", t0() + 60 * kMin, "resident", "r1");
  Ticket pulled(1002, "w1");
  pulled.handTo("community", "c1", "escalate", t0() + 30 * kMin, "token", "token:3(binhe)");
  Ticket reported(1003, "w1");
  reported.accept(t0() + 5 * kMin).handTo("community", "c1", "escalate", t0() + 20 * kMin, "worker", "w1");
  auto a = assess({urged, pulled, reported});
  EXPECT_EQ(a["w1"].escalations_caused, 2);
  EXPECT_EQ(a["w1"].slipped.count, 2);
  EXPECT_EQ(a["w1"].slipped.of, 3);
  EXPECT_EQ(a["w1"].tickets, 3);
}

TEST(Assessment, OnTimeAndLateAcceptAndResolveAreCountedRight) {
  // In time both steps.
  Ticket fine(1001, "w1");
  fine.accept(t0() + 30 * kMin).resolve(t0() + 600 * kMin);
  // Accepted after the deadline (the timer had not fired yet), resolved after its deadline.
  Ticket late(1002, "w1");
  late.accept(t0() + 200 * kMin).resolve(t0() + 1500 * kMin);
  // Still not accepted, its deadline passed by now: late.
  Ticket waiting(1003, "w1");
  // Still not accepted, deadline still ahead at now: not judged yet.
  Ticket fresh(1004, "w1", t0() + 2000 * kMin);
  // Accepted in time, then the resolve deadline passed (overdue event) while still at grid level.
  Ticket slow(1005, "w1");
  slow.accept(t0() + 10 * kMin).event("overdue", t0() + 1441 * kMin).resolve(t0() + 1600 * kMin);
  const Millis now = t0() + 2010 * kMin;
  auto a = assess({fine, late, waiting, fresh, slow}, now);
  const Assessment& w = a["w1"];
  EXPECT_EQ(w.on_time_accept.of, 4);
  EXPECT_EQ(w.on_time_accept.count, 2);  // fine, slow
  EXPECT_EQ(w.on_time_resolve.of, 3);
  EXPECT_EQ(w.on_time_resolve.count, 1);  // fine
  ASSERT_TRUE(w.on_time_accept.rate());
  EXPECT_DOUBLE_EQ(*w.on_time_accept.rate(), 0.5);
  EXPECT_EQ(w.tickets, 5);
  // The overdue on the resolve step is a slip of that hold.
  EXPECT_EQ(w.escalations_caused, 1);
}

TEST(Assessment, AHoldTakenAwayInTimeIsNotJudgedAndTheNextWorkerIsJudgedOnTheirOwnDeadline) {
  Ticket t(1001, "w1");
  t.handTo("worker", "w2", "transfer", t0() + 10 * kMin, "token", "token:2(binhe)")
      .accept(t0() + 100 * kMin)
      .resolve(t0() + 200 * kMin);
  auto a = assess({t});
  EXPECT_EQ(a["w1"].on_time_accept.of, 0);
  EXPECT_EQ(a["w1"].escalations_caused, 0);
  EXPECT_EQ(a["w2"].on_time_accept.of, 1);
  EXPECT_EQ(a["w2"].on_time_accept.count, 1);
  EXPECT_EQ(a["w2"].on_time_resolve.count, 1);
  EXPECT_EQ(a["w1"].tickets, 1);
  EXPECT_EQ(a["w2"].tickets, 1);
}

TEST(Assessment, ALowRatingIsReworkAndASecondRatingCountsForSatisfaction) {
  Ticket t(1001, "w1");
  t.accept(t0() + 10 * kMin).resolve(t0() + 100 * kMin).rate(t0() + 200 * kMin, 1);
  t.reopen(t0() + 200 * kMin).accept(t0() + 210 * kMin).resolve(t0() + 300 * kMin).rate(t0() + 400 * kMin, 5);
  Ticket middling(1002, "w1");  // a 3 is neither rework nor satisfied
  middling.accept(t0() + 10 * kMin).resolve(t0() + 100 * kMin).rate(t0() + 120 * kMin, 3);
  auto a = assess({t, middling});
  const Assessment& w = a["w1"];
  EXPECT_EQ(w.low_ratings, 1);
  EXPECT_EQ(w.reopens, 1);
  EXPECT_EQ(w.rework.count, 1);  // the low rating and its reopen are one resolution that came back
  EXPECT_EQ(w.rework.of, 3);
  EXPECT_EQ(w.satisfaction.count, 1);
  EXPECT_EQ(w.satisfaction.of, 3);
  // The reopen is a new hold with new deadlines: accepted in time again.
  EXPECT_EQ(w.on_time_accept.count, 3);
  EXPECT_EQ(w.holds, 3);
}

TEST(Assessment, AResidentsReopenWithoutARatingIsReworkToo) {
  Ticket t(1001, "w1");
  t.accept(t0() + 10 * kMin).resolve(t0() + 100 * kMin).reopen(t0() + 150 * kMin);
  auto a = assess({t});
  EXPECT_EQ(a["w1"].reopens, 1);
  EXPECT_EQ(a["w1"].low_ratings, 0);
  EXPECT_EQ(a["w1"].rework.count, 1);
  EXPECT_EQ(a["w1"].rework.of, 1);
}

TEST(Assessment, AWorkerWithNoRatedTicketHasSatisfactionNull) {
  Ticket t(1001, "w1");
  t.accept(t0() + 10 * kMin).resolve(t0() + 100 * kMin);
  auto a = assess({t});
  EXPECT_FALSE(a["w1"].satisfaction.rate().has_value());
  const nlohmann::json j = assessmentJson(a["w1"], AssessmentWeights{});
  EXPECT_TRUE(j["satisfaction"]["rate"].is_null()) << j.dump();
  EXPECT_EQ(j["satisfaction"]["of"], 0);
  EXPECT_TRUE(j["score_parts"]["satisfaction"].is_null());
  EXPECT_EQ(j["on_time_accept"]["rate"], 1.0);
  EXPECT_EQ(j["on_time_accept"]["of"], 1);
  // Nothing at all: every rate null and no score, not 100.
  const nlohmann::json none = assessmentJson(Assessment{}, AssessmentWeights{});
  EXPECT_TRUE(none["on_time_accept"]["rate"].is_null());
  EXPECT_TRUE(none["rework"]["rate"].is_null());
  EXPECT_TRUE(none["score"].is_null());
}

TEST(Assessment, TheCompositeRespectsTheWeights) {
  // Accept in time (1.0), resolve late (0.0), no rating, no rework (1.0), no slip (1.0).
  Ticket t(1001, "w1");
  t.accept(t0() + 10 * kMin).resolve(t0() + 1500 * kMin);
  const Assessment w = assess({t})["w1"];
  auto score = [&](double acc, double res, double sat, double rew, double esc) {
    return compositeScore(w, AssessmentWeights{acc, res, sat, rew, esc}).score;
  };
  EXPECT_EQ(score(1, 0, 0, 0, 0), 100.0);
  EXPECT_EQ(score(0, 1, 0, 0, 0), 0.0);
  EXPECT_EQ(score(1, 3, 0, 0, 0), 25.0);
  EXPECT_EQ(score(0.2, 0.3, 0.3, 0.1, 0.1), 57.1);  // (0.2 + 0.1 + 0.1) / 0.7, satisfaction left out
  EXPECT_FALSE(score(0, 0, 1, 0, 0).has_value());    // only satisfaction counts, and nobody rated
  const Score s = compositeScore(w, AssessmentWeights{});
  EXPECT_EQ(*s.parts.at("on_time_resolve"), 0.0);
  EXPECT_EQ(*s.parts.at("rework"), 1.0);
}

TEST(Assessment, PatrolReportsCountForTheReporterWithNoAcceptStepToJudge) {
  Ticket p(1001, "w1");
  p.patrol().resolve(t0() + 60 * kMin);
  auto a = assess({p});
  EXPECT_EQ(a["w1"].patrol_reports, 1);
  EXPECT_EQ(a["w1"].on_time_accept.of, 0);
  EXPECT_EQ(a["w1"].on_time_resolve.count, 1);
}

TEST(Assessment, EventDataThatIsNotJsonKeepsTheOwner) {
  Ticket t(1001, "w1");
  t.accept(t0() + 10 * kMin);
  TicketHistory h = t.history();
  TicketEvent odd = h.events.back();
  odd.id += 1;
  odd.action = "urge";
  odd.data = "not json";
  h.events.push_back(odd);
  AssessmentOptions o;
  auto a = assessWorkers({h}, o);
  EXPECT_EQ(a["w1"].holds, 1);
  EXPECT_EQ(a["w1"].on_time_accept.count, 1);
}

TEST(Assessment, GroupsSumTheirWorkersAndListGridsWithoutTickets) {
  auto org = std::make_shared<Org>();
  Community c;
  c.id = "c1";
  c.name = "一社区";
  for (const char* gid : {"g1", "g2"}) {
    Grid g;
    g.id = gid;
    g.community_id = "c1";
    Worker w;
    w.id = std::string("w-") + gid;
    w.grid_id = gid;
    g.workers.push_back(w);
    c.grids.push_back(g);
  }
  org->communities.push_back(c);
  OrgIndex index(org);
  Ticket t(1001, "w-g1");
  t.accept(t0() + 10 * kMin);
  const auto per_worker = assess({t});
  std::vector<const Worker*> all = {index.worker("w-g1"), index.worker("w-g2")};
  auto grids = groupAssessments(per_worker, index, "grid", all);
  ASSERT_EQ(grids.size(), 2u);
  EXPECT_EQ(grids["g1"].figures.on_time_accept.count, 1);
  EXPECT_EQ(grids["g2"].figures.tickets, 0);
  EXPECT_EQ(grids["g2"].workers, 1);
  auto communities = groupAssessments(per_worker, index, "community", all);
  ASSERT_EQ(communities.size(), 1u);
  EXPECT_EQ(communities["c1"].workers, 2);
  EXPECT_EQ(communities["c1"].figures.tickets, 1);
}

}  // namespace
}  // namespace gg
