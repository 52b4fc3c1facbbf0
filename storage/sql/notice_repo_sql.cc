#include "storage/sql/sql_repos.h"
#include "storage/sql/sql_util.h"

namespace gg::sql {
namespace {

void bindNotice(Statement& q, const NoticeRecord& n) {
  q.bind(":title", n.title);
  q.bind(":body", n.body);
  q.bind(":target", n.target);
  q.bind(":reminders", n.reminders);
  q.bind(":keywords", n.keywords);
  q.bind(":vars", n.vars);
  q.bind(":links", n.links);
  q.bind(":send_at", static_cast<int64_t>(n.send_at));
  q.bind(":deadline", static_cast<int64_t>(n.deadline));
  q.bind(":mention_all", n.mention_all ? 1 : 0);
  q.bind(":urgent", n.urgent ? 1 : 0);
  q.bind(":sms", n.sms ? 1 : 0);
  q.bind(":status", name(n.status));
  q.bind(":created_by", n.created_by);
  q.bind(":approved_by", n.approved_by);
  q.bind(":cancelled_by", n.cancelled_by);
  q.bind(":scope", n.scope);
  q.bind(":created_at", static_cast<int64_t>(n.created_at));
  q.bind(":updated_at", static_cast<int64_t>(n.updated_at));
}

NoticeRecord readNotice(Statement& q) {
  NoticeRecord n;
  n.id = i64(q, "id");
  n.title = str(q, "title");
  n.body = str(q, "body");
  n.target = str(q, "target");
  n.reminders = str(q, "reminders");
  n.keywords = str(q, "keywords");
  n.vars = str(q, "vars");
  n.links = str(q, "links");
  n.send_at = i64(q, "send_at");
  n.deadline = i64(q, "deadline");
  n.mention_all = i64(q, "mention_all") != 0;
  n.urgent = i64(q, "urgent") != 0;
  n.sms = i64(q, "sms") != 0;
  n.status = enumColumn(q, "status", parseNoticeStatus);
  n.created_by = str(q, "created_by");
  n.approved_by = str(q, "approved_by");
  n.cancelled_by = str(q, "cancelled_by");
  n.scope = str(q, "scope");
  n.created_at = i64(q, "created_at");
  n.updated_at = i64(q, "updated_at");
  return n;
}

NoticeDelivery readDelivery(Statement& q) {
  NoticeDelivery d;
  d.id = i64(q, "id");
  d.notice_id = i64(q, "notice_id");
  d.send_kind = str(q, "send_kind");
  d.channel = enumColumn(q, "channel", parseChannel);
  d.group_id = str(q, "group_id");
  d.grid_id = str(q, "grid_id");
  d.community_id = str(q, "community_id");
  d.due_at = i64(q, "due_at");
  d.status = enumColumn(q, "status", parseDeliveryStatus);
  d.outbox_id = i64(q, "outbox_id");
  d.error = str(q, "error");
  d.sent_at = i64(q, "sent_at");
  return d;
}

class SqlNoticeRepo : public NoticeRepo {
 public:
  explicit SqlNoticeRepo(Connection& db) : db_(db) {}

  Result<int64_t> insert(const NoticeRecord& n) override {
    return guarded("notices.insert", [&]() -> Result<int64_t> {
      Statement q(db_,
          "INSERT INTO notices (title, body, target, reminders, keywords, vars, links, send_at, "
          "deadline, mention_all, urgent, sms, status, created_by, approved_by, cancelled_by, scope, "
          "created_at, updated_at) VALUES (:title, :body, :target, :reminders, :keywords, :vars, "
          ":links, :send_at, :deadline, :mention_all, :urgent, :sms, :status, :created_by, "
          ":approved_by, :cancelled_by, :scope, :created_at, :updated_at)");
      bindNotice(q, n);
      q.exec();
      return db_.lastInsertId();
    });
  }

  Status update(const NoticeRecord& n) override {
    return guarded("notices.update", [&]() -> Status {
      Statement q(db_,
          "UPDATE notices SET title = :title, body = :body, target = :target, reminders = "
          ":reminders, keywords = :keywords, vars = :vars, links = :links, send_at = :send_at, "
          "deadline = :deadline, mention_all = :mention_all, urgent = :urgent, sms = :sms, status = :status, "
          "created_by = :created_by, approved_by = :approved_by, cancelled_by = :cancelled_by, "
          "scope = :scope, created_at = :created_at, updated_at = :updated_at WHERE id = :id");
      bindNotice(q, n);
      q.bind(":id", static_cast<int64_t>(n.id));
      if (q.exec() != 1) return notFound("notice " + std::to_string(n.id) + " not found");
      return Status::ok();
    });
  }

  Result<std::optional<NoticeRecord>> get(int64_t id) override {
    return guarded("notices.get", [&]() -> Result<std::optional<NoticeRecord>> {
      Statement q(db_, "SELECT * FROM notices WHERE id = ?");
      q.bind(1, static_cast<int64_t>(id));
      if (!q.executeStep()) return std::optional<NoticeRecord>();
      return std::optional<NoticeRecord>(readNotice(q));
    });
  }

