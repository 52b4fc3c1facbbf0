#pragma once
// The NonceLedger kept in the Store (table nonces): what the WeCom replay guard remembers
// survives a restart for as long as its window.

#include "model/nonce_ledger.h"
#include "storage/store.h"

namespace gg {

class StoreNonceLedger : public NonceLedger {
 public:
  // store must outlive the ledger.
  explicit StoreNonceLedger(Store& store) : store_(store) {}

  Result<bool> seen(const std::string& key, Millis now) override;
  // Purges expired keys and inserts key, in one write transaction.
  Result<bool> remember(const std::string& key, Millis now, Millis expires_at) override;

 private:
  Store& store_;
};

}  // namespace gg
