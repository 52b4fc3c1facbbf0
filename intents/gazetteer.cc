#include "intents/gazetteer.h"

#include <algorithm>
#include <unordered_map>

#include "core/text.h"
#include "intents/literal_scanner.h"

namespace gg {

Gazetteer::Gazetteer() = default;
Gazetteer::~Gazetteer() = default;

Result<std::shared_ptr<const Gazetteer>> Gazetteer::build(std::vector<Place> places,
                                                          const Normalizer& normalizer) {
  auto g = std::make_shared<Gazetteer>();
  g->places_ = std::move(places);
  std::unordered_map<std::string, size_t> seen;
  for (size_t i = 0; i < g->places_.size(); ++i) {
    std::vector<std::string> names = g->places_[i].aliases;
    names.insert(names.begin(), g->places_[i].name);
    for (const std::string& n : names) {
      std::string norm = normalizer.normalize(n, false).text;
      if (utf8Length(norm) < 2) continue;
      // The first place to claim a name keeps it: the org config order decides ambiguities.
      if (seen.emplace(norm, i).second) g->names_.emplace_back(norm, i);
    }
  }
  for (const auto& [name, idx] : g->names_) g->index_.emplace(name, idx);
  if (g->names_.empty()) return std::shared_ptr<const Gazetteer>(std::move(g));
  std::vector<std::string> literals;
  literals.reserve(g->names_.size());
  for (const auto& [name, idx] : g->names_) literals.push_back(name);
  g->scanner_ = std::make_unique<LiteralScanner>();
  g->scanner_->build(literals);
  return std::shared_ptr<const Gazetteer>(std::move(g));
}

std::vector<PlaceHit> Gazetteer::find(const std::string& text) const {
  std::vector<PlaceHit> hits;
  if (!scanner_) return hits;
  std::vector<LiteralScanner::Occurrence> occ;
  scanner_->scan(text, &occ);
  // Leftmost-longest, then on from its end: what one leftmost-longest regex pass gave, so a
  // longer name ("阳光小区北区") wins over the shorter one inside it ("阳光小区").
  std::sort(occ.begin(), occ.end(), [&](const auto& a, const auto& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return names_[a.literal].first.size() > names_[b.literal].first.size();
  });
  size_t next = 0;  // the first byte a hit may start at
  for (const auto& o : occ) {
    if (o.begin < next) continue;
    const auto& [name, idx] = names_[o.literal];
    PlaceHit h;
    h.place = &places_[idx];
    h.matched = name;
    h.begin = o.begin;
    h.end = o.begin + name.size();
    next = h.end;
    hits.push_back(std::move(h));
  }
  return hits;
}

}  // namespace gg
