#pragma once
// Notices (通知) broadcast to groups, their per-group deliveries and their audit trail.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/clock.h"
#include "model/delivery_state.h"

namespace gg {

struct NoticeRecord {
  int64_t id = 0;
  std::string title;
  std::string body;       // template with {vars}
  std::string target;     // JSON {"all", "communities", "grids", "tags", "groups"}
  std::string reminders;  // JSON [{"before": "7d", "at": "09:00"}]
  std::string keywords;   // JSON ["医保", "缴费"]
  std::string vars;       // JSON {"amount": "375元"}
  std::string links;      // JSON ["https://…"]
  Millis send_at = 0;
  Millis deadline = 0;    // 0 = none
  bool mention_all = false;
  bool urgent = false;
  bool sms = false;       // also sent by SMS to the target grids' subscribers (手机群发)
  NoticeStatus status = NoticeStatus::kScheduled;
  std::string created_by;
  std::string approved_by;
  std::string cancelled_by;
  std::string scope;      // community id the creator was limited to; empty = street-wide
  Millis created_at = 0;
  Millis updated_at = 0;
};

struct NoticeDelivery {
  int64_t id = 0;
  int64_t notice_id = 0;
  std::string send_kind;  // initial | reminder:7d@09:00 …
  Channel channel = Channel::kNone;
  std::string group_id;
  std::string grid_id;
  std::string community_id;
  Millis due_at = 0;
  DeliveryStatus status = DeliveryStatus::kPending;
  int64_t outbox_id = 0;
  std::string error;
  Millis sent_at = 0;
};

struct NoticeAudit {
  int64_t id = 0;
  int64_t notice_id = 0;
  Millis at = 0;
  std::string actor;
  std::string action;  // create | edit | approve | cancel | send
  std::string note;
};

class NoticeRepo {
 public:
  virtual ~NoticeRepo() = default;
  virtual Result<int64_t> insert(const NoticeRecord& n) = 0;
  virtual Status update(const NoticeRecord& n) = 0;
  virtual Result<std::optional<NoticeRecord>> get(int64_t id) = 0;
  virtual Result<std::vector<NoticeRecord>> list(std::optional<NoticeStatus> status, int limit, int offset) = 0;
  // Adds a delivery unless (notice_id, send_kind, channel, group_id) exists; returns its id.
  virtual Result<int64_t> addDelivery(const NoticeDelivery& d) = 0;
  virtual Status updateDelivery(const NoticeDelivery& d) = 0;
  virtual Result<std::vector<NoticeDelivery>> deliveries(int64_t notice_id) = 0;
  // Returns deliveries in status pending whose due_at <= now, earliest first.
  virtual Result<std::vector<NoticeDelivery>> dueDeliveries(Millis now, int limit) = 0;
  virtual Result<std::optional<NoticeDelivery>> deliveryByOutbox(int64_t outbox_id) = 0;
  virtual Status appendAudit(const NoticeAudit& a) = 0;
  virtual Result<std::vector<NoticeAudit>> audit(int64_t notice_id) = 0;

  // Sets every still-pending delivery of notice_id to `status` (e.g. cancelled) with `error`;
  // returns how many changed.
  virtual Result<int> settlePendingDeliveries(int64_t notice_id, DeliveryStatus status,
                                              const std::string& error) = 0;
  // Deletes the pending deliveries of notice_id (an edit rebuilds them); returns how many.
  virtual Result<int> deletePendingDeliveries(int64_t notice_id) = 0;
  // Returns how many deliveries of notice_id are in `status`.
  virtual Result<int64_t> countDeliveries(int64_t notice_id, DeliveryStatus status) = 0;
  // Returns every delivery addressed to group (channel, group_id), newest notice first.
  virtual Result<std::vector<NoticeDelivery>> deliveriesForGroup(Channel channel,
                                                                 const std::string& group_id) = 0;
  // Returns when the bot last answered a question about a notice in the group; 0 = never.
  virtual Result<Millis> lastAnswerAt(Channel channel, const std::string& group_id) = 0;
  // Records an automatic answer in a group (this is what the answer cooldown reads).
  virtual Status recordAnswer(Channel channel, const std::string& group_id,
                              int64_t notice_id, const std::string& platform_msg_id, Millis at) = 0;
  // Returns the notice created from config seed `key`, or nullopt if it was never seeded.
  virtual Result<std::optional<int64_t>> seededNotice(const std::string& key) = 0;
  // Remembers that seed `key` created notice_id; Conflict if the key was already used.
  virtual Status recordSeed(const std::string& key, int64_t notice_id, Millis at) = 0;
};

}  // namespace gg
