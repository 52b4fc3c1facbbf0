#pragma once
// The PostgreSQL engine, through libpqxx: the repositories of storage/sql/ over one write
// connection (writers of this process serialised by a mutex, each write one READ COMMITTED
// transaction) and one read connection (each read one REPEATABLE READ READ ONLY snapshot), so
// dashboards never wait for a writer. Several processes may share the database: what must stay
// single across them is kept by unique keys (messages, outbox dedup keys) and by row locks (the
// outbox claim: FOR UPDATE SKIP LOCKED).

#include <string>

#include "storage/store.h"

namespace gg {

struct PgOptions {
  std::string url;  // postgresql://user:pass@host:port/dbname
};

// Connects and applies pending migrations (under an advisory lock, so two gateways starting
// together do not both migrate). Throws nothing: an unreachable server, a refused login or a
// newer schema come back as a Status whose text shows the URL with its password masked.
Result<StorePtr> openPgStore(const PgOptions& options);

}  // namespace gg
