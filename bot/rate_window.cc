#include "bot/rate_window.h"

#include "core/log.h"

namespace gg {

std::deque<Millis>& RateWindow::window(const std::string& dest, const Limit& limit, Millis now) {
  auto it = sends_.find(dest);
  if (it == sends_.end()) {
    std::deque<Millis> seeded;
    if (history_) {
      for (Millis t : history_->sendsSince(dest, now - limit.per_ms)) seeded.push_back(t);
    }
    it = sends_.emplace(dest, std::move(seeded)).first;
  }
  auto& q = it->second;
  while (!q.empty() && q.front() <= now - limit.per_ms) q.pop_front();
  return q;
}

Millis RateWindow::nextAllowed(const std::string& dest, const Limit& limit, Millis now) {
  auto& q = window(dest, limit, now);
  if (static_cast<int>(q.size()) < limit.messages) return 0;
  // The oldest send in the window must leave it before another fits.
  return q[q.size() - limit.messages] + limit.per_ms + 1;
}

std::vector<Millis> OutboxSendHistory::sendsSince(const std::string& dest, Millis since) {
  std::vector<Millis> out;
  const auto sep = dest.find('\n');
  Status s = store_.read([&](Tx& tx) {
    // dest is the dispatcher's "channel\ntarget" key; its channel part is always a name.
    auto r = tx.outbox().recentSends(parseChannel(dest.substr(0, sep)).value_or(Channel::kNone),
                                     dest.substr(sep + 1), since);
    if (!r.isOk()) return r.status();
    out = *r;
    return Status::ok();
  });
  if (!s.isOk()) log::warn("dispatcher: cannot seed rate window: {}", s.message());
  return out;
}

void RateWindow::record(const std::string& dest, Millis now) { sends_[dest].push_back(now); }

}  // namespace gg
