#include "storage/sql/sql_repos.h"
#include "storage/sql/sql_util.h"

namespace gg::sql {
namespace {

// Columns written by insert/update, in one place so the two cannot drift apart.
constexpr const char* kTicketColumns[] = {
    "status", "level", "community_id", "grid_id", "intent", "intent_label", "category",
    "dept_class", "urgency", "assignee_kind", "assignee_id", "assign_reason", "department_id",
    "copied_worker_id", "description", "location", "place_key", "reporter_channel",
    "reporter_id", "reporter_name", "group_channel", "group_id", "source_platform_msg_id",
    "source_message_id", "reporters", "created_at", "accepted_at", "resolved_at", "closed_at",
    "accept_by", "resolve_by", "rating", "rated_at", "escalations", "reopen_count", "overdue",
    "flagged", "resolution", "unrouted_reason", "street_hold", "source"};

void bindTicket(Statement& q, const TicketRecord& t) {
  q.bind(":status", std::string(toString(t.status)));
  q.bind(":level", std::string(toString(t.level)));
  q.bind(":community_id", t.community_id);
  q.bind(":grid_id", t.grid_id);
  q.bind(":intent", t.intent);
  q.bind(":intent_label", t.intent_label);
  q.bind(":category", t.category);
  q.bind(":dept_class", t.dept_class);
  q.bind(":urgency", std::string(toString(t.urgency)));
  q.bind(":assignee_kind", std::string(toString(t.assignee_kind)));
  q.bind(":assignee_id", t.assignee_id);
  q.bind(":assign_reason", t.assign_reason);
  q.bind(":department_id", t.department_id);
  q.bind(":copied_worker_id", t.copied_worker_id);
  q.bind(":description", t.description);
  q.bind(":location", t.location);
  q.bind(":place_key", t.place_key);
  q.bind(":reporter_channel", name(t.reporter_channel));
  q.bind(":reporter_id", t.reporter_id);
  q.bind(":reporter_name", t.reporter_name);
  q.bind(":group_channel", name(t.group_channel));
  q.bind(":group_id", t.group_id);
  q.bind(":source_platform_msg_id", t.source_platform_msg_id);
  q.bind(":source_message_id", static_cast<int64_t>(t.source_message_id));
  q.bind(":reporters", t.reporters);
  q.bind(":created_at", static_cast<int64_t>(t.created_at));
  q.bind(":accepted_at", static_cast<int64_t>(t.accepted_at));
  q.bind(":resolved_at", static_cast<int64_t>(t.resolved_at));
  q.bind(":closed_at", static_cast<int64_t>(t.closed_at));
  q.bind(":accept_by", static_cast<int64_t>(t.accept_by));
  q.bind(":resolve_by", static_cast<int64_t>(t.resolve_by));
  q.bind(":rating", t.rating);
  q.bind(":rated_at", static_cast<int64_t>(t.rated_at));
  q.bind(":escalations", t.escalations);
  q.bind(":reopen_count", t.reopen_count);
  q.bind(":overdue", t.overdue ? 1 : 0);
  q.bind(":flagged", t.flagged ? 1 : 0);
  q.bind(":resolution", t.resolution);
  q.bind(":unrouted_reason", t.unrouted_reason);
  q.bind(":street_hold", t.street_hold ? 1 : 0);
  q.bind(":source", t.source);
}

TicketReporter readReporter(Statement& q) {
  TicketReporter r;
  r.ticket_id = i64(q, "ticket_id");
  r.message_id = i64(q, "message_id");
  r.channel = enumColumn(q, "channel", parseChannel);
  r.sender_id = str(q, "sender_id");
  r.sender_name = str(q, "sender_name");
  r.group_id = str(q, "group_id");
  r.platform_msg_id = str(q, "platform_msg_id");
  r.at = i64(q, "at");
  if (!q.getColumn("tracking_code").isNull()) r.tracking_code = str(q, "tracking_code");
  return r;
}

TicketRecord readTicket(Statement& q) {
  TicketRecord t;
  t.id = i64(q, "id");
  t.status = enumColumn(q, "status", parseTicketStatus);
  t.level = enumColumn(q, "level", parseLevel);
  t.community_id = str(q, "community_id");
  t.grid_id = str(q, "grid_id");
  t.intent = str(q, "intent");
  t.intent_label = str(q, "intent_label");
  t.category = str(q, "category");
  t.dept_class = str(q, "dept_class");
  t.urgency = enumColumn(q, "urgency", parseUrgency);
  t.assignee_kind = enumColumnOrNone(q, "assignee_kind", parseAssigneeKind);
  t.assignee_id = str(q, "assignee_id");
  t.assign_reason = str(q, "assign_reason");
  t.department_id = str(q, "department_id");
  t.copied_worker_id = str(q, "copied_worker_id");
  t.description = str(q, "description");
  t.location = str(q, "location");
  t.place_key = str(q, "place_key");
  t.reporter_channel = enumColumnOrNone(q, "reporter_channel", parseChannel);
  t.reporter_id = str(q, "reporter_id");
  t.reporter_name = str(q, "reporter_name");
  t.group_channel = enumColumnOrNone(q, "group_channel", parseChannel);
  t.group_id = str(q, "group_id");
  t.source_platform_msg_id = str(q, "source_platform_msg_id");
  t.source_message_id = i64(q, "source_message_id");
  t.reporters = static_cast<int>(i64(q, "reporters"));
  t.created_at = i64(q, "created_at");
  t.accepted_at = i64(q, "accepted_at");
  t.resolved_at = i64(q, "resolved_at");
  t.closed_at = i64(q, "closed_at");
  t.accept_by = i64(q, "accept_by");
  t.resolve_by = i64(q, "resolve_by");
  t.rating = static_cast<int>(i64(q, "rating"));
  t.rated_at = i64(q, "rated_at");
  t.escalations = static_cast<int>(i64(q, "escalations"));
  t.reopen_count = static_cast<int>(i64(q, "reopen_count"));
  t.overdue = i64(q, "overdue") != 0;
  t.flagged = i64(q, "flagged") != 0;
  t.resolution = str(q, "resolution");
  t.unrouted_reason = str(q, "unrouted_reason");
  t.street_hold = i64(q, "street_hold") != 0;
  t.source = str(q, "source");
  return t;
}

std::string insertSql() {
  std::string cols, vals;
  for (const char* c : kTicketColumns) {
    if (!cols.empty()) { cols += ", "; vals += ", "; }
    cols += c;
    vals += std::string(":") + c;
  }
  return "INSERT INTO tickets (" + cols + ") VALUES (" + vals + ")";
}

std::string updateSql() {
  std::string sets;
  for (const char* c : kTicketColumns) {
    if (!sets.empty()) sets += ", ";
    sets += std::string(c) + " = :" + c;
  }
  return "UPDATE tickets SET " + sets + " WHERE id = :id";
}

const char* kFilterWhere =
    " WHERE (:status = '' OR status = :status) AND (:level = '' OR level = :level)"
    " AND (:community = '' OR community_id = :community) AND (:grid = '' OR grid_id = :grid)"
    " AND (:category = '' OR category = :category) AND (:assignee = '' OR assignee_id = :assignee)"
    " AND (:assignee_kind = '' OR assignee_kind = :assignee_kind)"
    // Overdue = still open and either marked (a deadline already fired, even if escalation set a
    // new one) or past a deadline now: bot/stats.h's open_overdue counts the same tickets.
    " AND (:overdue = 0 OR (status IN ('new','assigned','accepted') AND (overdue = 1"
    "      OR (status IN ('new','assigned') AND accept_by > 0 AND accept_by < :now)"
    "      OR (resolve_by > 0 AND resolve_by < :now))))"
    " AND created_at >= :from AND (:to = 0 OR created_at < :to)";

void bindFilter(Statement& q, const TicketFilter& f) {
  q.bind(":status", f.status ? std::string(toString(*f.status)) : std::string());
  q.bind(":level", f.level ? std::string(toString(*f.level)) : std::string());
  q.bind(":community", f.community_id);
  q.bind(":grid", f.grid_id);
  q.bind(":category", f.category);
  q.bind(":assignee", f.assignee_id);
  q.bind(":assignee_kind", std::string(toString(f.assignee_kind)));
  q.bind(":overdue", f.overdue_only ? 1 : 0);
  q.bind(":now", static_cast<int64_t>(f.now));
  q.bind(":from", static_cast<int64_t>(f.created_from));
  q.bind(":to", static_cast<int64_t>(f.created_to));
}

class SqlTicketRepo : public TicketRepo {
 public:
  explicit SqlTicketRepo(Connection& db) : db_(db) {}

