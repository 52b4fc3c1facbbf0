// RulePack::build and what the pack does to a normalized text before matching: its own
// replacement tables (typos, homophones, dialect), hotline openings and fillers, and place-name
// blanking.
#include <algorithm>

#include "intents/intent_engine.h"
#include "intents/text_bytes.h"

namespace gg {
namespace {

// The bytes of the character at s[i] (at most what s holds) and their count, as one integer key:
// replaces a substr per character (an allocation-free lookup in the applyTables loop).
uint64_t firstCharKey(const std::string& s, size_t i) {
  const size_t n = std::min(utf8Len(static_cast<unsigned char>(s[i])), s.size() - i);
  uint64_t key = n;
  for (size_t k = 0; k < n; ++k) key |= uint64_t{static_cast<unsigned char>(s[i + k])} << (8 * (k + 1));
  return key;
}

constexpr size_t kFirstBits = 4096;
size_t firstBit(uint64_t key) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 52); }

}  // namespace

bool RulePack::withoutPlaceNames(const std::string& normalized, std::string* blanked) const {
  if (!gazetteer_) return false;
  const std::vector<PlaceHit> hits = gazetteer_->find(normalized);
  if (hits.empty()) return false;
  // A compound is called "回迁楼" or "水利局宿舍": its name must not read as a topic (demolition,
  // water). Each character becomes a blank of the same byte length, so every span the rules
  // report still points at the same bytes of the normalized and the original text.
  std::string& out = *blanked;
  out = normalized;
  for (const PlaceHit& h : hits) {
    for (size_t i = h.begin; i < h.end && i < out.size();) {
      const size_t n = std::min(utf8Len(static_cast<unsigned char>(out[i])), out.size() - i);
      if (n == 3) {
        out.replace(i, 3, "\xE2\x96\xA1");  // U+25A1 □
      } else {
        out.replace(i, n, std::string(n, '_'));
      }
      i += n;
    }
  }
  return true;
}

