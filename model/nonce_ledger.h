#pragma once
// Where one-time keys (a WeCom callback's nonce) are remembered, so a replay guard refuses a key
// it has already accepted — also after a restart. Adapters see this interface, never the storage
// behind it (storage/nonce_ledger_store.h keeps it in the database).

#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace gg {

class NonceLedger {
 public:
  virtual ~NonceLedger() = default;
  // True if key is remembered and not expired at now. Read-only: a guard asks this before the
  // callback is handled and remembers the key only once the callback's message is stored.
  virtual Result<bool> seen(const std::string& key, Millis now) = 0;
  // Remembers key until expires_at and returns true, or returns false if key is already
  // remembered and not expired at now (a replay). Keys expired at now are forgotten. Fails
  // (unavailable/internal) when the ledger cannot be written; the caller must then refuse.
  virtual Result<bool> remember(const std::string& key, Millis now, Millis expires_at) = 0;
};

}  // namespace gg