  Result<int64_t> insert(const TicketRecord& t) override {
    return guarded("tickets.insert", [&]() -> Result<int64_t> {
      Statement q(db_, insertSql());
      bindTicket(q, t);
      q.exec();
      return db_.lastInsertId();
    });
  }

  Status update(const TicketRecord& t) override {
    return guarded("tickets.update", [&]() -> Status {
      Statement q(db_, updateSql());
      bindTicket(q, t);
      q.bind(":id", static_cast<int64_t>(t.id));
      if (q.exec() != 1) return notFound("ticket " + std::to_string(t.id) + " not found");
      return Status::ok();
    });
  }

  Result<std::optional<TicketRecord>> get(int64_t id) override {
    return guarded("tickets.get", [&]() -> Result<std::optional<TicketRecord>> {
      Statement q(db_, "SELECT * FROM tickets WHERE id = ?");
      q.bind(1, static_cast<int64_t>(id));
      if (!q.executeStep()) return std::optional<TicketRecord>();
      return std::optional<TicketRecord>(readTicket(q));
    });
  }

  Status appendEvent(const TicketEvent& e) override {
    return guarded("tickets.appendEvent", [&]() -> Status {
      Statement q(db_,
          "INSERT INTO ticket_events (ticket_id, at, actor_kind, actor_id, action, from_status, "
          "to_status, note, data) VALUES (?,?,?,?,?,?,?,?,?)");
      q.bind(1, static_cast<int64_t>(e.ticket_id));
      q.bind(2, static_cast<int64_t>(e.at));
      q.bind(3, e.actor_kind);
      q.bind(4, e.actor_id);
      q.bind(5, e.action);
      q.bind(6, e.from_status);
      q.bind(7, e.to_status);
      q.bind(8, e.note);
      q.bind(9, e.data);
      q.exec();
      return Status::ok();
    });
  }

