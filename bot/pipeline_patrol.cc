// Pipeline::reportPatrol: a patrol report that arrives through the API rather than the chat.

#include "bot/pipeline.h"
#include "core/text.h"

namespace gg {

Result<TicketRecord> Pipeline::reportPatrol(const Worker& worker, const std::string& text,
                                            const std::string& request_id) {
  if (!isValidUtf8(text) || text.empty()) return invalidArgument("text must be non-empty UTF-8");
  InboundEnvelope env;
  env.channel = Channel::kApi;
  env.account = "patrol";
  env.chat_type = ChatType::kPrivate;
  env.sender_id = worker.id;
  env.sender_name = worker.name;
  env.platform_msg_id = "patrol:" + worker.id + ":" + request_id;
  env.text = text;
  const Millis now = clock_.now();
  auto classified = intents_.classify(text, false);
  if (!classified.isOk()) return classified.status();
  Classification c = std::move(classified).value();
  if (!c.hasIntent()) {
    // Still a ticket: the worker saw something that needs doing, whatever the rules make of it.
    c.intent = "unclassified";
    c.label = "其他诉求";
    c.category = "other";
    c.kind = MessageKind::kNeed;
    c.owner = "grid";
  }
  std::optional<TicketRecord> out;
  GG_RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    auto ins = tx.messages().insert(env, now);
    if (!ins.isOk()) return ins.status();
    if (!ins->is_new) {
      // The same request again: answer with the ticket it opened.
      auto m = tx.messages().get(ins->id);
      if (!m.isOk()) return m.status();
      if (!m->has_value() || (*m)->ticket_id == 0) return conflict("this request is still being handled");
      auto t = tx.tickets().get((*m)->ticket_id);
      if (!t.isOk()) return t.status();
      if (!t->has_value()) return internalError("ticket of a patrol request is gone");
      out = **t;
      return Status::ok();
    }
    MessageRecord rec;
    rec.id = ins->id;
    rec.envelope = env;
    rec.received_at = now;
    rec.intent = c.intent;
    rec.classification = c.toJson(true).dump();
    auto t = tickets_.openPatrol(tx, rec, c, worker, now);
    if (!t.isOk()) return t.status();
    rec.ticket_id = t->id;
    rec.grid_id = t->grid_id;
    rec.community_id = t->community_id;
    rec.decision = Decision::kTicket;
    out = *t;
    return tx.messages().annotate(rec);
  }));
  if (waker_) waker_->wake();
  return *out;
}

}  // namespace gg
