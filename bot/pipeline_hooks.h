#pragma once
// The two places where the pipeline asks other parts of the bot, as named interfaces so a
// reader can follow a message from the hook to the outbox without the wiring in app/:
//   QuestionAnswerer — notices (bot/notices/notice_service.h) answer residents' questions;
//   MessageObserver  — the opinion watch (bot/opinion/opinion_watch.h) sees group messages.
// Both are called inside the message's transaction.

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "intents/classification.h"
#include "model/envelope.h"
#include "model/records.h"
#include "storage/store.h"

namespace gg {

class QuestionAnswerer {
 public:
  virtual ~QuestionAnswerer() = default;
  // An automatic answer to a resident's question in grid_id (e.g. about an active notice), or
  // nullopt when nothing the street announced answers it.
  virtual Result<std::optional<OutboundMessage>> answerFor(Tx& tx, const InboundEnvelope& env,
                                                           const std::string& grid_id,
                                                           Millis now) = 0;
};

class MessageObserver {
 public:
  virtual ~MessageObserver() = default;
  // Sees every stored resident group message with its classification.
  virtual Status observeMessage(Tx& tx, const MessageRecord& msg, const Classification& c,
                                Millis now) = 0;
};

struct PipelineHooks {
  QuestionAnswerer* answerer = nullptr;  // optional; must outlive the pipeline
  MessageObserver* observer = nullptr;   // optional; must outlive the pipeline
};

}  // namespace gg
