#include "storage/alert_repo.h"
#include "storage/sql/sql_repos.h"
#include "storage/sql/sql_util.h"

namespace gg::sql {
namespace {

AlertRecord readAlert(Statement& q) {
  AlertRecord a;
  a.id = i64(q, "id");
  a.community_id = str(q, "community_id");
  a.channel = enumColumn(q, "channel", parseChannel);
  a.group_id = str(q, "group_id");
  a.grid_id = str(q, "grid_id");
  a.kind = str(q, "kind");
  a.opened_at = i64(q, "opened_at");
  a.cleared_at = i64(q, "cleared_at");
  a.last_event_at = i64(q, "last_event_at");
  a.negative_count = static_cast<int>(i64(q, "negative_count"));
  a.residents = static_cast<int>(i64(q, "residents"));
  a.escalations = static_cast<int>(i64(q, "escalations"));
  a.subject = str(q, "subject");
  a.summary = str(q, "summary");
  a.outbox_id = i64(q, "outbox_id");
  return a;
}

OpinionEvent readEvent(Statement& q) {
  OpinionEvent e;
  e.id = i64(q, "id");
  e.message_id = i64(q, "message_id");
  e.channel = enumColumn(q, "channel", parseChannel);
  e.group_id = str(q, "group_id");
  e.community_id = str(q, "community_id");
  e.grid_id = str(q, "grid_id");
  e.sender_id = str(q, "sender_id");
  e.subject = str(q, "subject");
  e.negative = i64(q, "negative") != 0;
  e.complaint = i64(q, "complaint") != 0;
  e.escalation = i64(q, "escalation") != 0;
  e.at = i64(q, "at");
  return e;
}

void bindAlert(Statement& q, const AlertRecord& a) {
  q.bind(":community_id", a.community_id);
  q.bind(":channel", name(a.channel));
  q.bind(":group_id", a.group_id);
  q.bind(":grid_id", a.grid_id);
  q.bind(":kind", a.kind);
  q.bind(":opened_at", static_cast<int64_t>(a.opened_at));
  q.bind(":cleared_at", static_cast<int64_t>(a.cleared_at));
  q.bind(":last_event_at", static_cast<int64_t>(a.last_event_at));
  q.bind(":negative_count", a.negative_count);
  q.bind(":residents", a.residents);
  q.bind(":escalations", a.escalations);
  q.bind(":subject", a.subject);
  q.bind(":summary", a.summary);
  q.bind(":outbox_id", static_cast<int64_t>(a.outbox_id));
}

constexpr const char* kFlagged = "(negative <> 0 OR complaint <> 0 OR escalation <> 0)";

class SqlAlertRepo : public AlertRepo {
 public:
  explicit SqlAlertRepo(Connection& db) : db_(db) {}

  Result<bool> recordEvent(const OpinionEvent& e) override {
    return guarded("alerts.recordEvent", [&]() -> Result<bool> {
      Statement q(db_,
          "INSERT INTO opinion_events (message_id, channel, group_id, community_id, grid_id, "
          "sender_id, subject, negative, complaint, escalation, at) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
          "ON CONFLICT DO NOTHING");
      q.bind(1, static_cast<int64_t>(e.message_id));
      q.bind(2, name(e.channel));
      q.bind(3, e.group_id);
      q.bind(4, e.community_id);
      q.bind(5, e.grid_id);
      q.bind(6, e.sender_id);
      q.bind(7, e.subject);
      q.bind(8, e.negative ? 1 : 0);
      q.bind(9, e.complaint ? 1 : 0);
      q.bind(10, e.escalation ? 1 : 0);
      q.bind(11, static_cast<int64_t>(e.at));
      return q.exec() == 1;
    });
  }

  Result<OpinionWindowStats> groupStats(Channel channel, const std::string& group_id,
                                        Millis from, Millis to) override {
    return guarded("alerts.groupStats", [&]() -> Result<OpinionWindowStats> {
      OpinionWindowStats s;
      Statement q(db_, std::string(
          "SELECT COUNT(*), COUNT(DISTINCT sender_id), COALESCE(SUM(CASE WHEN escalation <> 0 THEN 1 ELSE 0 END), 0), "
          "COALESCE(MAX(at), 0) FROM opinion_events WHERE channel = ?1 AND group_id = ?2 AND "
          "at >= ?3 AND at <= ?4 AND ") + kFlagged);
      q.bind(1, name(channel));
      q.bind(2, group_id);
      q.bind(3, static_cast<int64_t>(from));
      q.bind(4, static_cast<int64_t>(to));
      q.executeStep();
      s.flagged = q.getColumn(0).getInt();
      s.residents = q.getColumn(1).getInt();
      s.escalations = q.getColumn(2).getInt();
      s.last_at = q.getColumn(3).getInt64();
      Statement t(db_, std::string(
          "SELECT subject, COUNT(DISTINCT sender_id) AS n FROM opinion_events WHERE channel = ?1 "
          "AND group_id = ?2 AND at >= ?3 AND at <= ?4 AND subject <> '' AND ") + kFlagged +
          " GROUP BY subject ORDER BY n DESC, subject LIMIT 1");
      t.bind(1, name(channel));
      t.bind(2, group_id);
      t.bind(3, static_cast<int64_t>(from));
      t.bind(4, static_cast<int64_t>(to));
      if (t.executeStep()) {
        s.top_subject = t.getColumn(0).getString();
        s.top_subject_residents = t.getColumn(1).getInt();
      }
      return s;
    });
  }

