// CQ codes: any string splits into segments without crashing, and a resident's text escaped
// for sending can never become a real code (@all, an image…) — it parses back as that same text.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "adapters/onebot/cq_code.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const auto& seg : gg::parseCqString(text)) (void)gg::renderCq(seg);
  const auto escaped = gg::parseCqString(gg::escapeCqText(text));
  if (text.empty()) return 0;
  if (escaped.size() != 1 || escaped[0].type != "text" || escaped[0].data.at("text") != text) std::abort();
  if (gg::unescapeCq(gg::escapeCqParam(text)) != text) std::abort();
  return 0;
}
