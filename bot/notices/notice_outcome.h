#pragma once
// A notice is finished only when its messages are: once every delivery is queued the notice is
// "sending" until each outbox row is final, then "done" (all sent), "partial" (some sent, some
// failed) or "failed" (none sent). A notice whose deliveries failed is never "done".

#include "core/clock.h"
#include "storage/store.h"

namespace gg {

// Settles every "sending" notice whose deliveries are all queued and whose outbox rows are all
// final (sent, dead or cancelled); returns how many notices changed status.
Result<int> settleNoticeOutcomes(Tx& tx, Millis now);

}  // namespace gg
