#include "storage/sql/sql_repos.h"
#include "storage/sql/sql_util.h"

namespace gg::sql {
namespace {

class SqlSubscriberRepo : public SubscriberRepo {
 public:
  explicit SqlSubscriberRepo(Connection& db) : db_(db) {}

  Result<bool> add(const SubscriberRecord& r) override {
    return guarded("subscribers.add", [&]() -> Result<bool> {
      Statement q(db_,
          "INSERT INTO sms_subscribers (phone, grid_id, name, source, created_at) VALUES (?,?,?,?,?) "
          "ON CONFLICT (phone, grid_id) DO NOTHING");
      q.bind(1, r.phone);
      q.bind(2, r.grid_id);
      q.bind(3, r.name);
      q.bind(4, r.source);
      q.bind(5, static_cast<int64_t>(r.created_at));
      return q.exec() == 1;
    });
  }

  Result<std::vector<SubscriberRecord>> forGrids(const std::vector<std::string>& grids) override {
    return guarded("subscribers.forGrids", [&]() -> Result<std::vector<SubscriberRecord>> {
      std::vector<SubscriberRecord> out;
      if (grids.empty()) return out;
      std::string in;
      for (size_t i = 0; i < grids.size(); ++i) in += (i ? ",?" : "?") + std::to_string(i + 1);
      // One row per number: a resident subscribed in two target grids gets the notice once, for
      // the first of those grids (a correlated MIN, not SQLite's bare columns next to MIN()).
      Statement q(db_,
          "SELECT s.phone, s.grid_id, s.name, s.source, s.created_at FROM sms_subscribers s "
          "WHERE s.grid_id IN (" + in + ") AND NOT EXISTS (SELECT 1 FROM sms_optouts o WHERE "
          "o.phone = s.phone) AND s.grid_id = (SELECT MIN(m.grid_id) FROM sms_subscribers m "
          "WHERE m.phone = s.phone AND m.grid_id IN (" + in + ")) ORDER BY s.phone");
      for (size_t i = 0; i < grids.size(); ++i) q.bind(static_cast<int>(i + 1), grids[i]);
      while (q.executeStep()) {
        SubscriberRecord r;
        r.phone = str(q, "phone");
        r.grid_id = str(q, "grid_id");
        r.name = str(q, "name");
        r.source = str(q, "source");
        r.created_at = i64(q, "created_at");
        out.push_back(std::move(r));
      }
      return out;
    });
  }

  Result<bool> optOut(const std::string& phone, int64_t message_id, Millis at) override {
    return guarded("subscribers.optOut", [&]() -> Result<bool> {
      Statement q(db_,
          "INSERT INTO sms_optouts (phone, at, message_id) VALUES (?,?,?) ON CONFLICT (phone) DO NOTHING");
      q.bind(1, phone);
      q.bind(2, static_cast<int64_t>(at));
      q.bind(3, static_cast<int64_t>(message_id));
      return q.exec() == 1;
    });
  }

  Result<bool> isOptedOut(const std::string& phone) override {
    return guarded("subscribers.isOptedOut", [&]() -> Result<bool> {
      Statement q(db_, "SELECT 1 FROM sms_optouts WHERE phone = ?");
      q.bind(1, phone);
      return q.executeStep();
    });
  }

 private:
  Connection& db_;
};

}  // namespace

std::unique_ptr<SubscriberRepo> makeSubscriberRepo(Connection& db) {
  return std::make_unique<SqlSubscriberRepo>(db);
}

}  // namespace gg::sql
