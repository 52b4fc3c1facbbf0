#include "storage/sql/sql_repos.h"
#include "storage/sql/sql_util.h"

namespace gg::sql {
namespace {

TimerRecord readTimer(Statement& q) {
  TimerRecord r;
  r.id = i64(q, "id");
  r.kind = str(q, "kind");
  r.ref_id = i64(q, "ref_id");
  r.key = str(q, "key");
  r.due_at = i64(q, "due_at");
  r.fired_at = i64(q, "fired_at");
  r.payload = str(q, "payload");
  return r;
}

class SqlTimerRepo : public TimerRepo {
 public:
  explicit SqlTimerRepo(Connection& db) : db_(db) {}

  Status schedule(const TimerRecord& r) override {
    return guarded("timers.schedule", [&]() -> Status {
      Statement q(db_,
          "INSERT INTO timers (kind, ref_id, key, due_at, payload) VALUES (?,?,?,?,?) "
          "ON CONFLICT (kind, ref_id, key) DO UPDATE SET due_at = excluded.due_at, "
          "payload = excluded.payload, fired_at = 0");
      q.bind(1, r.kind);
      q.bind(2, static_cast<int64_t>(r.ref_id));
      q.bind(3, r.key);
      q.bind(4, static_cast<int64_t>(r.due_at));
      q.bind(5, r.payload);
      q.exec();
      return Status::ok();
    });
  }

  Result<std::vector<TimerRecord>> due(Millis now, int limit) override {
    return guarded("timers.due", [&]() -> Result<std::vector<TimerRecord>> {
      Statement q(db_,
          "SELECT * FROM timers WHERE fired_at = 0 AND due_at <= ? ORDER BY due_at, id LIMIT ?");
      q.bind(1, static_cast<int64_t>(now));
      q.bind(2, limit);
      std::vector<TimerRecord> out;
      while (q.executeStep()) out.push_back(readTimer(q));
      return out;
    });
  }

  Result<bool> markFired(int64_t id, Millis at) override {
    return guarded("timers.fire", [&]() -> Result<bool> {
      Statement q(db_, "UPDATE timers SET fired_at = ? WHERE id = ? AND fired_at = 0");
      q.bind(1, static_cast<int64_t>(at));
      q.bind(2, static_cast<int64_t>(id));
      return q.exec() == 1;
    });
  }

  Status cancel(const std::string& kind, int64_t ref_id) override {
    return guarded("timers.cancel", [&]() -> Status {
      // A cancelled timer is deleted: it has no history worth keeping (events carry that).
      Statement q(db_, "DELETE FROM timers WHERE kind LIKE ? AND ref_id = ? AND fired_at = 0");
      q.bind(1, kind + "%");
      q.bind(2, static_cast<int64_t>(ref_id));
      q.exec();
      return Status::ok();
    });
  }

  Result<std::vector<TimerRecord>> forRef(const std::string& kind_prefix, int64_t ref_id) override {
    return guarded("timers.forRef", [&]() -> Result<std::vector<TimerRecord>> {
      Statement q(db_, "SELECT * FROM timers WHERE kind LIKE ? AND ref_id = ? ORDER BY due_at");
      q.bind(1, kind_prefix + "%");
      q.bind(2, static_cast<int64_t>(ref_id));
      std::vector<TimerRecord> out;
      while (q.executeStep()) out.push_back(readTimer(q));
      return out;
    });
  }

 private:
  Connection& db_;
};

}  // namespace

std::unique_ptr<TimerRepo> makeTimerRepo(Connection& db) {
  return std::make_unique<SqlTimerRepo>(db);
}

}  // namespace gg::sql
