#include "bot/assessment.h"

#include <cmath>
#include <set>

namespace gg {
namespace {

double round3(double v) { return std::round(v * 1000) / 1000; }

nlohmann::json orNull(const std::optional<double>& v) {
  return v ? nlohmann::json(round3(*v)) : nlohmann::json();
}

struct Holder {
  std::string kind;
  std::string id;
  bool operator==(const Holder& o) const { return kind == o.kind && id == o.id; }
  bool isWorker() const { return kind == "worker" && !id.empty(); }
};

// TicketService writes the owner *after* each event into its data; anything else keeps the owner.
Holder holderAfter(const TicketEvent& e, const Holder& before) {
  const nlohmann::json j = nlohmann::json::parse(e.data, nullptr, false);
  if (!j.is_object() || !j.contains("assignee_kind") || !j["assignee_kind"].is_string()) return before;
  Holder h;
  h.kind = j["assignee_kind"].get<std::string>();
  if (j.contains("assignee_id") && j["assignee_id"].is_string()) h.id = j["assignee_id"].get<std::string>();
  return h;
}

// Hand-overs that reset the deadlines even when the owner stays the same. create and assign start
// a hold only when the owner changes (a new ticket logs both, for one assignment).
bool handsOver(const std::string& action) {
  return action == "transfer" || action == "escalate" || action == "reject" || action == "reopen";
}

int ratingOf(const TicketEvent& e) {
  if (e.note.size() != 1 || e.note[0] < '1' || e.note[0] > '5') return 0;
  return e.note[0] - '0';
}

std::string patrolReporter(const TicketHistory& h) {
  for (const auto& e : h.events) {
    if (e.action == "create" && e.actor_kind == "worker" && !e.actor_id.empty()) return e.actor_id;
  }
  if (!h.ticket.copied_worker_id.empty()) return h.ticket.copied_worker_id;
  return h.ticket.assignee_kind == AssigneeKind::kWorker ? h.ticket.assignee_id : "";
}

// One stretch during which the ticket was a worker's.
struct Hold {
  std::string worker;         // empty: not a worker's (community, department, street, unrouted)
  bool latest = false;        // the ticket's latest hold: its deadlines are the ticket's own
  bool accepted = false;      // accept step done, or not needed (a patrol ticket)
  bool accept_judged = false;
  bool resolve_judged = false;
  bool slipped = false;
};

class TicketWalk {
 public:
  TicketWalk(const TicketHistory& h, const AssessmentOptions& o, std::map<std::string, Assessment>& out)
      : h_(h), t_(h.ticket), o_(o), out_(out) {}

  void run() {
    const auto& events = h_.events;
    // First pass: who holds the ticket after each event, and where holds start.
    std::vector<Holder> after(events.size());
    std::vector<bool> starts(events.size(), false);
    Holder holder;
    size_t last_start = events.size();
    for (size_t i = 0; i < events.size(); ++i) {
      const Holder before = holder;
      holder = holderAfter(events[i], before);
      after[i] = holder;
      starts[i] = handsOver(events[i].action) || !(holder == before);
      if (starts[i]) last_start = i;
    }
    for (size_t i = 0; i < events.size(); ++i) {
      const TicketEvent& e = events[i];
      apply(e);
      if (e.action != "overdue") overdue_by_.clear();
      if (starts[i]) startHold(after[i], e, i == last_start);
    }
    finishLatest();
    for (const auto& w : held_) out_[w].tickets += 1;
    if (t_.source == "patrol") {
      const std::string reporter = patrolReporter(h_);
      if (!reporter.empty()) out_[reporter].patrol_reports += 1;
    }
  }

 private:
  Assessment& mine() { return out_[hold_.worker]; }

  void judgeAccept(bool on_time) {
    hold_.accept_judged = true;
    mine().on_time_accept.of += 1;
    if (on_time) mine().on_time_accept.count += 1;
  }

