#include "intents/gazetteer.h"

#include <algorithm>
#include <unordered_map>

#include "core/text.h"

namespace gg {

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
  std::vector<std::string> sorted;
  for (const auto& [name, idx] : g->names_) sorted.push_back(name);
  std::sort(sorted.begin(), sorted.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string pattern = "(";
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i) pattern += '|';
    pattern += RE2::QuoteMeta(sorted[i]);
  }
  pattern += ")";
  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_longest_match(true);
  g->re_ = std::make_unique<RE2>(pattern, opt);
  if (!g->re_->ok()) return invalidArgument("gazetteer: " + g->re_->error());
  return std::shared_ptr<const Gazetteer>(std::move(g));
}

std::vector<PlaceHit> Gazetteer::find(const std::string& text) const {
  std::vector<PlaceHit> hits;
  if (!re_) return hits;
  re2::StringPiece input(text);
  re2::StringPiece m;
  while (RE2::FindAndConsume(&input, *re_, &m)) {
    auto it = index_.find(std::string(m.data(), m.size()));
    if (it == index_.end()) continue;
    PlaceHit h;
    h.place = &places_[it->second];
    h.matched = std::string(m.data(), m.size());
    h.begin = static_cast<size_t>(m.data() - text.data());
    h.end = h.begin + m.size();
    hits.push_back(std::move(h));
    if (m.empty()) break;
  }
  return hits;
}

}  // namespace gg
