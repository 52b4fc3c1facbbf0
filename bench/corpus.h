#pragma once
// Synthetic but realistic benchmark inputs: resident chat lines and hotline transcripts written
// from templates (places, problems, emoji, traditional characters, fillers, chit-chat), and a
// generated N-intent rule pack drawn from the same vocabulary as the default pack, so that hit
// rates look like production rather than like random strings.

#include <cstdint>
#include <string>
#include <vector>

#include "intents/rule_pack.h"

namespace gg::bench {

// Returns n messages, deterministic for a given seed.
std::vector<std::string> generateMessages(size_t n, uint32_t seed);

// Returns a pack JSON text with `intents` generated intents (ids gen_0…), drawing keywords and
// co-occurrence terms from the terms of base (the default pack); about a third of the intents
// carry a gap regex such as `电梯.{0,6}(坏|停)`, a tenth carry an exclusion.
std::string generatePackJson(const RulePackSource& base, size_t intents, uint32_t seed);

}  // namespace gg::bench
