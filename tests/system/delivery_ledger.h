#pragma once
// Reconciles what the outbox says was sent with what the fake platforms accepted: every row
// marked sent must have reached its platform (else it is lost), a platform message that no row
// explains is a phantom, and a row the platform accepted more than once was re-sent (a kill
// between the platform's acceptance and the row's mark). Test-only code.

#include <string>
#include <vector>

#include "model/records.h"

namespace gg::test {

// One message a fake platform accepted, as (channel, target, what the row's text renders to:
// the CQ string for OneBot, the content for WeCom, the text for SMS).
struct Accepted {
  std::string channel;
  std::string target;
  std::string text;
};

struct LedgerCounts {
  int rows = 0;          // rows that must go out (everything but standby and cancelled)
  int sent = 0;          // of them marked sent
  int undelivered = 0;   // rows not sent (pending, sending, dead) when the books were closed
  int lost = 0;          // marked sent, and no platform has it
  int double_sent = 0;   // accepted by the platform once more than there are rows for it
  int phantom = 0;       // accepted, and no row explains it
  std::vector<std::string> examples;  // a few of the problems, for the failure message
};

// Returns how rows and accepted reconcile. A row's rendering is OneBotSender::buildMessage for
// onebot and its text otherwise (a robot's markdown mention prefix is stripped from accepted).
LedgerCounts reconcile(const std::vector<OutboxRecord>& rows, const std::vector<Accepted>& accepted);

// Returns how many times the platforms accepted row (0 = not delivered).
int acceptedCount(const OutboxRecord& row, const std::vector<Accepted>& accepted);

}  // namespace gg::test
