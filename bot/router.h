#pragma once
// Which grid and which person own a need. Group chats belong to the grid their group is bound to;
// hotline calls are placed by the address the intent engine found, else by the caller's earlier
// tickets; what cannot be placed goes to an "unrouted" queue at community or street level with
// the reason — never dropped. Inside a grid the on-duty worker takes it (full-time before
// part-time, then the least open load), the grid leader when nobody is on duty; intents owned by
// a department go to that department with the grid worker copied.

#include <optional>
#include <string>
#include <vector>

#include "model/envelope.h"
#include "intents/classification.h"
#include "org/model.h"
#include "storage/store.h"
#include "storage/ticket_repo.h"

namespace gg {

struct Placement {
  std::string grid_id;       // empty when unrouted
  std::string community_id;  // empty when not even the community is known
  std::string place_key;     // compound + building, for merging duplicates
  std::string reason;        // how it was placed, or why it could not be (Chinese: staff read it)
  // When the place matches several grids: their ids, for whoever dispatches it by hand.
  std::vector<std::string> candidates;
  // The group's own grid when the message named a compound of another grid: it is copied.
  std::string copy_grid_id;
  bool routed() const { return !grid_id.empty(); }
};

struct Assignment {
  Level level = Level::kGrid;
  AssigneeKind assignee_kind = AssigneeKind::kNone;
  std::string assignee_id;
  std::string department_id;
  std::string copied_worker_id;
  std::string reason;

  // Makes t's owner this one (level, assignee, department, copied worker, reason).
  void applyTo(TicketRecord& t) const {
    t.level = level;
    t.assignee_kind = assignee_kind;
    t.assignee_id = assignee_id;
    t.department_id = department_id;
    t.copied_worker_id = copied_worker_id;
    t.assign_reason = reason;
  }
};

// How busy a worker is: the router orders equally eligible workers by it.
class WorkerLoad {
 public:
  virtual ~WorkerLoad() = default;
  // Returns how many open tickets worker_id holds (0 when it cannot tell: a failed read only
  // changes the order among equals).
  virtual int openTickets(const std::string& worker_id) const = 0;
};

// Open tickets read inside the caller's transaction.
class OpenLoadInTx : public WorkerLoad {
 public:
  explicit OpenLoadInTx(Tx& tx) : tx_(tx) {}
  int openTickets(const std::string& worker_id) const override;

 private:
  Tx& tx_;
};

class Router {
 public:

  explicit Router(const OrgIndex& org) : org_(org) {}

  // Places a message. previous: the reporter's newest routed ticket, if any (hotline history).
  Placement place(const InboundEnvelope& env, const Classification& c,
                  const std::optional<TicketRecord>& previous) const;

  // Chooses the owner for a placed need at time now (China-time duty hours).
  Assignment assign(const Placement& p, const Classification& c, Millis now, const WorkerLoad& load) const;

  // The owner one level up from the current one: grid → community → street → department (the
  // ticket's department, when it has one); a department that lets a deadline pass is chased by
  // the street. Returns nullopt at the top.
  std::optional<Assignment> escalate(const TicketRecord& t, const std::string& why) const;

  // The worker who should act for a grid right now, and why; nullptr if the grid has no workers.
  const Worker* onDuty(const Grid& grid, Millis now, const WorkerLoad& load, std::string* why) const;

  // Finds the department of a kind serving a grid ("property" → the grid compound's property
  // company). Returns nullptr if the street has none.
  const Department* departmentFor(const std::string& owner_kind, const Grid* grid) const;

 private:
  const OrgIndex& org_;
};

// Returns true if a worker's duty windows cover China-time `now` (no windows = always).
bool onDutyAt(const Worker& w, Millis now);

}  // namespace gg
