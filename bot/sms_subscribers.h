#pragma once
// 手机群发 subscribers: who gets a grid's notices by SMS. A resident is subscribed to their grid
// when they call the hotline or text the street's number about a need there, and a street may
// import its own list (gridgate subscribers import FILE.csv). A number that texted TD is never
// sent a broadcast, whatever list it is on (SubscriberRepo::forGrids leaves it out).

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "model/envelope.h"
#include "org/model.h"
#include "storage/store.h"

namespace gg {

// Subscribes the sender of env to grid_id when env came by phone (hotline, SMS) or from the
// resident page with a mobile number; a landline caller or another channel is left alone. Inside the caller's transaction.
Status subscribeCaller(Tx& tx, const InboundEnvelope& env, const std::string& grid_id, Millis now);

struct SubscriberImport {
  int rows = 0;       // data rows read
  int added = 0;      // new (phone, grid) pairs
  int known = 0;      // already subscribed
};

// Reads a CSV of subscribers: one per line, "grid,phone,name" (name optional; a first line
// naming the columns is skipped; blank lines and lines starting with # are ignored). Every line
// is checked first — the grid must exist, the phone must be a mobile number — and on any error
// nothing is imported: InvalidArgument lists every bad line as "line N: problem".
Result<SubscriberImport> importSubscribers(Store& store, const OrgIndex& org,
                                           const std::string& csv_text, Millis now);

}  // namespace gg
