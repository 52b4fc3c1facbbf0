// A OneBot v11 event body from anyone who can reach the hook: parsing never throws or crashes,
// and what it accepts has a positive numeric id the sender can later use (issue 15's remote
// crash was a 20-digit string id that parsed here and threw in the sender).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "adapters/onebot/onebot_event.h"
#include "core/numeric_id.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto ev = gg::parseOneBotEvent(body);
  if (ev.isOk() && ev->has_value()) {
    const gg::InboundEnvelope& env = **ev;
    if (!env.group_id.empty() && !gg::isPositiveDecimalId(env.group_id)) std::abort();
    if (!gg::isPositiveDecimalId(env.sender_id) || !gg::isPositiveDecimalId(env.account)) std::abort();
  }
  return 0;
}