  Result<std::vector<TicketEvent>> events(int64_t ticket_id) override {
    return guarded("tickets.events", [&]() -> Result<std::vector<TicketEvent>> {
      Statement q(db_, "SELECT * FROM ticket_events WHERE ticket_id = ? ORDER BY id");
      q.bind(1, static_cast<int64_t>(ticket_id));
      std::vector<TicketEvent> out;
      while (q.executeStep()) {
        TicketEvent e;
        e.id = i64(q, "id");
        e.ticket_id = i64(q, "ticket_id");
        e.at = i64(q, "at");
        e.actor_kind = str(q, "actor_kind");
        e.actor_id = str(q, "actor_id");
        e.action = str(q, "action");
        e.from_status = str(q, "from_status");
        e.to_status = str(q, "to_status");
        e.note = str(q, "note");
        e.data = str(q, "data");
        out.push_back(std::move(e));
      }
      return out;
    });
  }

  Status addReporter(const TicketReporter& r) override {
    return guarded("tickets.addReporter", [&]() -> Status {
      Statement q(db_,
          "INSERT INTO ticket_reporters (ticket_id, message_id, channel, sender_id, "
          "sender_name, group_id, platform_msg_id, at, tracking_code) VALUES (?,?,?,?,?,?,?,?,?) "
          "ON CONFLICT DO NOTHING");
      q.bind(1, static_cast<int64_t>(r.ticket_id));
      q.bind(2, static_cast<int64_t>(r.message_id));
      q.bind(3, name(r.channel));
      q.bind(4, r.sender_id);
      q.bind(5, r.sender_name);
      q.bind(6, r.group_id);
      q.bind(7, r.platform_msg_id);
      q.bind(8, static_cast<int64_t>(r.at));
      if (r.tracking_code.empty()) {
        q.bind(9);  // NULL: the unique index only holds real codes
      } else {
        q.bind(9, r.tracking_code);
      }
      q.exec();
      return Status::ok();
    });
  }

