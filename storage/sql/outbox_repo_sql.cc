#include <algorithm>

#include "storage/envelope_codec.h"
#include "storage/sql/sql_repos.h"
#include "storage/sql/sql_util.h"

namespace gg::sql {
namespace {

OutboxRecord readOutbox(Statement& q) {
  OutboxRecord r;
  r.id = i64(q, "id");
  r.dedup_key = str(q, "dedup_key");
  auto message = outboundFromJson(nlohmann::json::parse(str(q, "message"), nullptr, false));
  // Thrown to guarded(), like enumColumn: the row cannot be read as it is.
  if (!message.isOk()) throw std::runtime_error("column message: " + message.status().message());
  r.message = std::move(message).value();
  r.status = enumColumn(q, "status", parseOutboxStatus);
  r.attempts = static_cast<int>(i64(q, "attempts"));
  r.next_attempt_at = i64(q, "next_attempt_at");
  r.lease_until = i64(q, "lease_until");
  r.last_error = str(q, "last_error");
  r.platform_msg_id = str(q, "platform_msg_id");
  r.created_at = i64(q, "created_at");
  r.sent_at = i64(q, "sent_at");
  r.source_kind = enumColumnOrNone(q, "source_kind", parseSourceKind);
  r.source_id = i64(q, "source_id");
  r.community_id = str(q, "community_id");
  r.grid_id = str(q, "grid_id");
  r.priority = static_cast<int>(i64(q, "priority"));
  r.reach_group = str(q, "reach_group");
  r.reach_rank = static_cast<int>(i64(q, "reach_rank"));
  r.give_up_at = i64(q, "give_up_at");
  return r;
}

class SqlOutboxRepo : public OutboxRepo {
 public:
  explicit SqlOutboxRepo(Connection& db) : db_(db) {}

  Result<int64_t> enqueue(const OutboxRecord& r) override {
    return guarded("outbox.enqueue", [&]() -> Result<int64_t> {
      Statement q(db_,
          "INSERT INTO outbox (dedup_key, channel, target_kind, target, message, status, "
          "next_attempt_at, created_at, source_kind, source_id, community_id, grid_id, priority, "
          "reach_group, reach_rank, give_up_at) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (dedup_key) DO NOTHING");
      q.bind(1, r.dedup_key);
      q.bind(2, name(r.message.channel));
      q.bind(3, std::string(toString(r.message.target_kind)));
      q.bind(4, r.message.target);
      q.bind(5, toJson(r.message).dump());
      q.bind(6, r.status == OutboxStatus::kStandby ? "standby" : "pending");
      q.bind(7, static_cast<int64_t>(r.next_attempt_at));
      q.bind(8, static_cast<int64_t>(r.created_at));
      q.bind(9, name(r.source_kind));
      q.bind(10, static_cast<int64_t>(r.source_id));
      q.bind(11, r.community_id);
      q.bind(12, r.grid_id);
      q.bind(13, r.priority);
      q.bind(14, r.reach_group);
      q.bind(15, r.reach_rank);
      q.bind(16, static_cast<int64_t>(r.give_up_at));
      if (q.exec() == 1) return db_.lastInsertId();
      Statement s(db_, "SELECT id FROM outbox WHERE dedup_key = ?");
      s.bind(1, r.dedup_key);
      s.executeStep();
      return s.getColumn(0).getInt64();
    });
  }

  Result<std::vector<OutboxRecord>> claimDue(Millis now, int limit, Millis lease,
                                             const std::vector<Channel>& channels) override {
    return guarded("outbox.claimDue", [&]() -> Result<std::vector<OutboxRecord>> {
      if (channels.empty()) return std::vector<OutboxRecord>();
      std::string in;
      for (size_t i = 0; i < channels.size(); ++i) {
        in += (i ? ",?" : "?") + std::to_string(i + 3);
      }
      if (db_.dialect() == Dialect::kPostgres) return claimLocked(now, limit, lease, channels);
      Statement q(db_,
          "SELECT * FROM outbox WHERE ((status = 'pending' AND next_attempt_at <= ?1) OR "
          "(status = 'sending' AND lease_until <= ?1)) AND channel IN (" + in +
          ") ORDER BY priority DESC, next_attempt_at, id LIMIT ?2");
      q.bind(1, static_cast<int64_t>(now));
      q.bind(2, limit);
      for (size_t i = 0; i < channels.size(); ++i) q.bind(static_cast<int>(i + 3), name(channels[i]));
      std::vector<OutboxRecord> out;
      while (q.executeStep()) {
        out.push_back(readOutbox(q));
        OutboxRecord& r = out.back();
        if (r.status == OutboxStatus::kSending) r.interrupted_attempt_at = std::max<Millis>(1, r.lease_until - lease);
      }
      Statement u(db_,
          "UPDATE outbox SET status = 'sending', lease_until = ?, attempts = attempts + 1 WHERE id = ?");
      for (auto& r : out) {
        u.reset();
        u.bind(1, static_cast<int64_t>(now + lease));
        u.bind(2, static_cast<int64_t>(r.id));
        u.exec();
        r.status = OutboxStatus::kSending;
        r.lease_until = now + lease;
        r.attempts += 1;
      }
      return out;
    });
  }

