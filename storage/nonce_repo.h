#pragma once
// One-time keys remembered until they expire (the WeCom replay guard's nonces), so a callback
// accepted before a restart is still refused after it. Deliberately tiny: every engine can
// implement it with one table and two statements.

#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace gg {

class NonceRepo {
 public:
  virtual ~NonceRepo() = default;
  // Stores key until expires_at unless it is already stored; returns true if it was stored now,
  // false if it was there (a replay). Expired keys are gone only after purge().
  virtual Result<bool> insertIfAbsent(const std::string& key, Millis expires_at) = 0;
  // True if key is stored with expires_at > now.
  virtual Result<bool> contains(const std::string& key, Millis now) = 0;
  // Deletes every key with expires_at <= now; returns how many.
  virtual Result<int64_t> purge(Millis now) = 0;
};

}  // namespace gg
