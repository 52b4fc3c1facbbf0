#pragma once
// Entity extraction over a normalized message: places from the gazetteer, building/unit/floor/
// room numbers, phone numbers and relative times (今天下午, 明天上午9点). Routing uses them for
// hotline calls, which carry no group chat. Spans are mapped back to the original text.

#include <re2/re2.h>

#include <memory>

#include "intents/classification.h"
#include "intents/gazetteer.h"
#include "intents/normalizer.h"

namespace gg {

class EntityExtractor {
 public:
  // Compiles the fixed patterns; gazetteer may be null (no places known).
  explicit EntityExtractor(std::shared_ptr<const Gazetteer> gazetteer);

  // Returns the entities found in norm (the normalizer's output for the message). Never fails.
  Entities extract(const NormalizedText& norm) const;

 private:
  std::shared_ptr<const Gazetteer> gazetteer_;
  RE2 address_re_;
  RE2 phone_re_;
  RE2 time_re_;
  RE2 digits_re_;
};

}  // namespace gg
