#include "adapters/wecom/replay_guard.h"

#include <charconv>

namespace gg {
namespace {

std::string ledgerKey(std::string_view nonce) { return "wecom:" + std::string(nonce); }

}  // namespace

Status ReplayGuard::check(std::string_view timestamp, std::string_view nonce) {
  if (window_s_ <= 0) return Status::ok();
  int64_t ts = 0;
  auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ts);
  if (ec != std::errc() || end != timestamp.data() + timestamp.size()) {
    return invalidArgument("timestamp is not a decimal number");
  }
  Millis now = clock_.now();
  Millis window = static_cast<Millis>(window_s_) * kSecond;
  Millis sent = ts * kSecond;
  if (sent < now - window || sent > now + window) {
    return unauthenticated("timestamp outside the replay window");
  }
  if (ledger_ != nullptr) {
    auto used = ledger_->seen(ledgerKey(nonce), now);
    if (!used.isOk()) return unavailable("replay guard: cannot read the nonce: " + used.status().message());
    if (*used) return unauthenticated("nonce already used");
    return Status::ok();
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (seen_.count(std::string(nonce)) != 0) return unauthenticated("nonce already used");
  return Status::ok();
}

Status ReplayGuard::commit(std::string_view nonce) {
  if (window_s_ <= 0) return Status::ok();
  Millis now = clock_.now();
  Millis window = static_cast<Millis>(window_s_) * kSecond;
  if (ledger_ != nullptr) {
    // Kept for 2 windows: a timestamp may be up to one window in the future. A key already there
    // (two deliveries raced past check) is fine: their message is one by MsgId.
    auto r = ledger_->remember(ledgerKey(nonce), now, now + 2 * window);
    if (!r.isOk()) return unavailable("replay guard: cannot record the nonce: " + r.status().message());
    return Status::ok();
  }
  std::lock_guard<std::mutex> lock(mu_);
  pruneLocked(now);
  seen_.emplace(std::string(nonce), now);
  return Status::ok();
}

void ReplayGuard::pruneLocked(Millis now) {
  // Old nonces can go: their timestamps would now fail the window check anyway. Pruning keeps
  // entries for 2 windows because a timestamp may be up to one window in the future.
  Millis horizon = now - 2 * static_cast<Millis>(window_s_) * kSecond;
  if (seen_.size() < kMaxNonces / 2 && seen_.size() % 64 != 0) return;
  for (auto it = seen_.begin(); it != seen_.end();) {
    it = it->second < horizon ? seen_.erase(it) : std::next(it);
  }
  if (seen_.size() >= kMaxNonces) seen_.clear();  // flood: fail open on memory, not on safety
}

}  // namespace gg
