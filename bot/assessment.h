#pragma once
// Worker assessment (网格员线上考核): what each grid worker did with the tickets of a period,
// read from the tickets' event logs, and a composite score with the street's weights.
//
// A worker is judged per *hold*: one stretch during which a ticket was theirs (assigned,
// transferred, handed back or reopened to them; a new hold starts at every such event). Within a
// hold the accept step is on time when the worker accepted before the accept deadline, the
// resolve step when they resolved before the resolve deadline; a missed deadline is an "overdue"
// event in the hold (the timer's verdict), or, for the ticket's latest hold, a step taken after
// the ticket's own deadline or not taken by `now`. A step the hold ended before (someone else
// took the ticket in time) is not judged either way: it is in no denominator.
//
// An escalation *caused* is charged to the worker who held the ticket when it went up (a missed
// deadline, a resident's complaint, a manager pulling it up) — never to the community or street
// that received it. A worker's own 上报 (escalating a matter beyond the grid, as they should) is
// not charged.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "org/model.h"
#include "storage/ticket_repo.h"

namespace gg {

// The weights of the composite score (gridgate.json "assessment.weights"); each >= 0, sum > 0.
// A component with no denominator is left out and the others keep their proportions.
struct AssessmentWeights {
  double on_time_accept = 0.2;
  double on_time_resolve = 0.3;
  double satisfaction = 0.3;
  double rework = 0.1;       // scored as 1 - rework rate
  double escalations = 0.1;  // scored as 1 - the share of holds that slipped
};

// count of of; a rate of nothing is null, never 100%.
struct Rate {
  int64_t count = 0;
  int64_t of = 0;
  std::optional<double> rate() const;
  // Returns {"rate": 0.5 | null, "of": 4, "count": 2} (rate rounded to 3 places).
  nlohmann::json toJson() const;
  void add(const Rate& other) {
    count += other.count;
    of += other.of;
  }
};

// The figures of one worker, or the sum of a grid's or community's workers.
struct Assessment {
  int64_t tickets = 0;        // distinct tickets the worker held at some time
  int64_t holds = 0;          // times a ticket became theirs
  Rate on_time_accept;        // accept steps taken in time / accept steps judged
  Rate on_time_resolve;       // resolve steps taken in time / resolve steps judged
  int64_t reopens = 0;        // reopen events after their resolution (a low rating's included)
  int64_t low_ratings = 0;    // ratings <= low_rating of their resolutions
  Rate rework;                // resolutions that came back (reopened or rated low) / resolutions
  Rate satisfaction;          // ratings of 4 or 5 / ratings of their resolutions
  int64_t patrol_reports = 0; // tickets of source "patrol" the worker reported (网格员直报)
  int64_t escalations_caused = 0;
  Rate slipped;               // holds that ended in a charged escalation or overdue / holds
  void add(const Assessment& other);
};

// A ticket and its event log (oldest first, as TicketRepo::events returns it).
struct TicketHistory {
  TicketRecord ticket;
  std::vector<TicketEvent> events;
};

struct AssessmentOptions {
  int low_rating = 2;  // tickets.low_rating: a rating at or below it is rework
  Millis now = 0;      // judges steps of a ticket's latest hold still open (0 = never late yet)
};

// Computes the figures of every worker who held or reported one of the tickets, keyed by worker
// id. Events whose data is not the JSON TicketService writes are read as "holder unchanged".
std::map<std::string, Assessment> assessWorkers(const std::vector<TicketHistory>& tickets,
                                                const AssessmentOptions& options);

// The composite score's parts (each 0–1, null without a denominator) and the score itself:
// 100 × Σ weight·part / Σ weight over the parts present, rounded to 0.1; null if no part with a
// positive weight is present.
struct Score {
  std::map<std::string, std::optional<double>> parts;
  std::optional<double> score;
};
Score compositeScore(const Assessment& a, const AssessmentWeights& weights);

// Returns the figures as JSON: tickets, holds, on_time_accept, on_time_resolve, rework {reopens,
// low_ratings, rate, of, count}, satisfaction, patrol_reports, escalations_caused, slipped,
// score, score_parts.
nlohmann::json assessmentJson(const Assessment& a, const AssessmentWeights& weights);

// Returns the weights as {"on_time_accept": 0.2, …}.
nlohmann::json weightsJson(const AssessmentWeights& weights);

// Sums per-worker figures by the worker's grid or community in org ("grid" | "community"); a
// worker no longer in org is left out. Only the workers `include` keeps are summed. Every grid or
// community with a kept worker appears, with figures of zero if none had a ticket.
struct GroupFigures {
  Assessment figures;
  int64_t workers = 0;
};
std::map<std::string, GroupFigures> groupAssessments(const std::map<std::string, Assessment>& per_worker,
                                                     const OrgIndex& org, const std::string& by,
                                                     const std::vector<const Worker*>& include);

}  // namespace gg
