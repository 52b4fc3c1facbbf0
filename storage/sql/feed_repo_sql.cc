#include "storage/feed_repo.h"
#include "storage/sql/sql_repos.h"
#include "storage/sql/sql_util.h"

namespace gg::sql {
namespace {

class SqlFeedRepo : public FeedRepo {
 public:
  explicit SqlFeedRepo(Connection& db) : db_(db) {}

  Result<std::vector<FeedTicketEvent>> ticketEventsAfter(int64_t after, int limit) override {
    return guarded("feed.ticketEvents", [&]() -> Result<std::vector<FeedTicketEvent>> {
      Statement q(db_,
          "SELECT id, ticket_id, at, action, to_status FROM ticket_events WHERE id > ? ORDER BY id LIMIT ?");
      q.bind(1, after);
      q.bind(2, limit);
      std::vector<FeedTicketEvent> out;
      while (q.executeStep()) {
        out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64(),
                       q.getColumn(3).getString(), q.getColumn(4).getString()});
      }
      return out;
    });
  }

  Result<int64_t> lastTicketEventId() override {
    return guarded("feed.lastEvent", [&]() -> Result<int64_t> {
      Statement q(db_, "SELECT COALESCE(MAX(id), 0) FROM ticket_events");
      q.executeStep();
      return q.getColumn(0).getInt64();
    });
  }

  Result<std::vector<FeedState>> noticeStates(int limit) override {
    return states("feed.notices", "SELECT id, '', status, 0 FROM notices ORDER BY id DESC LIMIT ?", limit);
  }

  Result<std::vector<FeedState>> alertStates(int limit) override {
    return states("feed.alerts",
                  "SELECT id, community_id, CASE WHEN cleared_at > 0 THEN 'cleared' ELSE 'open' END, "
                  "negative_count FROM alerts ORDER BY id DESC LIMIT ?",
                  limit);
  }

 private:
  Result<std::vector<FeedState>> states(const char* what, const char* sql, int limit) {
    return guarded(what, [&]() -> Result<std::vector<FeedState>> {
      Statement q(db_, sql);
      q.bind(1, limit);
      std::vector<FeedState> out;
      while (q.executeStep()) {
        out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                       q.getColumn(3).getInt64()});
      }
      return out;
    });
  }

  Connection& db_;
};

}  // namespace

std::unique_ptr<FeedRepo> makeFeedRepo(Connection& db) { return std::make_unique<SqlFeedRepo>(db); }

}  // namespace gg::sql