  Result<std::vector<NoticeRecord>> list(std::optional<NoticeStatus> status, int limit, int offset) override {
    return guarded("notices.list", [&]() -> Result<std::vector<NoticeRecord>> {
      Statement q(db_,
          "SELECT * FROM notices WHERE (?1 = '' OR status = ?1) ORDER BY id DESC LIMIT ?2 OFFSET ?3");
      q.bind(1, nameOrAny(status));
      q.bind(2, limit);
      q.bind(3, offset);
      std::vector<NoticeRecord> out;
      while (q.executeStep()) out.push_back(readNotice(q));
      return out;
    });
  }

  Result<int64_t> addDelivery(const NoticeDelivery& d) override {
    return guarded("notices.addDelivery", [&]() -> Result<int64_t> {
      Statement q(db_,
          "INSERT INTO notice_deliveries (notice_id, send_kind, channel, group_id, grid_id, "
          "community_id, due_at, status) VALUES (?,?,?,?,?,?,?,?) "
          "ON CONFLICT (notice_id, send_kind, channel, group_id) DO NOTHING");
      q.bind(1, static_cast<int64_t>(d.notice_id));
      q.bind(2, d.send_kind);
      q.bind(3, name(d.channel));
      q.bind(4, d.group_id);
      q.bind(5, d.grid_id);
      q.bind(6, d.community_id);
      q.bind(7, static_cast<int64_t>(d.due_at));
      q.bind(8, name(d.status));
      if (q.exec() == 1) return db_.lastInsertId();
      Statement s(db_,
          "SELECT id FROM notice_deliveries WHERE notice_id = ? AND send_kind = ? AND channel = ? "
          "AND group_id = ?");
      s.bind(1, static_cast<int64_t>(d.notice_id));
      s.bind(2, d.send_kind);
      s.bind(3, name(d.channel));
      s.bind(4, d.group_id);
      s.executeStep();
      return s.getColumn(0).getInt64();
    });
  }

  Status updateDelivery(const NoticeDelivery& d) override {
    return guarded("notices.updateDelivery", [&]() -> Status {
      Statement q(db_,
          "UPDATE notice_deliveries SET due_at = ?, status = ?, outbox_id = ?, error = ?, "
          "sent_at = ? WHERE id = ?");
      q.bind(1, static_cast<int64_t>(d.due_at));
      q.bind(2, name(d.status));
      q.bind(3, static_cast<int64_t>(d.outbox_id));
      q.bind(4, d.error);
      q.bind(5, static_cast<int64_t>(d.sent_at));
      q.bind(6, static_cast<int64_t>(d.id));
      if (q.exec() != 1) return notFound("delivery " + std::to_string(d.id) + " not found");
      return Status::ok();
    });
  }

  Result<std::vector<NoticeDelivery>> deliveries(int64_t notice_id) override {
    return guarded("notices.deliveries", [&]() -> Result<std::vector<NoticeDelivery>> {
      Statement q(db_, "SELECT * FROM notice_deliveries WHERE notice_id = ? ORDER BY id");
      q.bind(1, static_cast<int64_t>(notice_id));
      std::vector<NoticeDelivery> out;
      while (q.executeStep()) out.push_back(readDelivery(q));
      return out;
    });
  }

  Result<std::vector<NoticeDelivery>> dueDeliveries(Millis now, int limit) override {
    return guarded("notices.dueDeliveries", [&]() -> Result<std::vector<NoticeDelivery>> {
      Statement q(db_,
          "SELECT * FROM notice_deliveries WHERE status = 'pending' AND due_at <= ? "
          "ORDER BY due_at, id LIMIT ?");
      q.bind(1, static_cast<int64_t>(now));
      q.bind(2, limit);
      std::vector<NoticeDelivery> out;
      while (q.executeStep()) out.push_back(readDelivery(q));
      return out;
    });
  }

  Result<std::optional<NoticeDelivery>> deliveryByOutbox(int64_t outbox_id) override {
    return guarded("notices.deliveryByOutbox", [&]() -> Result<std::optional<NoticeDelivery>> {
      Statement q(db_, "SELECT * FROM notice_deliveries WHERE outbox_id = ?");
      q.bind(1, static_cast<int64_t>(outbox_id));
      if (!q.executeStep()) return std::optional<NoticeDelivery>();
      return std::optional<NoticeDelivery>(readDelivery(q));
    });
  }

  Status appendAudit(const NoticeAudit& a) override {
    return guarded("notices.appendAudit", [&]() -> Status {
      Statement q(db_,
          "INSERT INTO notice_audit (notice_id, at, actor, action, note) VALUES (?,?,?,?,?)");
      q.bind(1, static_cast<int64_t>(a.notice_id));
      q.bind(2, static_cast<int64_t>(a.at));
      q.bind(3, a.actor);
      q.bind(4, a.action);
      q.bind(5, a.note);
      q.exec();
      return Status::ok();
    });
  }