  // PostgreSQL, where several gateways share the outbox: one statement locks the due rows it
  // takes and skips rows another dispatcher's claim has locked (FOR UPDATE SKIP LOCKED), so a
  // row is leased to one dispatcher only. A plain SELECT then UPDATE would let two READ
  // COMMITTED transactions read the same row as due and both lease it. (SQLite needs neither:
  // its writers are serialised by the database file.)
  std::vector<OutboxRecord> claimLocked(Millis now, int limit, Millis lease,
                                        const std::vector<Channel>& channels) {
    std::string in;
    for (size_t i = 0; i < channels.size(); ++i) in += (i ? ",?" : "?") + std::to_string(i + 4);
    // The CTE keeps what each row was before the lease (an interrupted attempt's lease).
    Statement q(db_,
        "WITH due AS (SELECT id, status AS was_status, lease_until AS was_lease FROM outbox "
        "WHERE ((status = 'pending' AND next_attempt_at <= ?1) "
        "OR (status = 'sending' AND lease_until <= ?1)) AND channel IN (" + in +
        ") ORDER BY priority DESC, next_attempt_at, id LIMIT ?2 FOR UPDATE SKIP LOCKED) "
        "UPDATE outbox SET status = 'sending', lease_until = ?3, attempts = outbox.attempts + 1 "
        "FROM due WHERE outbox.id = due.id RETURNING outbox.*, due.was_status, due.was_lease");
    q.bind(1, static_cast<int64_t>(now));
    q.bind(2, limit);
    q.bind(3, static_cast<int64_t>(now + lease));
    for (size_t i = 0; i < channels.size(); ++i) q.bind(static_cast<int>(i + 4), name(channels[i]));
    std::vector<OutboxRecord> out;
    while (q.executeStep()) {
      out.push_back(readOutbox(q));
      if (str(q, "was_status") == "sending") {
        out.back().interrupted_attempt_at = std::max<Millis>(1, i64(q, "was_lease") - lease);
      }
    }
    // RETURNING keeps no order; the dispatcher expects the claim's.
    std::sort(out.begin(), out.end(), [](const OutboxRecord& a, const OutboxRecord& b) {
      if (a.priority != b.priority) return a.priority > b.priority;
      if (a.next_attempt_at != b.next_attempt_at) return a.next_attempt_at < b.next_attempt_at;
      return a.id < b.id;
    });
    return out;
  }

  Status markSent(int64_t id, const std::string& platform_msg_id, Millis at) override {
    return setState(id, "UPDATE outbox SET status = 'sent', platform_msg_id = ?, sent_at = ?, "
                        "last_error = '' WHERE id = ?", platform_msg_id, at);
  }

  Status markRetry(int64_t id, const std::string& error, Millis next) override {
    return setState(id, "UPDATE outbox SET status = 'pending', last_error = ?, next_attempt_at = ? "
                        "WHERE id = ?", error, next);
  }

  Status markDead(int64_t id, const std::string& error, Millis at) override {
    return setState(id, "UPDATE outbox SET status = 'dead', last_error = ?, sent_at = ? "
                        "WHERE id = ?", error, at);
  }

  Result<bool> anyDue(Millis now, const std::vector<Channel>& channels) override {
    return guarded("outbox.anyDue", [&]() -> Result<bool> {
      if (channels.empty()) return false;
      std::string in;
      for (size_t i = 0; i < channels.size(); ++i) in += (i ? ",?" : "?") + std::to_string(i + 2);
      Statement q(db_,
          "SELECT 1 FROM outbox WHERE ((status = 'pending' AND next_attempt_at <= ?1) OR "
          "(status = 'sending' AND lease_until <= ?1)) AND channel IN (" + in + ") LIMIT 1");
      q.bind(1, static_cast<int64_t>(now));
      for (size_t i = 0; i < channels.size(); ++i) q.bind(static_cast<int>(i + 2), name(channels[i]));
      return q.executeStep();
    });
  }

