// The normaliser and matcher on any text a resident can send (invalid UTF-8, huge runs of one
// character, mixed scripts): classify never crashes, with the default Chinese rule pack.
// GRIDGATE_RULES names the pack directory (fuzz/run.sh sets it to config/rules/zh).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "intents/intent_engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static gg::IntentEngine* engine = [] {
    auto* e = new gg::IntentEngine();
    const char* dir = std::getenv("GRIDGATE_RULES");
    if (!e->reload({dir ? dir : GRIDGATE_SOURCE_DIR "/config/rules/zh"}, {}).isOk()) std::abort();
    return e;
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)engine->classify(text, false);
  (void)engine->classify(text, true);
  return 0;
}
