#pragma once
// What follows a channel going down: the street command centre is told once, by a channel that
// is not the failing one (an SMS when OneBot is down), in the transaction that records the
// failure. With no other channel to the street, the outage is only logged (and /healthz says it).

#include <string>

#include "bot/message_catalog.h"
#include "bot/outbox_signals.h"
#include "org/model.h"

namespace gg {

class ChannelDownAlert : public ChannelDownListener {
 public:
  // worker_channel: how contacts get private messages (the ticket policy's). org and catalog
  // must outlive this.
  ChannelDownAlert(const OrgIndex& org, Channel worker_channel, const MessageCatalog& catalog)
      : org_(org), worker_channel_(worker_channel), catalog_(catalog) {}

  Status channelDown(Tx& tx, Channel channel, const std::string& last_error,
                     Millis now) override;

 private:
  const OrgIndex& org_;
  Channel worker_channel_;
  const MessageCatalog& catalog_;
};

}  // namespace gg
