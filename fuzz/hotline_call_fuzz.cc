// A hotline transcript (a POST body or one spool line): parsing never throws or crashes, and an
// accepted call has an id and a text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "adapters/hotline/hotline_call.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto env = gg::parseHotlineCallText(raw);
  if (env.isOk() && (env->platform_msg_id.empty() || env->text.empty())) std::abort();
  return 0;
}
