// An inbound SMS webhook body: never a crash; an accepted one comes from a mainland mobile.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "adapters/sms/sms_inbound.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto env = gg::parseSmsInbound(body);
  if (env.isOk() && (env->sender_id.size() != 11 || env->sender_id[0] != '1')) std::abort();
  return 0;
}
