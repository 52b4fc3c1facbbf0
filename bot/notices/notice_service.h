#pragma once
// Notices (通知): create / edit / approve / cancel with scope checks and an audit trail, the
// schedule turned into per-group deliveries, tick() turning due deliveries into outbox rows, and
// short answers to residents' questions while a notice is active.
//
// Durability: every state change happens inside Store::write. A delivery row is created per group
// and send when the notice is scheduled; tick() moves a due delivery to "queued" and enqueues its
// outbox row (dedup key "notice:<id>:<send_kind>:<channel>:<group>") in the same transaction, so
// a crash between batches neither loses nor repeats a group.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "model/envelope.h"
#include "bot/message_catalog.h"
#include "bot/notices/notice_draft.h"
#include "bot/notices/notice_settings.h"
#include "bot/pipeline_hooks.h"
#include "core/clock.h"
#include "core/result.h"
#include "org/model.h"
#include "model/principal.h"
#include "storage/store.h"

namespace gg {

class NoticeService : public QuestionAnswerer {
 public:
  // store, org and clock must outlive the service.
  // catalog must outlive the service.
  NoticeService(Store& store, const OrgIndex& org, Clock& clock, NoticeSettings settings,
                const MessageCatalog& catalog = MessageCatalog::builtin());

  struct Created {
    int64_t id = 0;
    NoticeStatus status = NoticeStatus::kScheduled;  // scheduled or pending_approval
  };
  // Creates a notice on behalf of who. PermissionDenied if a target group lies outside who's
  // scope (a community token may only target its own community; grid tokens only their grid);
  // InvalidArgument for an unknown target. A notice that mentions everyone or reaches more than one
  // community waits for approval; otherwise its deliveries are scheduled at once.
  Result<Created> create(const Principal& who, const NoticeDraft& draft);

  // Applies a JSON merge patch (fields as in the POST body) while nothing has been sent yet.
  // Conflict once any delivery left "pending" or the notice is cancelled; re-checks scope and
  // approval (an edit of a notice needing approval withdraws an earlier approval).
  Status edit(const Principal& who, int64_t id, const nlohmann::json& patch);

  // Approves a pending notice and schedules its deliveries. PermissionDenied unless who is a
  // community-level (or higher) token covering every target community and not the creator;
  // Conflict if the notice is not waiting for approval.
  Status approve(const Principal& who, int64_t id);

  // Cancels a notice: pending deliveries and their not-yet-sent outbox rows are cancelled, and
  // answers stop. Conflict if already cancelled.
  Status cancel(const Principal& who, int64_t id);

  // Returns the notice with each target group's delivery state (derived from the outbox row a
  // queued delivery points to: queued/sending/sent/failed + error), per-state counts, failed
  // groups with their errors, and the audit trail. NotFound if who cannot see it.
  Result<nlohmann::json> view(const Principal& who, int64_t id);

  // Lists notices who can see, newest first, with delivery counts. status nullopt = any.
  Result<nlohmann::json> list(const Principal& who, std::optional<NoticeStatus> status, int limit,
                              int offset);

  // Turns due deliveries into outbox rows, batch by batch (settings.tick_batch per transaction, at
  // most settings.tick_max_batches per call). Deliveries of cancelled notices, past the deadline,
  // or (with send_late_if_before_deadline false) missed while down are settled without a send.
  // Safe to call from one background thread while API calls run.
  Status tick();

  // Returns the automatic answer to a message asking about an active notice, or nullopt. In a
  // group: a notice that targets that group, at most one answer per settings.answer_cooldown
  // (durable). A caller, an SMS or a private chat (no group): a notice that targets grid_id, the
  // grid the message was placed in, answered to that person (a hotline caller by SMS). Called
  // inside the caller's transaction. Never answers the bot's own messages, cancelled or
  // unapproved notices, or after the deadline.
  Result<std::optional<OutboundMessage>> answerFor(Tx& tx, const InboundEnvelope& env,
                                                   const std::string& grid_id, Millis now) override;

  // Creates the notices of <config_dir>/notices.json (JSON with comments: {"notices": [{"key",
  // …draft fields}]}) that were not seeded before (by "key"); seeded notices count as approved by
  // the config. A missing file is OK; a malformed one is InvalidArgument naming the file.
  Status seedNotices(const std::string& config_dir);

  const NoticeSettings& settings() const { return settings_; }

 private:
  Status scheduleDeliveries(Tx& tx, const NoticeRecord& n, const NoticeDraft& d);
  Status checkScope(const Principal& who, const NoticeDraft& d, bool* needs_approval);
  Result<NoticeRecord> loadForChange(Tx& tx, const Principal& who, int64_t id);
  Status tickBatch(int* processed);
  Channel outboundChannel(Channel binding_channel) const;
  Result<std::optional<OutboundMessage>> answerPerson(Tx& tx, const InboundEnvelope& env,
                                                      const std::string& grid_id, Millis now);

  Store& store_;
  const OrgIndex& org_;
  Clock& clock_;
  NoticeSettings settings_;
  const MessageCatalog& catalog_;
};

}  // namespace gg