  Status defer(int64_t id, Millis next) override {
    return guarded("outbox.defer", [&]() -> Status {
      Statement q(db_,
          "UPDATE outbox SET status = 'pending', next_attempt_at = ?, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END "
          "WHERE id = ?");
      q.bind(1, static_cast<int64_t>(next));
      q.bind(2, static_cast<int64_t>(id));
      if (q.exec() != 1) return notFound("outbox row " + std::to_string(id) + " not found");
      return Status::ok();
    });
  }

  Result<std::vector<Millis>> recentSends(Channel channel, const std::string& target,
                                          Millis since) override {
    return guarded("outbox.recentSends", [&]() -> Result<std::vector<Millis>> {
      Statement q(db_,
          "SELECT sent_at FROM outbox WHERE channel = ? AND target = ? AND status = 'sent' AND "
          "sent_at >= ? ORDER BY sent_at");
      q.bind(1, name(channel));
      q.bind(2, target);
      q.bind(3, static_cast<int64_t>(since));
      std::vector<Millis> out;
      while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
      return out;
    });
  }

  Result<int> cancelPending(SourceKind source_kind, int64_t source_id) override {
    return guarded("outbox.cancel", [&]() -> Result<int> {
      Statement q(db_,
          "UPDATE outbox SET status = 'cancelled' WHERE source_kind = ? AND source_id = ? AND "
          "status = 'pending'");
      q.bind(1, name(source_kind));
      q.bind(2, static_cast<int64_t>(source_id));
      return q.exec();
    });
  }

  Result<std::optional<OutboxRecord>> get(int64_t id) override {
    return guarded("outbox.get", [&]() -> Result<std::optional<OutboxRecord>> {
      Statement q(db_, "SELECT * FROM outbox WHERE id = ?");
      q.bind(1, static_cast<int64_t>(id));
      if (!q.executeStep()) return std::optional<OutboxRecord>();
      return std::optional<OutboxRecord>(readOutbox(q));
    });
  }

  Result<int64_t> failOver(int64_t id, const std::string& why, Millis now) override {
    return guarded("outbox.failOver", [&]() -> Result<int64_t> {
      Statement g(db_, "SELECT reach_group, reach_rank FROM outbox WHERE id = ?");
      g.bind(1, static_cast<int64_t>(id));
      if (!g.executeStep()) return notFound("outbox row " + std::to_string(id) + " not found");
      const std::string group = g.getColumn(0).getString();
      const int rank = g.getColumn(1).getInt();
      // Nothing to hand over to: the row stays as it is and the caller retries or dead-letters it.
      if (group.empty()) return int64_t{0};
      Statement any(db_, "SELECT 1 FROM outbox WHERE reach_group = ? AND status = 'standby' LIMIT 1");
      any.bind(1, group);
      if (!any.executeStep()) return int64_t{0};
      Statement c(db_,
          "UPDATE outbox SET status = 'cancelled', last_error = ?, sent_at = ? WHERE id = ?");
      c.bind(1, why);
      c.bind(2, static_cast<int64_t>(now));
      c.bind(3, static_cast<int64_t>(id));
      c.exec();
      // The other parts of a split message by this channel go too: the fallback sends it whole.
      Statement p(db_,
          "UPDATE outbox SET status = 'cancelled', last_error = ? WHERE reach_group = ? AND "
          "reach_rank = ? AND status IN ('pending', 'standby')");
      p.bind(1, why);
      p.bind(2, group);
      p.bind(3, rank);
      p.exec();
      Statement n(db_,
          // The first standby row of the lowest standby rank (ORDER BY … LIMIT 1, not MIN(id)
          // beside a bare column, which only SQLite accepts).
          "SELECT id, reach_rank FROM outbox WHERE reach_group = ?1 AND status = 'standby' "
          "AND reach_rank = (SELECT MIN(reach_rank) FROM outbox WHERE reach_group = ?1 AND "
          "status = 'standby') ORDER BY id LIMIT 1");
      n.bind(1, group);
      if (!n.executeStep() || n.getColumn(0).isNull()) return int64_t{0};
      const int64_t next = n.getColumn(0).getInt64();
      Statement a(db_,
          "UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE reach_group = ? AND "
          "reach_rank = ? AND status = 'standby'");
      a.bind(1, static_cast<int64_t>(now));
      a.bind(2, group);
      a.bind(3, n.getColumn(1).getInt());
      a.exec();
      return next;
    });
  }

  Result<int> settleReach(const std::string& group) override {
    return guarded("outbox.settleReach", [&]() -> Result<int> {
      if (group.empty()) return 0;
      Statement q(db_,
          "UPDATE outbox SET status = 'cancelled', last_error = 'delivered by another channel' "
          "WHERE reach_group = ? AND status = 'standby'");
      q.bind(1, group);
      return q.exec();
    });
  }

