#pragma once
// Every repository built once over one connection, and the Tx that hands them out. Both engines'
// stores hold one RepoSet per connection, so adding a repository is: its interface, its
// *_repo_sql.cc, a factory in sql_repos.h, and one line here.

#include <memory>

#include "storage/sql/sql_repos.h"
#include "storage/store.h"

namespace gg::sql {

struct RepoSet {
  explicit RepoSet(Connection& db)
      : messages(makeMessageRepo(db)),
        tokens(makeTokenRepo(db)),
        outbox(makeOutboxRepo(db)),
        timers(makeTimerRepo(db)),
        tickets(makeTicketRepo(db)),
        notices(makeNoticeRepo(db)),
        alerts(makeAlertRepo(db)),
        subscribers(makeSubscriberRepo(db)),
        channels(makeChannelRepo(db)),
        metrics(makeMetricsRepo(db)),
        feed(makeFeedRepo(db)),
        nonces(makeNonceRepo(db)) {}
  std::unique_ptr<MessageRepo> messages;
  std::unique_ptr<TokenRepo> tokens;
  std::unique_ptr<OutboxRepo> outbox;
  std::unique_ptr<TimerRepo> timers;
  std::unique_ptr<TicketRepo> tickets;
  std::unique_ptr<NoticeRepo> notices;
  std::unique_ptr<AlertRepo> alerts;
  std::unique_ptr<SubscriberRepo> subscribers;
  std::unique_ptr<ChannelRepo> channels;
  std::unique_ptr<MetricsRepo> metrics;
  std::unique_ptr<FeedRepo> feed;
  std::unique_ptr<NonceRepo> nonces;
};

// A Tx over a RepoSet; the Store around it owns the transaction itself.
class RepoTx : public Tx {
 public:
  explicit RepoTx(RepoSet& r) : r_(r) {}
  MessageRepo& messages() override { return *r_.messages; }
  TokenRepo& tokens() override { return *r_.tokens; }
  OutboxRepo& outbox() override { return *r_.outbox; }
  TimerRepo& timers() override { return *r_.timers; }
  TicketRepo& tickets() override { return *r_.tickets; }
  NoticeRepo& notices() override { return *r_.notices; }
  AlertRepo& alerts() override { return *r_.alerts; }
  SubscriberRepo& subscribers() override { return *r_.subscribers; }
  ChannelRepo& channels() override { return *r_.channels; }
  MetricsRepo& metrics() override { return *r_.metrics; }
  FeedRepo& feed() override { return *r_.feed; }
  NonceRepo& nonces() override { return *r_.nonces; }

 private:
  RepoSet& r_;
};

}  // namespace gg::sql