  void judgeResolve(bool on_time) {
    hold_.resolve_judged = true;
    mine().on_time_resolve.of += 1;
    if (on_time) mine().on_time_resolve.count += 1;
  }

  void chargeSlip() {
    mine().escalations_caused += 1;
    if (!hold_.slipped) mine().slipped.count += 1;
    hold_.slipped = true;
  }

  void apply(const TicketEvent& e) {
    const bool workers = !hold_.worker.empty();
    if (e.action == "overdue") {
      if (!workers) return;
      chargeSlip();
      if (!hold_.accepted) {
        if (!hold_.accept_judged) judgeAccept(false);
      } else if (!hold_.resolve_judged) {
        judgeResolve(false);
      }
      overdue_by_ = hold_.worker;  // the escalation that follows is the same slip
    } else if (e.action == "escalate") {
      if (!workers || overdue_by_ == hold_.worker) return;
      const bool own_report = e.actor_kind == "worker" && e.actor_id == hold_.worker;
      if (!own_report) chargeSlip();
    } else if (e.action == "accept") {
      if (!workers || hold_.accepted) return;
      if (!hold_.accept_judged) judgeAccept(!(hold_.latest && t_.accept_by > 0 && e.at > t_.accept_by));
      hold_.accepted = true;
    } else if (e.action == "resolve") {
      resolver_ = hold_.worker;
      reworked_ = false;
      if (!workers) return;
      if (!hold_.resolve_judged) judgeResolve(!(hold_.latest && t_.resolve_by > 0 && e.at > t_.resolve_by));
      mine().rework.of += 1;
    } else if (e.action == "reopen") {
      if (!resolver_.empty()) {
        Assessment& a = out_[resolver_];
        a.reopens += 1;
        if (!reworked_) a.rework.count += 1;
      }
      reworked_ = true;
      resolver_.clear();
    } else if (e.action == "rate") {
      const int score = ratingOf(e);
      if (score == 0 || resolver_.empty()) return;
      Assessment& a = out_[resolver_];
      a.satisfaction.of += 1;
      if (score >= 4) a.satisfaction.count += 1;
      if (score <= o_.low_rating) {
        a.low_ratings += 1;
        if (!reworked_) a.rework.count += 1;
        reworked_ = true;
      }
    }
  }

  void startHold(const Holder& h, const TicketEvent& e, bool latest) {
    hold_ = Hold{};
    if (!h.isWorker()) return;
    hold_.worker = h.id;
    hold_.latest = latest;
    // A hold that starts accepted (a worker's own patrol report) has no accept step to judge.
    hold_.accepted = !(e.to_status == "new" || e.to_status == "assigned");
    held_.insert(h.id);
    mine().holds += 1;
    mine().slipped.of += 1;
  }

  // The ticket's latest hold, still open: a deadline already past at `now` is a late step.
  void finishLatest() {
    if (hold_.worker.empty() || !hold_.latest || o_.now == 0 || !isOpen(t_.status)) return;
    const bool accepting = t_.status == TicketStatus::kNew || t_.status == TicketStatus::kAssigned;
    if (!hold_.accepted && accepting) {
      if (!hold_.accept_judged && t_.accept_by > 0 && o_.now > t_.accept_by) judgeAccept(false);
    } else if (hold_.accepted && !hold_.resolve_judged && t_.resolve_by > 0 && o_.now > t_.resolve_by) {
      judgeResolve(false);
    }
  }

