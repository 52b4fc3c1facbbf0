#pragma once
// The one storage interface the bot depends on: a Store hands out transactions, a transaction
// hands out repositories. Everything done through one Tx commits or rolls back together — this is
// how "message, ticket, events and outbox rows commit in one transaction" is kept.

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "storage/repos.h"
#include "storage/ticket_repo.h"
#include "storage/notice_repo.h"
#include "storage/alert_repo.h"
#include "storage/subscriber_repo.h"
#include "storage/channel_repo.h"
#include "storage/feed_repo.h"
#include "storage/metrics_repo.h"
#include "storage/nonce_repo.h"

namespace gg {

class Tx {
 public:
  virtual ~Tx() = default;
  virtual MessageRepo& messages() = 0;
  virtual TokenRepo& tokens() = 0;
  virtual OutboxRepo& outbox() = 0;
  virtual TimerRepo& timers() = 0;
  virtual TicketRepo& tickets() = 0;
  virtual NoticeRepo& notices() = 0;
  virtual AlertRepo& alerts() = 0;
  virtual SubscriberRepo& subscribers() = 0;
  virtual ChannelRepo& channels() = 0;
  virtual MetricsRepo& metrics() = 0;
  virtual FeedRepo& feed() = 0;
  virtual NonceRepo& nonces() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Runs fn in one write transaction. Commits when fn returns OK; rolls back when it returns an
  // error or throws (the error is returned). Writers are serialised.
  virtual Status write(const std::function<Status(Tx&)>& fn) = 0;
  // Runs fn against a consistent read snapshot; writes through it are a programming error.
  virtual Status read(const std::function<Status(Tx&)>& fn) = 0;
  // Housekeeping off the request path (SQLite: copy the write-ahead log back into the database).
  // Called about once a second by a background worker; cheap when there is nothing to do.
  virtual Status maintain() = 0;
  // Returns {"engine", "path", "schema_version", "ok"} for /healthz.
  virtual nlohmann::json health() = 0;
};

using StorePtr = std::unique_ptr<Store>;

}  // namespace gg