  Result<std::vector<OutboxRecord>> unsendableWithFallback(const std::vector<Channel>& channels,
                                                           int limit) override {
    return guarded("outbox.unsendable", [&]() -> Result<std::vector<OutboxRecord>> {
      std::string in;
      for (size_t i = 0; i < channels.size(); ++i) in += (i ? ",?" : "?") + std::to_string(i + 2);
      // Driven from the few standby rows through outbox_reach: the dispatcher asks this on every
      // wake-up, and starting from status = 'pending' (what SQLite's planner picks by itself)
      // scanned every row waiting for a rate window — thousands during a burst, 16% of the CPU
      // (perf on branch `bench`). SQLite's unary + keeps its planner off the status index;
      // PostgreSQL has no + for text and plans this from its statistics.
      const char* status = db_.dialect() == Dialect::kSqlite ? "+o.status" : "o.status";
      Statement q(db_,
          std::string("SELECT o.* FROM outbox o WHERE ") + status + " = 'pending' AND "
          "o.reach_group <> '' AND o.channel NOT IN (" + in + ") AND o.reach_group IN (SELECT "
          "s.reach_group FROM outbox s WHERE s.status = 'standby' AND s.reach_group <> '') "
          "ORDER BY o.id LIMIT ?1");
      q.bind(1, limit);
      for (size_t i = 0; i < channels.size(); ++i) q.bind(static_cast<int>(i + 2), name(channels[i]));
      std::vector<OutboxRecord> out;
      while (q.executeStep()) out.push_back(readOutbox(q));
      return out;
    });
  }

  Result<std::vector<int64_t>> redrive(Channel channel, Redrive which,
                                       const std::vector<int64_t>& ids, Millis now,
                                       Millis give_up_at) override {
    return guarded("outbox.redrive", [&]() -> Result<std::vector<int64_t>> {
      // kFailing is a row still retrying after an error: re-driving it skips the backoff wait.
      const std::string where = which == Redrive::kDead
          ? "status = 'dead'"
          : "status = 'pending' AND attempts > 0 AND last_error <> ''";
      Statement q(db_, "SELECT id FROM outbox WHERE " + where +
                                   " AND (?1 = '' OR channel = ?1) ORDER BY id");
      q.bind(1, name(channel));
      std::vector<int64_t> out;
      while (q.executeStep()) {
        const int64_t id = q.getColumn(0).getInt64();
        if (ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end()) out.push_back(id);
      }
      Statement u(db_,
          "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, "
          "give_up_at = ?, sent_at = 0 WHERE id = ?");
      for (int64_t id : out) {
        u.reset();
        u.bind(1, static_cast<int64_t>(now));
        u.bind(2, static_cast<int64_t>(give_up_at));
        u.bind(3, static_cast<int64_t>(id));
        u.exec();
      }
      return out;
    });
  }

  Result<std::vector<OutboxRecord>> list(const Filter& f) override {
    return guarded("outbox.list", [&]() -> Result<std::vector<OutboxRecord>> {
      Statement q(db_,
          "SELECT * FROM outbox WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR community_id = ?2) "
          "AND (?3 = '' OR grid_id = ?3) AND (?4 = '' OR source_kind = ?4) AND (?5 = 0 OR "
          "source_id = ?5) ORDER BY id DESC LIMIT ?6 OFFSET ?7");
      q.bind(1, nameOrAny(f.status));
      q.bind(2, f.community_id);
      q.bind(3, f.grid_id);
      q.bind(4, nameOrAny(f.source_kind));
      q.bind(5, static_cast<int64_t>(f.source_id));
      q.bind(6, f.limit);
      q.bind(7, f.offset);
      std::vector<OutboxRecord> out;
      while (q.executeStep()) out.push_back(readOutbox(q));
      return out;
    });
  }

  Result<int64_t> countWithStatus(OutboxStatus status) override {
    return guarded("outbox.count", [&]() -> Result<int64_t> {
      Statement q(db_, "SELECT COUNT(*) FROM outbox WHERE status = ?");
      q.bind(1, name(status));
      q.executeStep();
      return q.getColumn(0).getInt64();
    });
  }

 private:
  template <typename A, typename B>
  Status setState(int64_t id, const char* sql, const A& a, const B& b) {
    return guarded("outbox.update", [&]() -> Status {
      Statement q(db_, sql);
      q.bind(1, a);
      q.bind(2, static_cast<int64_t>(b));
      q.bind(3, static_cast<int64_t>(id));
      if (q.exec() != 1) return notFound("outbox row " + std::to_string(id) + " not found");
      return Status::ok();
    });
  }

  Connection& db_;
};

}  // namespace

std::unique_ptr<OutboxRepo> makeOutboxRepo(Connection& db) {
  return std::make_unique<SqlOutboxRepo>(db);
}

}  // namespace gg::sql