  Result<std::vector<NoticeAudit>> audit(int64_t notice_id) override {
    return guarded("notices.audit", [&]() -> Result<std::vector<NoticeAudit>> {
      Statement q(db_, "SELECT * FROM notice_audit WHERE notice_id = ? ORDER BY id");
      q.bind(1, static_cast<int64_t>(notice_id));
      std::vector<NoticeAudit> out;
      while (q.executeStep()) {
        NoticeAudit a;
        a.id = i64(q, "id");
        a.notice_id = i64(q, "notice_id");
        a.at = i64(q, "at");
        a.actor = str(q, "actor");
        a.action = str(q, "action");
        a.note = str(q, "note");
        out.push_back(std::move(a));
      }
      return out;
    });
  }

 Result<int> settlePendingDeliveries(int64_t notice_id, DeliveryStatus status,
                                      const std::string& error) override {
    return guarded("notices.settlePending", [&]() -> Result<int> {
      Statement q(db_,
          "UPDATE notice_deliveries SET status = ?, error = ? WHERE notice_id = ? AND "
          "status = 'pending'");
      q.bind(1, name(status));
      q.bind(2, error);
      q.bind(3, static_cast<int64_t>(notice_id));
      return q.exec();
    });
  }

  Result<int> deletePendingDeliveries(int64_t notice_id) override {
    return guarded("notices.deletePending", [&]() -> Result<int> {
      Statement q(db_,
          "DELETE FROM notice_deliveries WHERE notice_id = ? AND status = 'pending'");
      q.bind(1, static_cast<int64_t>(notice_id));
      return q.exec();
    });
  }

  Result<int64_t> countDeliveries(int64_t notice_id, DeliveryStatus status) override {
    return guarded("notices.countDeliveries", [&]() -> Result<int64_t> {
      Statement q(db_,
          "SELECT COUNT(*) FROM notice_deliveries WHERE notice_id = ? AND status = ?");
      q.bind(1, static_cast<int64_t>(notice_id));
      q.bind(2, name(status));
      q.executeStep();
      return q.getColumn(0).getInt64();
    });
  }

  Result<std::vector<NoticeDelivery>> deliveriesForGroup(Channel channel,
                                                         const std::string& group_id) override {
    return guarded("notices.deliveriesForGroup", [&]() -> Result<std::vector<NoticeDelivery>> {
      Statement q(db_,
          "SELECT * FROM notice_deliveries WHERE channel = ? AND group_id = ? "
          "ORDER BY notice_id DESC, id");
      q.bind(1, name(channel));
      q.bind(2, group_id);
      std::vector<NoticeDelivery> out;
      while (q.executeStep()) out.push_back(readDelivery(q));
      return out;
    });
  }

  Result<Millis> lastAnswerAt(Channel channel, const std::string& group_id) override {
    return guarded("notices.lastAnswerAt", [&]() -> Result<Millis> {
      Statement q(db_,
          "SELECT COALESCE(MAX(at), 0) FROM notice_answers WHERE channel = ? AND group_id = ?");
      q.bind(1, name(channel));
      q.bind(2, group_id);
      q.executeStep();
      return static_cast<Millis>(q.getColumn(0).getInt64());
    });
  }

  Status recordAnswer(Channel channel, const std::string& group_id, int64_t notice_id,
                      const std::string& platform_msg_id, Millis at) override {
    return guarded("notices.recordAnswer", [&]() -> Status {
      Statement q(db_,
          "INSERT INTO notice_answers (channel, group_id, notice_id, platform_msg_id, at) "
          "VALUES (?,?,?,?,?)");
      q.bind(1, name(channel));
      q.bind(2, group_id);
      q.bind(3, static_cast<int64_t>(notice_id));
      q.bind(4, platform_msg_id);
      q.bind(5, static_cast<int64_t>(at));
      q.exec();
      return Status::ok();
    });
  }

  Result<std::optional<int64_t>> seededNotice(const std::string& key) override {
    return guarded("notices.seededNotice", [&]() -> Result<std::optional<int64_t>> {
      Statement q(db_, "SELECT notice_id FROM notice_seeds WHERE key = ?");
      q.bind(1, key);
      if (!q.executeStep()) return std::optional<int64_t>();
      return std::optional<int64_t>(q.getColumn(0).getInt64());
    });
  }

  Status recordSeed(const std::string& key, int64_t notice_id, Millis at) override {
    return guarded("notices.recordSeed", [&]() -> Status {
      Statement q(db_,
          "INSERT INTO notice_seeds (key, notice_id, seeded_at) VALUES (?,?,?) "
          "ON CONFLICT (key) DO NOTHING");
      q.bind(1, key);
      q.bind(2, static_cast<int64_t>(notice_id));
      q.bind(3, static_cast<int64_t>(at));
      if (q.exec() != 1) return conflict("notice seed \"" + key + "\" already used");
      return Status::ok();
    });
  }

 private:
  Connection& db_;
};

}  // namespace

std::unique_ptr<NoticeRepo> makeNoticeRepo(Connection& db) {
  return std::make_unique<SqlNoticeRepo>(db);
}

}  // namespace gg::sql
