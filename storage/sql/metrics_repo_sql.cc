#include "storage/metrics_repo.h"
#include "storage/sql/sql_repos.h"
#include "storage/sql/sql_util.h"

namespace gg::sql {
namespace {

class SqlMetricsRepo : public MetricsRepo {
 public:
  explicit SqlMetricsRepo(Connection& db) : db_(db) {}

  Result<std::vector<CountRow>> messagesByChannelDecision() override {
    return groups("metrics.messages",
                  "SELECT channel, COALESCE(decision, ''), COUNT(*) FROM messages GROUP BY 1, 2");
  }

  Result<std::vector<CountRow>> openTicketsByLevelStatus() override {
    return groups("metrics.tickets",
                  "SELECT level, status, COUNT(*) FROM tickets "
                  "WHERE status IN ('new','assigned','accepted') GROUP BY 1, 2");
  }

  Result<int64_t> openOverdue(int64_t now) override {
    return guarded("metrics.overdue", [&]() -> Result<int64_t> {
      // The same predicate as TicketFilter::overdue_only (ticket_repo_sql.cc).
      Statement q(db_,
          "SELECT COUNT(*) FROM tickets WHERE status IN ('new','assigned','accepted') AND "
          "(overdue = 1 OR (status IN ('new','assigned') AND accept_by > 0 AND accept_by < ?1) "
          " OR (resolve_by > 0 AND resolve_by < ?1))");
      q.bind(1, now);
      q.executeStep();
      return q.getColumn(0).getInt64();
    });
  }

  Result<std::vector<CountRow>> outboxByChannelStatus() override {
    return groups("metrics.outbox", "SELECT channel, status, COUNT(*) FROM outbox GROUP BY 1, 2");
  }

 private:
  Result<std::vector<CountRow>> groups(const char* what, const char* sql) {
    return guarded(what, [&]() -> Result<std::vector<CountRow>> {
      Statement q(db_, sql);
      std::vector<CountRow> out;
      while (q.executeStep()) {
        out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64()});
      }
      return out;
    });
  }

  Connection& db_;
};

}  // namespace

std::unique_ptr<MetricsRepo> makeMetricsRepo(Connection& db) {
  return std::make_unique<SqlMetricsRepo>(db);
}

}  // namespace gg::sql
