#pragma once
// Factories for the SQLite implementations of the repository interfaces. Each repository uses
// the connection it is given and never opens its own transaction: the Store owns transactions.

#include <SQLiteCpp/Database.h>

#include <memory>

#include "storage/store.h"

namespace gg::sqlite {

std::unique_ptr<MessageRepo> makeMessageRepo(SQLite::Database& db);
std::unique_ptr<TokenRepo> makeTokenRepo(SQLite::Database& db);
std::unique_ptr<OutboxRepo> makeOutboxRepo(SQLite::Database& db);
std::unique_ptr<TimerRepo> makeTimerRepo(SQLite::Database& db);
std::unique_ptr<TicketRepo> makeTicketRepo(SQLite::Database& db);
std::unique_ptr<NoticeRepo> makeNoticeRepo(SQLite::Database& db);
std::unique_ptr<AlertRepo> makeAlertRepo(SQLite::Database& db);
std::unique_ptr<SubscriberRepo> makeSubscriberRepo(SQLite::Database& db);
std::unique_ptr<ChannelRepo> makeChannelRepo(SQLite::Database& db);
std::unique_ptr<MetricsRepo> makeMetricsRepo(SQLite::Database& db);
std::unique_ptr<FeedRepo> makeFeedRepo(SQLite::Database& db);
std::unique_ptr<NonceRepo> makeNonceRepo(SQLite::Database& db);

}  // namespace gg::sqlite