  Result<std::vector<OpinionEvent>> communityEvents(const std::string& community_id, Millis from,
                                                    Millis to) override {
    return guarded("alerts.communityEvents", [&]() -> Result<std::vector<OpinionEvent>> {
      Statement q(db_,
          "SELECT * FROM opinion_events WHERE community_id = ? AND at >= ? AND at < ? "
          "ORDER BY at, id");
      q.bind(1, community_id);
      q.bind(2, static_cast<int64_t>(from));
      q.bind(3, static_cast<int64_t>(to));
      std::vector<OpinionEvent> out;
      while (q.executeStep()) out.push_back(readEvent(q));
      return out;
    });
  }

  Result<std::optional<AlertRecord>> openAlert(Channel channel,
                                               const std::string& group_id) override {
    return guarded("alerts.open", [&]() -> Result<std::optional<AlertRecord>> {
      Statement q(db_,
          "SELECT * FROM alerts WHERE channel = ? AND group_id = ? AND cleared_at = 0 "
          "ORDER BY id DESC LIMIT 1");
      q.bind(1, name(channel));
      q.bind(2, group_id);
      if (!q.executeStep()) return std::optional<AlertRecord>();
      return std::optional<AlertRecord>(readAlert(q));
    });
  }

  Result<int64_t> insert(const AlertRecord& a) override {
    return guarded("alerts.insert", [&]() -> Result<int64_t> {
      Statement q(db_,
          "INSERT INTO alerts (community_id, channel, group_id, grid_id, kind, opened_at, "
          "cleared_at, last_event_at, negative_count, residents, escalations, subject, summary, "
          "outbox_id) VALUES (:community_id, :channel, :group_id, :grid_id, :kind, :opened_at, "
          ":cleared_at, :last_event_at, :negative_count, :residents, :escalations, :subject, "
          ":summary, :outbox_id)");
      bindAlert(q, a);
      q.exec();
      return db_.lastInsertId();
    });
  }

  Status update(const AlertRecord& a) override {
    return guarded("alerts.update", [&]() -> Status {
      Statement q(db_,
          "UPDATE alerts SET community_id = :community_id, channel = :channel, group_id = "
          ":group_id, grid_id = :grid_id, kind = :kind, opened_at = :opened_at, cleared_at = "
          ":cleared_at, last_event_at = :last_event_at, negative_count = :negative_count, "
          "residents = :residents, escalations = :escalations, subject = :subject, summary = "
          ":summary, outbox_id = :outbox_id WHERE id = :id");
      bindAlert(q, a);
      q.bind(":id", static_cast<int64_t>(a.id));
      if (q.exec() != 1) return notFound("alert " + std::to_string(a.id) + " not found");
      return Status::ok();
    });
  }

  Result<std::optional<AlertRecord>> get(int64_t id) override {
    return guarded("alerts.get", [&]() -> Result<std::optional<AlertRecord>> {
      Statement q(db_, "SELECT * FROM alerts WHERE id = ?");
      q.bind(1, static_cast<int64_t>(id));
      if (!q.executeStep()) return std::optional<AlertRecord>();
      return std::optional<AlertRecord>(readAlert(q));
    });
  }

  Result<int> clearStale(Millis now, Millis window) override {
    return guarded("alerts.clearStale", [&]() -> Result<int> {
      Statement q(db_,
          "UPDATE alerts SET cleared_at = last_event_at + ?1 WHERE cleared_at = 0 AND "
          "last_event_at + ?1 <= ?2");
      q.bind(1, static_cast<int64_t>(window));
      q.bind(2, static_cast<int64_t>(now));
      return q.exec();
    });
  }

  Result<std::vector<AlertRecord>> list(const std::string& community_id, bool open_only, int limit,
                                        int offset) override {
    return guarded("alerts.list", [&]() -> Result<std::vector<AlertRecord>> {
      Statement q(db_,
          "SELECT * FROM alerts WHERE (?1 = '' OR community_id = ?1) AND (?2 = 0 OR cleared_at = 0) "
          "ORDER BY id DESC LIMIT ?3 OFFSET ?4");
      q.bind(1, community_id);
      q.bind(2, open_only ? 1 : 0);
      q.bind(3, limit);
      q.bind(4, offset);
      std::vector<AlertRecord> out;
      while (q.executeStep()) out.push_back(readAlert(q));
      return out;
    });
  }

 private:
  Connection& db_;
};

}  // namespace

std::unique_ptr<AlertRepo> makeAlertRepo(Connection& db) {
  return std::make_unique<SqlAlertRepo>(db);
}

}  // namespace gg::sql
