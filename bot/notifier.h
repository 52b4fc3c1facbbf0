#pragma once
// Turns "tell this person this" into outbox rows inside the caller's transaction. It knows how
// each kind of recipient is reached (a resident in their group or by SMS, a worker privately, a
// department or community contact) but not why; the ticket service decides what to say.

#include <string>

#include <optional>

#include "bot/outbox_queue.h"
#include "bot/staff_reach.h"
#include "model/envelope.h"
#include "org/model.h"
#include "storage/store.h"

namespace gg {

// Where a resident can be answered: the chat they wrote from.
struct ResidentAddress {
  Channel channel = Channel::kNone;  // kOneBot | kWeCom | kHotline | kSms
  ChatType chat_type = ChatType::kNone;
  std::string group_id;
  std::string user_id;      // platform user id, or the caller's phone for hotline
  std::string reply_to;     // platform message id to quote

  // Where the sender of env is answered: the chat they wrote in, quoting their message.
  static ResidentAddress of(const InboundEnvelope& env) {
    return {env.channel, env.chat_type, env.group_id, env.sender_id, env.platform_msg_id};
  }
};

class Notifier {
 public:
  // worker_channel: kOneBot or kWeComApp — how workers and contacts get private messages.
  Notifier(const OrgIndex& org, Channel worker_channel)
      : org_(org), worker_channel_(worker_channel) {}

  // Queues a reply to a resident (mentioning them in a group; SMS for a hotline caller).
  Status toResident(Tx& tx, const ResidentAddress& to, const std::string& text,
                    const std::string& dedup_key, int64_t ticket_id, Millis now) const;
  // Queues a private message to a worker by id; NotFound if no such worker.
  Status toWorker(Tx& tx, const std::string& worker_id, const std::string& text,
                  const std::string& dedup_key, int64_t ticket_id, Millis now) const;
  // Queues a private message to a contact (department duty desk, community, street centre) by
  // its first reach route, the others as fallbacks (bot/staff_reach.h). The contact's role is
  // recognised by where it sits in the org (the street's, a community's, else a department's).
  Status toContact(Tx& tx, const Contact& contact, const std::string& text,
                   const std::string& dedup_key, int64_t ticket_id, const std::string& community_id,
                   Millis now) const;
  // Queues text to contact in role with fallbacks under source; returns the first row's id, or
  // 0 (nothing queued) when nothing can reach the contact.
  Result<int64_t> queueToContact(Tx& tx, const Contact& contact, StaffRole role,
                                 const std::string& text, const std::string& dedup_key,
                                 const OutboxSource& source, Millis now) const;
  // Queues a message to whoever holds (kind, id); nothing for kNone or a unit no longer in the
  // org.
  Status toAssignee(Tx& tx, AssigneeKind kind, const std::string& id, const std::string& text,
                    const std::string& dedup_key, int64_t ticket_id, Millis now) const;

  // Returns the routes that reach contact in role, first choice first (empty: none).
  std::vector<OutboundMessage> contactRoutes(const Contact& contact, StaffRole role,
                                             const std::string& text) const;


 private:
  StaffRole roleOf(const Contact& contact, const std::string& community_id) const;
  // The lane for a message about ticket_id: emergency while an emergency ticket is still
  // unaccepted (the ack with the emergency number, the pages, escalations), else `usual`.
  int laneFor(Tx& tx, int64_t ticket_id, int usual) const;

  const OrgIndex& org_;
  Channel worker_channel_;
};

}  // namespace gg