  const TicketHistory& h_;
  const TicketRecord& t_;
  const AssessmentOptions& o_;
  std::map<std::string, Assessment>& out_;
  Hold hold_;
  std::set<std::string> held_;
  std::string overdue_by_;  // charged by an overdue event, until the escalation that follows it
  std::string resolver_;    // who resolved it last ("" = not a worker, or reopened since)
  bool reworked_ = true;    // that resolution already counted as rework
};

}  // namespace

std::optional<double> Rate::rate() const {
  if (of == 0) return std::nullopt;
  return static_cast<double>(count) / static_cast<double>(of);
}

nlohmann::json Rate::toJson() const { return {{"rate", orNull(rate())}, {"of", of}, {"count", count}}; }

void Assessment::add(const Assessment& o) {
  tickets += o.tickets;
  holds += o.holds;
  on_time_accept.add(o.on_time_accept);
  on_time_resolve.add(o.on_time_resolve);
  reopens += o.reopens;
  low_ratings += o.low_ratings;
  rework.add(o.rework);
  satisfaction.add(o.satisfaction);
  patrol_reports += o.patrol_reports;
  escalations_caused += o.escalations_caused;
  slipped.add(o.slipped);
}

std::map<std::string, Assessment> assessWorkers(const std::vector<TicketHistory>& tickets,
                                                const AssessmentOptions& options) {
  std::map<std::string, Assessment> out;
  for (const auto& h : tickets) TicketWalk(h, options, out).run();
  return out;
}

Score compositeScore(const Assessment& a, const AssessmentWeights& w) {
  auto inverse = [](const std::optional<double>& r) -> std::optional<double> {
    if (!r) return std::nullopt;
    return 1.0 - *r;
  };
  Score s;
  s.parts = {{"on_time_accept", a.on_time_accept.rate()},
             {"on_time_resolve", a.on_time_resolve.rate()},
             {"satisfaction", a.satisfaction.rate()},
             {"rework", inverse(a.rework.rate())},
             {"escalations", inverse(a.slipped.rate())}};
  const std::map<std::string, double> weight = {{"on_time_accept", w.on_time_accept},
                                                {"on_time_resolve", w.on_time_resolve},
                                                {"satisfaction", w.satisfaction},
                                                {"rework", w.rework},
                                                {"escalations", w.escalations}};
  double sum = 0, total = 0;
  for (const auto& [name, part] : s.parts) {
    const double wt = weight.at(name);
    if (!part || wt <= 0) continue;
    sum += wt * *part;
    total += wt;
  }
  if (total > 0) s.score = std::round(1000.0 * sum / total) / 10.0;
  return s;
}

nlohmann::json assessmentJson(const Assessment& a, const AssessmentWeights& weights) {
  const Score s = compositeScore(a, weights);
  nlohmann::json parts = nlohmann::json::object();
  for (const auto& [name, part] : s.parts) parts[name] = orNull(part);
  nlohmann::json rework = a.rework.toJson();
  rework["reopens"] = a.reopens;
  rework["low_ratings"] = a.low_ratings;
  return {{"tickets", a.tickets},
          {"holds", a.holds},
          {"on_time_accept", a.on_time_accept.toJson()},
          {"on_time_resolve", a.on_time_resolve.toJson()},
          {"rework", rework},
          {"satisfaction", a.satisfaction.toJson()},
          {"patrol_reports", a.patrol_reports},
          {"escalations_caused", a.escalations_caused},
          {"slipped", a.slipped.toJson()},
          {"score", s.score ? nlohmann::json(*s.score) : nlohmann::json()},
          {"score_parts", parts}};
}

nlohmann::json weightsJson(const AssessmentWeights& w) {
  return {{"on_time_accept", w.on_time_accept},
          {"on_time_resolve", w.on_time_resolve},
          {"satisfaction", w.satisfaction},
          {"rework", w.rework},
          {"escalations", w.escalations}};
}

std::map<std::string, GroupFigures> groupAssessments(const std::map<std::string, Assessment>& per_worker,
                                                     const OrgIndex& org, const std::string& by,
                                                     const std::vector<const Worker*>& include) {
  std::map<std::string, GroupFigures> out;
  for (const Worker* w : include) {
    const Grid* g = org.grid(w->grid_id);
    if (!g) continue;
    GroupFigures& group = out[by == "grid" ? g->id : g->community_id];
    group.workers += 1;
    auto it = per_worker.find(w->id);
    if (it != per_worker.end()) group.figures.add(it->second);
  }
  return out;
}

}  // namespace gg
