#pragma once
// 手机群发 for a notice with "sms": true: besides its groups, one delivery per subscribed mobile
// number of the target grids (each number once, whatever grids it is subscribed to; opted-out
// numbers never). Each number is its own delivery row, so its state is visible per number, and
// its own outbox row, so it goes through the SMS rate limit like every other text.

#include <string>
#include <utility>
#include <vector>

#include "bot/notices/notice_target.h"
#include "model/envelope.h"
#include "storage/store.h"

namespace gg {

// The grids a target covers: "all", its communities' grids, its grids, and the grids of the
// groups it resolved to (tags, listed groups). Each once, in org order.
std::vector<std::string> targetGrids(const OrgIndex& org, const NoticeTarget& target,
                                     const std::vector<TargetGroup>& groups);

// Adds one "sms" delivery per subscriber of the target grids and per send (initial, reminders)
// to notice n. sends: (send_kind, due time), already out of quiet hours.
Status scheduleSmsDeliveries(Tx& tx, const OrgIndex& org, int64_t notice_id,
                             const std::vector<std::string>& grids,
                             const std::vector<std::pair<std::string, Millis>>& sends);

// True for a delivery to a subscriber's phone rather than to a group.
inline bool isSmsDelivery(const NoticeDelivery& d) { return d.channel == Channel::kSms; }

// Addresses m to the subscriber of an SMS delivery; a number that opted out after the notice
// was scheduled returns false (the delivery is skipped, never sent).
Result<bool> addressSmsDelivery(Tx& tx, const NoticeDelivery& d, OutboundMessage* m);

}  // namespace gg
