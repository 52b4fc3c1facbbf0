#pragma once
// Tickets (工单), their append-only event log and the residents who reported them.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/channel.h"
#include "core/clock.h"
#include "model/domain.h"

namespace gg {

struct TicketRecord {
  int64_t id = 0;                  // the short number people type: 1001, 1002, …
  TicketStatus status = TicketStatus::kNew;
  Level level = Level::kGrid;
  std::string community_id;
  std::string grid_id;             // empty while unrouted
  std::string intent;
  std::string intent_label;
  std::string category;
  std::string dept_class;
  Urgency urgency = Urgency::kNormal;
  AssigneeKind assignee_kind = AssigneeKind::kNone;
  std::string assignee_id;
  std::string assign_reason;
  std::string department_id;       // owning department, if the intent has one
  std::string copied_worker_id;    // grid worker kept informed of a department ticket
  std::string description;         // the resident's words
  std::string location;            // JSON of extracted entities
  std::string place_key;           // compound + building, for merging duplicates
  Channel reporter_channel = Channel::kNone;
  std::string reporter_id;
  std::string reporter_name;
  Channel group_channel = Channel::kNone;  // kNone: not reported in a group
  std::string group_id;
  std::string source_platform_msg_id;
  int64_t source_message_id = 0;
  int reporters = 1;
  Millis created_at = 0;
  Millis accepted_at = 0;
  Millis resolved_at = 0;
  Millis closed_at = 0;
  Millis accept_by = 0;
  Millis resolve_by = 0;
  int rating = 0;                  // 1–5, 0 = not rated
  Millis rated_at = 0;
  int escalations = 0;
  int reopen_count = 0;
  bool overdue = false;            // a deadline passed before the step was done
  bool flagged = false;            // low rating or repeated reopen: the community looks at it
  // A department missed its deadline and the ticket came up to the street: it stays there (no
  // automatic bounce back to that department) until the street re-assigns it by hand.
  bool street_hold = false;
  std::string source = "resident";  // resident | patrol (网格员直报)
  std::string resolution;
  std::string unrouted_reason;
};

struct TicketEvent {
  int64_t id = 0;
  int64_t ticket_id = 0;
  Millis at = 0;
  std::string actor_kind;  // resident | worker | token | system
  std::string actor_id;
  std::string action;      // create | assign | accept | resolve | close | reopen | transfer | escalate | reject | rate | join | overdue
  std::string from_status;
  std::string to_status;
  std::string note;
  std::string data;        // JSON details
};

struct TicketReporter {
  int64_t ticket_id = 0;
  int64_t message_id = 0;
  Channel channel = Channel::kNone;
  std::string sender_id;
  std::string sender_name;
  std::string group_id;
  std::string platform_msg_id;
  Millis at = 0;
  std::string tracking_code;  // resident page reports only: the unguessable code they follow it by
};

struct TicketFilter {
  std::optional<TicketStatus> status;  // nullopt = any
  std::optional<Level> level;
  std::string community_id;
  std::string grid_id;
  std::string category;
  AssigneeKind assignee_kind = AssigneeKind::kNone;  // with assignee_id; kNone = any kind
  std::string assignee_id;
  bool overdue_only = false;
  Millis now = 0;           // for overdue_only: open tickets marked overdue or past a deadline at `now`
  Millis created_from = 0;
  Millis created_to = 0;    // 0 = open end
  int limit = 50;
  int offset = 0;
};

class TicketRepo {
 public:
  virtual ~TicketRepo() = default;
  // Inserts the ticket (id assigned) and returns its id.
  virtual Result<int64_t> insert(const TicketRecord& t) = 0;
  // Overwrites every mutable field of ticket t.id; NotFound if absent.
  virtual Status update(const TicketRecord& t) = 0;
  virtual Result<std::optional<TicketRecord>> get(int64_t id) = 0;
  virtual Status appendEvent(const TicketEvent& e) = 0;
  virtual Result<std::vector<TicketEvent>> events(int64_t ticket_id) = 0;
  virtual Status addReporter(const TicketReporter& r) = 0;
  virtual Result<std::vector<TicketReporter>> reporters(int64_t ticket_id) = 0;
  // Returns an open ticket (not resolved/closed) of the same grid, intent and place created at or
  // after `since`, the newest first, or nullopt.
  virtual Result<std::optional<TicketRecord>> findOpenDuplicate(const std::string& grid_id,
                                                                const std::string& intent,
                                                                const std::string& place_key,
                                                                Millis since) = 0;
  // Returns the reporter row holding tracking code, or nullopt (an unknown code).
  virtual Result<std::optional<TicketReporter>> reporterByTrackingCode(const std::string& code) = 0;
  // Returns the newest ticket reported by (channel, reporter_id), or nullopt.
  virtual Result<std::optional<TicketRecord>> lastByReporter(Channel channel,
                                                             const std::string& reporter_id) = 0;
  // Returns the number of open (assigned/accepted) tickets of assignee_id.
  virtual Result<int> openLoad(const std::string& assignee_id) = 0;
  virtual Result<std::vector<TicketRecord>> list(const TicketFilter& f, int64_t* total) = 0;
};

}  // namespace gg
