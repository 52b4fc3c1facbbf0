#pragma once
// Factories for the repositories, written once over sql::Connection for every engine. Each
// repository uses the connection it is given and never opens its own transaction: the Store
// owns transactions. A new repository is one more factory here, built in each engine's
// connection bundle (storage/sql/repo_set.h).

#include <memory>

#include "storage/sql/connection.h"
#include "storage/store.h"

namespace gg::sql {

std::unique_ptr<MessageRepo> makeMessageRepo(Connection& db);
std::unique_ptr<TokenRepo> makeTokenRepo(Connection& db);
std::unique_ptr<OutboxRepo> makeOutboxRepo(Connection& db);
std::unique_ptr<TimerRepo> makeTimerRepo(Connection& db);
std::unique_ptr<TicketRepo> makeTicketRepo(Connection& db);
std::unique_ptr<NoticeRepo> makeNoticeRepo(Connection& db);
std::unique_ptr<AlertRepo> makeAlertRepo(Connection& db);
std::unique_ptr<SubscriberRepo> makeSubscriberRepo(Connection& db);
std::unique_ptr<ChannelRepo> makeChannelRepo(Connection& db);
std::unique_ptr<MetricsRepo> makeMetricsRepo(Connection& db);
std::unique_ptr<FeedRepo> makeFeedRepo(Connection& db);
std::unique_ptr<NonceRepo> makeNonceRepo(Connection& db);

}  // namespace gg::sql
