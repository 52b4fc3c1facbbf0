#include "storage/nonce_ledger_store.h"

namespace gg {

Result<bool> StoreNonceLedger::seen(const std::string& key, Millis now) {
  bool found = false;
  Status st = store_.read([&](Tx& tx) -> Status {
    auto c = tx.nonces().contains(key, now);
    if (!c.isOk()) return c.status();
    found = *c;
    return Status::ok();
  });
  if (!st.isOk()) return st;
  return found;
}

Result<bool> StoreNonceLedger::remember(const std::string& key, Millis now, Millis expires_at) {
  bool fresh = false;
  // Purging on every call keeps the table at one window's worth of callbacks; the DELETE walks
  // the expiry index, so it costs nothing when nothing has expired.
  Status st = store_.write([&](Tx& tx) -> Status {
    auto purged = tx.nonces().purge(now);
    if (!purged.isOk()) return purged.status();
    auto inserted = tx.nonces().insertIfAbsent(key, expires_at);
    if (!inserted.isOk()) return inserted.status();
    fresh = *inserted;
    return Status::ok();
  });
  if (!st.isOk()) return st;
  return fresh;
}

}  // namespace gg
