#pragma once
// The storage interfaces the bot depends on. Each engine (SQLite now, PostgreSQL later) implements
// them; nothing outside storage/ sees SQL. All calls happen inside Store::write/read, so several
// of them commit or roll back together.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/records.h"

namespace gg {

class MessageRepo {
 public:
  virtual ~MessageRepo() = default;
  struct Inserted {
    int64_t id = 0;
    bool is_new = false;  // false: the same platform message was already stored
  };
  // Stores the envelope unless (channel, account, platform_msg_id) is already stored; then it
  // returns the existing id with is_new = false and changes nothing.
  virtual Result<Inserted> insert(const InboundEnvelope& env, Millis received_at) = 0;
  // Records what the bot made of message id (grid, intent, explanation, decision, ticket).
  virtual Status annotate(const MessageRecord& rec) = 0;
  virtual Result<std::optional<MessageRecord>> get(int64_t id) = 0;
  // Returns the message (channel, account, platform_msg_id), or nullopt.
  virtual Result<std::optional<MessageRecord>> byPlatformId(Channel channel,
                                                            const std::string& account,
                                                            const std::string& platform_msg_id) = 0;
  // Records text as the answer to message (channel, account, platform_msg_id) unless it already
  // has one (the first answer is what the sender is shown). An unknown message is left alone.
  virtual Status recordReply(Channel channel, const std::string& account,
                             const std::string& platform_msg_id, const std::string& text) = 0;
  virtual Result<int64_t> count() = 0;
  // Returns messages of a group (channel, group_id) received in [from, to), oldest first.
  virtual Result<std::vector<MessageRecord>> inGroup(Channel channel,
                                                     const std::string& group_id, Millis from,
                                                     Millis to) = 0;
  // Returns up to limit messages with id > after_id received at or after since, by id: the
  // pages rule authors replay and review (`gridgate rules replay|inbox`).
  virtual Result<std::vector<MessageRecord>> page(Millis since, int64_t after_id, int limit) = 0;
};

class TokenRepo {
 public:
  virtual ~TokenRepo() = default;
  virtual Result<int64_t> insert(const TokenRecord& rec) = 0;
  // Returns the active (not revoked) token with this hash, or nullopt.
  virtual Result<std::optional<TokenRecord>> findActiveByHash(const std::string& hash) = 0;
  virtual Result<std::vector<TokenRecord>> list() = 0;
  // Revokes token id; NotFound if there is no such token.
  virtual Status revoke(int64_t id, Millis at) = 0;
  virtual Status touch(int64_t id, Millis at) = 0;
};

class OutboxRepo {
 public:
  virtual ~OutboxRepo() = default;
  // Adds a pending message; if dedup_key is already present returns that row's id unchanged.
  virtual Result<int64_t> enqueue(const OutboxRecord& rec) = 0;
  // Marks up to `limit` due rows of the given channels (pending and next_attempt_at <= now, or
  // sending whose lease expired: a crash mid-send) as sending with lease_until = now + lease and
  // attempts + 1, and returns them. Rows of other channels wait untouched.
  virtual Result<std::vector<OutboxRecord>> claimDue(Millis now, int limit, Millis lease,
                                                     const std::vector<Channel>& channels) = 0;
  // True if claimDue(now, …, channels) would return at least one row (a read, no write lock).
  virtual Result<bool> anyDue(Millis now, const std::vector<Channel>& channels) = 0;
  // Puts a claimed row back to pending at next_attempt_at without counting the attempt (used
  // when a destination's rate limit, not the platform, held it back).
  virtual Status defer(int64_t id, Millis next_attempt_at) = 0;
  // Returns the sent_at times of rows delivered to (channel, target) at or after since, so a
  // restarted dispatcher knows how much of a rate window is already used.
  virtual Result<std::vector<Millis>> recentSends(Channel channel,
                                                  const std::string& target, Millis since) = 0;
  virtual Status markSent(int64_t id, const std::string& platform_msg_id, Millis at) = 0;
  virtual Status markRetry(int64_t id, const std::string& error, Millis next_attempt_at) = 0;
  virtual Status markDead(int64_t id, const std::string& error, Millis at) = 0;
  // Cancels every pending row of (source_kind, source_id); returns how many.
  virtual Result<int> cancelPending(SourceKind source_kind, int64_t source_id) = 0;
  virtual Result<std::optional<OutboxRecord>> get(int64_t id) = 0;
  // Staff reach. When row id's reach group has a standby row left: marks row id (and the other
  // parts of its route) cancelled with `why` and makes the next route's rows pending at `now`,
  // returning the first of them. Otherwise changes nothing and returns 0.
  virtual Result<int64_t> failOver(int64_t id, const std::string& why, Millis now) = 0;
  // Cancels the standby rows of reach_group (one of its rows was delivered); returns how many.
  virtual Result<int> settleReach(const std::string& reach_group) = 0;
  // Returns pending rows that have a fallback waiting and whose channel is not in `channels`
  // (no sender is configured for it), at most `limit`.
  virtual Result<std::vector<OutboxRecord>> unsendableWithFallback(
      const std::vector<Channel>& channels, int limit) = 0;
  // Which rows an operator re-drives: dead ones, or pending ones that have failed at least once
  // ("failed" at the edges: still retrying, re-driving skips the backoff wait).
  enum class Redrive : uint8_t { kDead, kFailing };
  // Re-drives rows: every row of `channel` (kNone = any) in `which` whose id is in ids (empty =
  // all) becomes pending now with attempts 0 and a fresh give_up_at. Returns the ids re-driven.
  virtual Result<std::vector<int64_t>> redrive(Channel channel, Redrive which,
                                               const std::vector<int64_t>& ids, Millis now,
                                               Millis give_up_at) = 0;
  struct Filter {
    std::optional<OutboxStatus> status;  // nullopt = any
    std::string community_id;  // empty = any
    std::string grid_id;
    std::optional<SourceKind> source_kind;  // nullopt = any
    int64_t source_id = 0;
    int limit = 100;
    int offset = 0;
  };
  virtual Result<std::vector<OutboxRecord>> list(const Filter& filter) = 0;
  virtual Result<int64_t> countWithStatus(OutboxStatus status) = 0;
};

class TimerRepo {
 public:
  virtual ~TimerRepo() = default;
  // Schedules (kind, ref_id, key) at due_at; re-scheduling the same triple moves it (and re-arms it).
  virtual Status schedule(const TimerRecord& rec) = 0;
  // Returns unfired timers due at or before now, earliest first.
  virtual Result<std::vector<TimerRecord>> due(Millis now, int limit) = 0;
  // Marks timer id fired; returns false if it had already fired (another worker won).
  virtual Result<bool> markFired(int64_t id, Millis at) = 0;
  // Cancels (deletes) unfired timers of ref_id whose kind starts with `kind`.
  virtual Status cancel(const std::string& kind, int64_t ref_id) = 0;
  virtual Result<std::vector<TimerRecord>> forRef(const std::string& kind_prefix, int64_t ref_id) = 0;
};

}  // namespace gg
