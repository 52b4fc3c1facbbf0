#pragma once
// Opinion watch (舆情预警): per group and sliding window, counts the messages the intent engine
// flagged (negative, complaint, threat to call 12345 / go to the media) and the residents behind
// them. Crossing the threshold (default ≥ 5 flagged messages from ≥ 3 residents in 30 minutes)
// raises ONE alert per group — an alerts row plus a message to the community's duty contact —
// which stays open while the group keeps boiling and clears a full window after its last flagged
// message. A daily digest per community lists the top subjects and the groups heating up.

#include <string>

#include "bot/message_catalog.h"
#include "bot/notices/notice_settings.h"
#include "bot/pipeline_hooks.h"
#include "core/clock.h"
#include "core/result.h"
#include "org/model.h"
#include "model/records.h"
#include "storage/store.h"

namespace gg {

class OpinionWatch : public MessageObserver {
 public:
  // store and org must outlive the watch.
  OpinionWatch(Store& store, const OrgIndex& org, OpinionSettings settings,
               const MessageCatalog& catalog = MessageCatalog::builtin());

  // Records one stored group message (msg.id, envelope, community/grid as annotated) with the
  // intent engine's flags and subject (the primary intent's Chinese label: it is what the alert
  // and the digest say to the community), inside the caller's transaction; raises
  // or refreshes the group's alert. Ignores the bot's own messages, non-group chats and unflagged
  // messages without a subject; a message id seen before is counted once.
  Status observe(Tx& tx, const MessageRecord& msg, bool negative, bool complaint,
                 bool escalation_threat, const std::string& subject, Millis now);
  // MessageObserver: the same, from the message's classification.
  Status observeMessage(Tx& tx, const MessageRecord& msg, const Classification& c,
                        Millis now) override {
    return observe(tx, msg, c.flags.negative, c.flags.complaint, c.flags.escalation_threat,
                   c.label.empty() ? c.intent : c.label, now);
  }

  // Clears alerts whose window has passed (also done by observe and dailyDigest).
  Status sweep(Millis now);

  // Once per China-time day, at or after settings.digest_minute: enqueues per community a digest of
  // the last 24 hours (flagged messages, top subjects, groups heating up compared with the 24 hours
  // before, alerts raised) to the community contact. Durable: a timer row per day means a restart
  // or a second call the same day sends nothing more. Communities with nothing to report get none.
  Status dailyDigest(Millis now);

 private:
  Store& store_;
  const OrgIndex& org_;
  OpinionSettings settings_;
  const MessageCatalog& catalog_;
};

}  // namespace gg