Result<std::shared_ptr<const RulePack>> RulePack::build(
    const RulePackSource& source, std::vector<Place> places,
    std::shared_ptr<const Normalizer> normalizer) {
  if (!normalizer) normalizer = Normalizer::shared();
  auto pack = std::make_shared<RulePack>();
  pack->normalizer_ = normalizer;
  auto matcher = RuleMatcher::compile(source, *normalizer);
  if (!matcher.isOk()) return matcher.status();
  pack->matcher_ = std::move(matcher.value());
  auto gaz = Gazetteer::build(std::move(places), *normalizer);
  if (!gaz.isOk()) return gaz.status();
  pack->gazetteer_ = gaz.value();
  pack->extractor_ = std::make_unique<EntityExtractor>(gaz.value());
  pack->categories_ = source.categories;
  for (int k = 0; k < pack->matcher_->intentCount(); ++k) {
    pack->intent_category_.push_back(pack->category(pack->matcher_->rules()[static_cast<size_t>(k)]->category));
  }
  pack->social_category_ = pack->category("social");
  pack->files_ = source.files;
  auto norm = [&](const std::string& x) { return normalizer->normalize(x, false).text; };
  for (Replacement r : source.normalize.replace) {
    r.from = norm(r.from);
    r.to = norm(r.to);
    if (r.from.empty()) continue;
    for (auto& x : r.not_before) x = norm(x);
    for (auto& x : r.not_after) x = norm(x);
    pack->tables_.replace.push_back(std::move(r));
  }
  // Longest `from` first at any position.
  std::stable_sort(pack->tables_.replace.begin(), pack->tables_.replace.end(),
                   [](const Replacement& a, const Replacement& b) { return a.from.size() > b.from.size(); });
  for (size_t i = 0; i < pack->tables_.replace.size(); ++i) {
    const std::string& f = pack->tables_.replace[i].from;
    pack->replace_index_[firstCharKey(f, 0)].push_back(i);
  }
  pack->replace_first_bits_.assign(kFirstBits / 64, 0);
  for (const auto& [key, entries] : pack->replace_index_) {
    pack->replace_first_bits_[firstBit(key) / 64] |= uint64_t{1} << (firstBit(key) % 64);
  }
  for (const auto& o : source.normalize.openings) pack->tables_.openings.push_back(norm(o));
  for (const auto& f : source.normalize.fillers) pack->tables_.fillers.push_back(norm(f));
  std::stable_sort(pack->tables_.openings.begin(), pack->tables_.openings.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::stable_sort(pack->tables_.fillers.begin(), pack->tables_.fillers.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return std::shared_ptr<const RulePack>(std::move(pack));
}

const Category* RulePack::category(const std::string& id) const {
  for (const Category& c : categories_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

NormalizedText RulePack::applyTables(NormalizedText in, bool asr) const {
  NormalizedText out;
  const NormalizedText& r = applyTablesTo(in, asr, &out);
  return &r == &in ? std::move(in) : std::move(out);
}

const NormalizedText& RulePack::applyTablesTo(const NormalizedText& in, bool asr,
                                              NormalizedText* changed_out) const {
  if (replace_index_.empty() && (!asr || (tables_.openings.empty() && tables_.fillers.empty()))) {
    return in;
  }
  const std::string& t = in.text;
  // Most messages hit no table entry: the output is built only from the first change on (up to
  // there it is the input), and an unchanged message is returned as it came, with no copy.
  NormalizedText& out = *changed_out;
  bool changed = false;
  auto change = [&](size_t upto) {  // out so far = in[0, upto)
    if (changed) return;
    changed = true;
    out.text.reserve(t.size());
    out.orig_begin.reserve(t.size());
    out.orig_end.reserve(t.size());
    out.text.assign(t, 0, upto);
    out.orig_begin.assign(in.orig_begin.begin(), in.orig_begin.begin() + static_cast<long>(upto));
    out.orig_end.assign(in.orig_end.begin(), in.orig_end.begin() + static_cast<long>(upto));
  };
  auto emit = [&](const std::string& s, uint32_t b, uint32_t e) {
    out.text += s;
    for (size_t k = 0; k < s.size(); ++k) {
      out.orig_begin.push_back(b);
      out.orig_end.push_back(e);
    }
  };
  size_t i = 0;
  if (asr) {
    // Hotline openings (喂/你好/您好…) at the start, with punctuation between them.
    for (bool again = true; again && i < t.size();) {
      again = false;
      for (const auto& o : tables_.openings) {
        if (!o.empty() && t.compare(i, o.size(), o) == 0) {
          i += o.size();
          again = true;
          break;
        }
      }
      while (i < t.size()) {
        size_t len = 1;
        if (!isClauseBreak(t, i, &len)) break;
        i += len;
        again = true;
      }
    }
  }
  if (i > 0) change(0);  // openings dropped
  while (i < t.size()) {
    const size_t cl = utf8Len(static_cast<unsigned char>(t[i]));
    if (asr) {
      bool dropped = false;
      for (const auto& f : tables_.fillers) {
        if (!f.empty() && t.compare(i, f.size(), f) == 0) {
          change(i);
          i += f.size();
          dropped = true;
          break;
        }
      }
      if (dropped) continue;
    }
    const uint64_t key = replace_index_.empty() ? 0 : firstCharKey(t, i);
    if (key != 0 && (replace_first_bits_[firstBit(key) / 64] >> (firstBit(key) % 64) & 1)) {
      auto it = replace_index_.find(key);
      if (it != replace_index_.end()) {
        bool done = false;
        for (size_t idx : it->second) {
          const Replacement& r = tables_.replace[idx];
          if (r.asr_only && !asr) continue;
          if (t.compare(i, r.from.size(), r.from) != 0) continue;
          const size_t e = i + r.from.size();
          bool veto = false;
          for (const auto& nb : r.not_before) veto |= t.compare(e, nb.size(), nb) == 0;
          for (const auto& na : r.not_after) {
            veto |= i >= na.size() && t.compare(i - na.size(), na.size(), na) == 0;
          }
          if (veto) continue;
          change(i);
          emit(r.to, in.orig_begin[i], in.orig_end[e - 1]);
          i = e;
          done = true;
          break;
        }
        if (done) continue;
      }
    }
    for (size_t k = 0; changed && k < cl && i + k < t.size(); ++k) {
      out.text.push_back(t[i + k]);
      out.orig_begin.push_back(in.orig_begin[i + k]);
      out.orig_end.push_back(in.orig_end[i + k]);
    }
    i += cl;
  }
  if (!changed) return in;
  return out;
}

}  // namespace gg
