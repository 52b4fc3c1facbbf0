// A rule-pack file (what a rule author edits, hot-reloaded by SIGHUP): parsing and validation
// never crash, whatever the JSON; a pack that validates also compiles or says why.
#include <cstdint>
#include <string>

#include "intents/intent_engine.h"
#include "intents/rule_pack.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  gg::RulePackSource source;
  if (!gg::parseRulePack(text, "fuzz.json", &source).isOk()) return 0;
  if (!gg::validateRulePack(source).isOk()) return 0;
  (void)gg::RulePack::build(source, {}, nullptr);
  return 0;
}
