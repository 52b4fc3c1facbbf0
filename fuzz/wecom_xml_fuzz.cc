// A decrypted WeCom callback's XML (entities, bombs, missing fields, huge ids): parsing never
// crashes, and an accepted message names a sender that is a valid WeCom UserID.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "adapters/wecom/wecom_message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  auto msg = gg::parseWeComMessage(xml, "ww-fuzz-corp");
  if (msg.isOk() && msg->has_value() && !gg::isWeComUserId((*msg)->sender_id)) std::abort();
  return 0;
}