  Result<std::vector<TicketReporter>> reporters(int64_t ticket_id) override {
    return guarded("tickets.reporters", [&]() -> Result<std::vector<TicketReporter>> {
      Statement q(db_, "SELECT * FROM ticket_reporters WHERE ticket_id = ? ORDER BY at");
      q.bind(1, static_cast<int64_t>(ticket_id));
      std::vector<TicketReporter> out;
      while (q.executeStep()) out.push_back(readReporter(q));
      return out;
    });
  }

  Result<std::optional<TicketReporter>> reporterByTrackingCode(const std::string& code) override {
    return guarded("tickets.reporterByTrackingCode", [&]() -> Result<std::optional<TicketReporter>> {
      if (code.empty()) return std::optional<TicketReporter>();
      Statement q(db_, "SELECT * FROM ticket_reporters WHERE tracking_code = ?");
      q.bind(1, code);
      if (!q.executeStep()) return std::optional<TicketReporter>();
      return std::optional<TicketReporter>(readReporter(q));
    });
  }

  Result<std::optional<TicketRecord>> findOpenDuplicate(const std::string& grid_id,
                                                        const std::string& intent,
                                                        const std::string& place_key,
                                                        Millis since) override {
    return guarded("tickets.findOpenDuplicate", [&]() -> Result<std::optional<TicketRecord>> {
      Statement q(db_,
          "SELECT * FROM tickets WHERE grid_id = ? AND intent = ? AND place_key = ? AND "
          "created_at >= ? AND status NOT IN ('resolved', 'closed') ORDER BY id DESC LIMIT 1");
      q.bind(1, grid_id);
      q.bind(2, intent);
      q.bind(3, place_key);
      q.bind(4, static_cast<int64_t>(since));
      if (!q.executeStep()) return std::optional<TicketRecord>();
      return std::optional<TicketRecord>(readTicket(q));
    });
  }

  Result<std::optional<TicketRecord>> lastByReporter(Channel channel,
                                                     const std::string& reporter_id) override {
    return guarded("tickets.lastByReporter", [&]() -> Result<std::optional<TicketRecord>> {
      Statement q(db_,
          "SELECT * FROM tickets WHERE reporter_channel = ? AND reporter_id = ? AND grid_id != '' "
          "ORDER BY id DESC LIMIT 1");
      q.bind(1, name(channel));
      q.bind(2, reporter_id);
      if (!q.executeStep()) return std::optional<TicketRecord>();
      return std::optional<TicketRecord>(readTicket(q));
    });
  }

  Result<int> openLoad(const std::string& assignee_id) override {
    return guarded("tickets.openLoad", [&]() -> Result<int> {
      Statement q(db_,
          "SELECT COUNT(*) FROM tickets WHERE assignee_id = ? AND status IN ('new','assigned','accepted')");
      q.bind(1, assignee_id);
      q.executeStep();
      return q.getColumn(0).getInt();
    });
  }

  Result<std::vector<TicketRecord>> list(const TicketFilter& f, int64_t* total) override {
    return guarded("tickets.list", [&]() -> Result<std::vector<TicketRecord>> {
      if (total) {
        Statement c(db_, std::string("SELECT COUNT(*) FROM tickets") + kFilterWhere);
        bindFilter(c, f);
        c.executeStep();
        *total = c.getColumn(0).getInt64();
      }
      Statement q(db_, std::string("SELECT * FROM tickets") + kFilterWhere +
                                   " ORDER BY id DESC LIMIT :limit OFFSET :offset");
      bindFilter(q, f);
      q.bind(":limit", f.limit);
      q.bind(":offset", f.offset);
      std::vector<TicketRecord> out;
      while (q.executeStep()) out.push_back(readTicket(q));
      return out;
    });
  }

 private:
  Connection& db_;
};

}  // namespace

std::unique_ptr<TicketRepo> makeTicketRepo(Connection& db) {
  return std::make_unique<SqlTicketRepo>(db);
}

}  // namespace gg::sql
