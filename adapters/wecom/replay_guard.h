#pragma once
// Refuses replayed WeCom callbacks: a timestamp outside +-window of now, or a nonce already seen
// within the window. A window of 0 disables both checks (to replay the official samples, whose
// timestamps are from 2014). Thread-safe. With a NonceLedger the nonces live there (the
// database: a callback accepted before a restart is refused after it); without one, in memory,
// bounded by pruning nonces older than the window and by a hard cap.

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "core/result.h"
#include "model/nonce_ledger.h"

namespace gg {

class ReplayGuard {
 public:
  // window_seconds <= 0 turns the guard off; clock (and ledger, when not null) must outlive
  // the guard. ledger null = nonces kept in this process only.
  ReplayGuard(int window_seconds, const Clock& clock, NonceLedger* ledger = nullptr)
      : window_s_(window_seconds), clock_(clock), ledger_(ledger) {}

  // Checks timestamp (decimal Unix seconds) and nonce, and remembers the nonce on success.
  // Fails with unauthenticated for a stale/future timestamp or a reused nonce, and with
  // invalidArgument for a non-numeric timestamp, and with unavailable when the ledger cannot be
  // written (refused rather than risk a replay; WeCom retries). Call only after the signature verified, so a
  // forger cannot burn nonces.
  Status check(std::string_view timestamp, std::string_view nonce);
  // Forgets nonce again: the callback it came with was not committed (the store refused it), so
  // WeCom's retry — the same request, the same nonce — must get in.
  void forget(std::string_view nonce);

 private:
  static constexpr size_t kMaxNonces = 100000;

  void pruneLocked(Millis now);

  int window_s_;
  const Clock& clock_;
  NonceLedger* ledger_;
  std::mutex mu_;
  std::unordered_map<std::string, Millis> seen_;  // nonce -> time it was accepted
};

}  // namespace gg
