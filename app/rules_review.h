#pragma once
// Keeping the rule pack good from the street's own traffic:
//  - replay: the stored messages classified again with a candidate pack, and what would change
//    (decision, intent, urgency, grid) before anyone reloads it;
//  - inbox: the messages rule authors should read — those no rule understood and those whose
//    tickets workers corrected (transferred, rejected as not theirs) — grouped by their most
//    frequent words.
// Both only read the database.

#include <string>
#include <vector>

#include "model/domain.h"
#include "intents/intent_engine.h"
#include "org/model.h"
#include "storage/store.h"

namespace gg {

// What the pipeline would decide, coarsely: ticket (opened, joined or urged), reply (a notice
// answered), question (left in the group), resolved (a fixed-it report), ignore, or "" for
// messages the pack does not decide (commands, workers, the bot itself).
std::string coarseDecision(Decision stored_decision);
std::string previewDecision(const InboundEnvelope& env, const Classification& c, Decision stored);

struct ReplayChange {
  int64_t message_id = 0;
  std::string text;  // phone and ID numbers masked
  std::string old_intent, new_intent;
  std::string old_urgency, new_urgency;
  std::string old_decision, new_decision;
  std::string old_grid, new_grid;
};

struct ReplayReport {
  int replayed = 0;
  int changed = 0;
  int decision = 0, intent = 0, urgency = 0, grid = 0;  // how many changed in each
  std::vector<ReplayChange> changes;
};

// Classifies every message received at or after since with pack and compares it with what was
// stored. org places the messages (the candidate config's org).
Result<ReplayReport> replayMessages(Store& store, const OrgIndex& org, const RulePack& pack, Millis since);

struct InboxItem {
  int64_t message_id = 0;
  std::string reason;  // 未识别 | 转派 | 退回
  std::string text;    // masked
};

struct InboxGroup {
  std::string word;  // the most frequent two-character word the items share
  std::vector<InboxItem> items;
};

// The messages since `since` that no rule understood or whose ticket a person corrected, grouped
// by their most frequent word, biggest group first.
Result<std::vector<InboxGroup>> rulesInbox(Store& store, Millis since);

}  // namespace gg
