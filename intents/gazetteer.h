#pragma once
// The gazetteer: names of the places a street serves (compounds, communities, roads) with their
// aliases and the grid/community they belong to, so a hotline call that names "阳光小区" can be
// routed without a group chat. Built from the org config and matched in one Aho-Corasick pass
// (intents/literal_scanner.h): a city names tens of thousands of places, and one RE2 alternation
// of them took seconds to compile and ran out of DFA memory on every message (10,000 grids:
// 11 s to start, 115 ms a message, bench/footprint.sh).

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "intents/normalizer.h"

namespace gg {

class LiteralScanner;

struct Place {
  std::string name;
  std::vector<std::string> aliases;
  std::string kind;  // compound | community | street
  std::string community_id;
  std::string grid_id;  // empty for a community-wide place
};

// One place found in a message; offsets are bytes of the normalized text.
struct PlaceHit {
  const Place* place = nullptr;
  std::string matched;  // the name or alias as it appears (normalized)
  size_t begin = 0;
  size_t end = 0;
};


class Gazetteer {
 public:
  Gazetteer();
  ~Gazetteer();
  // Builds a matcher over the names and aliases of places, normalized with normalizer so that
  // traditional or full-width spellings match too. Names shorter than 2 characters are ignored
  // (too ambiguous). Does not fail today; the Result keeps callers ready for a limit.
  static Result<std::shared_ptr<const Gazetteer>> build(std::vector<Place> places,
                                                        const Normalizer& normalizer);

  // Returns the places named in text, left to right, preferring the longest name at a position.
  std::vector<PlaceHit> find(const std::string& normalized_text) const;

  // Returns the places the gazetteer was built from.
  const std::vector<Place>& places() const { return places_; }

 private:
  std::vector<Place> places_;
  std::vector<std::pair<std::string, size_t>> names_;  // normalized name -> index in places_
  std::unordered_map<std::string, size_t> index_;
  std::unique_ptr<LiteralScanner> scanner_;  // over names_, in its order
};

}  // namespace gg
