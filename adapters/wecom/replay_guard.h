#pragma once
// Refuses replayed WeCom callbacks: a timestamp outside +-window of now, or a nonce already seen
// within the window. A window of 0 disables both checks (to replay the official samples, whose
// timestamps are from 2014). A nonce is checked before and committed after its callback is
// handled. Thread-safe. With a NonceLedger the nonces live there (the
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

  // Checks timestamp (decimal Unix seconds) and that nonce has not been committed; remembers
  // nothing. Fails with unauthenticated for a stale/future timestamp or a committed nonce, with
  // invalidArgument for a non-numeric timestamp, and with unavailable when the ledger cannot be
  // read. Call only after the signature verified, so a forger cannot probe nonces.
  Status check(std::string_view timestamp, std::string_view nonce);
  // Remembers nonce as used. Call once the callback it came with is handled (its message
  // committed): remembered before, a crash between the two made WeCom's retry — the same
  // request, the same nonce — a "replay", and the message was lost. A replay that slips into the
  // gap between check and commit is the same request, so the same MsgId: stored once anyway.
  // Fails with unavailable when the ledger cannot be written (the message is already stored).
  Status commit(std::string_view nonce);

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
