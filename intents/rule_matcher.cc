// RuleMatcher::match: one literal-automaton pass over the text, then the patterns whose literals were
// seen are satisfied, regexes confirmed, rules scored and ranked.
#include "intents/rule_matcher.h"

#include <algorithm>

#include "intents/hit_literals.h"
#include "intents/text_bytes.h"

namespace gg {

Status RuleMatcher::match(const std::string& text, MatchResult* out) const {
  out->intents.clear();
  out->flags.clear();
  out->spans.clear();
  out->confirmations = 0;
  // Per-thread scratch buffers: matching allocates nothing in the steady state.
  thread_local std::vector<LiteralScanner::Occurrence> found;
  thread_local Hits hits;
  thread_local std::vector<std::pair<int, int>> events;
  thread_local std::vector<int> atoms;
  thread_local std::vector<int> potentials;
  found.clear();
  hits.lits.clear();
  hits.first.clear();
  hits.count.clear();
  hits.pos.clear();
  events.clear();
  atoms.clear();
  potentials.clear();
  scanner_.scan(text, &found);
  // By literal, then offset: each literal's occurrences become one run of hits.pos.
  std::sort(found.begin(), found.end(), [](const LiteralScanner::Occurrence& a,
                                           const LiteralScanner::Occurrence& b) {
    return a.literal != b.literal ? a.literal < b.literal : a.begin < b.begin;
  });
  for (size_t k = 0; k < found.size();) {
    const int lit = found[k].literal;
    const LiteralInfo& li = lit_info_[static_cast<size_t>(lit)];
    hits.lits.push_back(lit);
    hits.first.push_back(static_cast<uint32_t>(hits.pos.size()));
    for (; k < found.size() && found[k].literal == lit; ++k) {
      // Digits are tokens: an occurrence whose digit edge continues a longer digit run is none.
      const size_t at = found[k].begin, end = at + li.size;
      if (li.digit_front && at > 0 && isDigit(text[at - 1])) continue;
      if (li.digit_back && end < text.size() && isDigit(text[end])) continue;
      hits.pos.push_back(found[k].begin);
    }
    hits.count.push_back(static_cast<uint32_t>(hits.pos.size()) - hits.first.back());
  }
  // (pattern, group) events; then a pattern is satisfied once all its groups were seen.
  uint8_t atoms_quiet = 0xFF;  // the quiet sets holding every atom seen so far
  for (size_t h = 0; h < hits.lits.size(); ++h) {
    const LiteralInfo& li = lit_info_[static_cast<size_t>(hits.lits[h])];
    if (li.atom >= 0) {
      atoms.push_back(li.atom);
      atoms_quiet &= li.quiet;
    }
    if (hits.count[h] == 0) continue;  // seen only inside longer digit runs
    for (uint32_t r = li.ref_first; r < li.ref_end; ++r) {
      events.emplace_back(refs_[r].pattern, refs_[r].group);
    }
  }
  struct Sat {
    int pattern;
    int rule;  // the pattern's rule, kept here for the sort and the grouping
    size_t b, e;
    bool has_span;
    int origin = -1;  // merged keywords: the pattern index of the literal that gave the span
  };
  thread_local std::vector<Sat> satisfied;
  satisfied.clear();
  // Per pattern, the groups seen (a bit per group; keywords use bit 0): no sort needed.
  thread_local std::vector<uint64_t> seen_groups;
  thread_local std::vector<int> touched;
  if (seen_groups.size() < patterns_.size()) seen_groups.assign(patterns_.size(), 0);
  touched.clear();
  for (const auto& [pid, group] : events) {
    uint64_t& mask = seen_groups[static_cast<size_t>(pid)];
    if (mask == 0) touched.push_back(pid);
    mask |= uint64_t{1} << (group < 0 ? 0 : (group & 63));
  }
  for (int pid : touched) {
    const uint64_t mask = seen_groups[static_cast<size_t>(pid)];
    seen_groups[static_cast<size_t>(pid)] = 0;
    const PatternInfo& pi = pat_info_[static_cast<size_t>(pid)];
    const int need = pi.groups;
    if (need == 0) {
      satisfied.push_back({pid, pi.rule, 0, 0, false});
    } else if (__builtin_popcountll(mask) == need) {
      if (pi.prox) {
        size_t b = 0, e = 0;
        if (proximityHolds(patterns_[pid], text, hits, &b, &e)) {
          satisfied.push_back({pid, pi.rule, b, e, true});
        }
      } else {
        satisfied.push_back({pid, pi.rule, 0, 0, false});
      }
    }
  }
  if (!regex_pattern_.empty()) {
    if (atoms_quiet != 0) {
      potentials = always_;  // what AllPotentials gives for these atoms (see always_)
    } else {
      filtered_->AllPotentials(atoms, &potentials);
    }
    for (int rid : potentials) {
      const RE2& re = filtered_->GetRE2(rid);
      re2::StringPiece m;
      ++out->confirmations;
      size_t from = 0;
      for (int attempt = 0; attempt < 8 && from <= text.size(); ++attempt) {
        if (!re.Match(text, from, text.size(), RE2::UNANCHORED, &m, 1)) break;
        const size_t b = static_cast<size_t>(m.data() - text.data());
        const size_t e = b + m.size();
        // Digits are tokens: a match may not start or end inside a longer digit run.
        const bool bad = (m.size() > 0 && isDigit(text[b]) && b > 0 && isDigit(text[b - 1])) ||
                         (m.size() > 0 && isDigit(text[e - 1]) && e < text.size() && isDigit(text[e]));
        if (!bad) {
          satisfied.push_back({regex_pattern_[rid], pat_info_[static_cast<size_t>(regex_pattern_[rid])].rule, b, e, true});
          break;
        }
        from = b + 1;
        while (from < text.size() && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) ++from;
      }
    }
  }
  if (satisfied.empty()) return Status::ok();

  // Group by rule: exclusions veto, scores add up, the best pattern explains.
  std::sort(satisfied.begin(), satisfied.end(), [&](const Sat& a, const Sat& b) {
    return a.rule != b.rule ? a.rule < b.rule : a.pattern < b.pattern;
  });
  // Every occurrence of a non-intent rule matters only when some modifier scopes a clause;
  // otherwise the first occurrence of each literal says all.
  bool any_modifier = false;
  for (const Sat& x : satisfied) any_modifier |= rule_is_modifier_[x.rule] != 0;
  for (size_t i = 0; i < satisfied.size();) {
    const int rule = satisfied[i].rule;
    size_t j = i;
    bool excluded = false;
    RuleHit hit;
    hit.rule = rule;
    hit.priority = rules_[rule]->priority;
    double best_weight = -1;
    size_t best_len = 0;
    size_t end_of_rule = i;
    while (end_of_rule < satisfied.size() && satisfied[end_of_rule].rule == rule) {
      excluded |= pat_info_[static_cast<size_t>(satisfied[end_of_rule].pattern)].exclude;
      ++end_of_rule;
    }
    if (excluded) {  // an exclusion vetoes the rule: no spans to compute
      i = end_of_rule;
      continue;
    }
    for (; j < end_of_rule; ++j) {
      Sat& s = satisfied[j];
      const CPattern& p = patterns_[s.pattern];
      const bool non_intent = rule >= intent_count_;
      // A lighter pattern can never explain an intent: skip its span.
      if (!non_intent && p.weight < best_weight) {
        hit.score += p.weight;
        continue;
      }
      if (!s.has_span && !(non_intent && p.kind == PatternKind::kKeyword)) {
        spanOf(p, hits, &s.b, &s.e);
      }
      if (non_intent) {
        if (hit.span_count == 0) hit.span_first = static_cast<uint32_t>(out->spans.size());
        const size_t before = out->spans.size();
        if (p.kind == PatternKind::kKeyword) {
          forHitLiterals(p.literal_index, hits.lits, [&](int ki, size_t h) {
            const size_t k = static_cast<size_t>(ki);
            const std::string& lit = p.literals[k];
            for (uint32_t o = hits.first[h], o_end = o + hits.count[h]; o < o_end; ++o) {
              const size_t at = hits.pos[o];
              out->spans.emplace_back(at, at + lit.size());
              // The pattern's span: the earliest occurrence, the longer literal on a tie.
              if (!s.has_span || at < s.b || (at == s.b && at + lit.size() > s.e)) {
                s.b = at;
                s.e = at + lit.size();
                s.has_span = true;
                s.origin = p.literal_origin[k];
              }
              if (!any_modifier) break;
            }
          });
        } else {
          out->spans.emplace_back(s.b, s.e);
        }
        hit.span_count += static_cast<uint32_t>(out->spans.size() - before);
      }
      hit.score += p.weight;
      const size_t len = s.e - s.b;
      // Best pattern: heaviest, then longest, then earliest, then first written.
      const bool better = p.weight > best_weight ||
                          (p.weight == best_weight && len > best_len) ||
                          (p.weight == best_weight && len == best_len && s.b < hit.begin) ||
                          (p.weight == best_weight && len == best_len && s.b == hit.begin &&
                           p.index < hit.pattern);
      if (better) {
        best_weight = p.weight;
        best_len = len;
        hit.pattern = s.origin >= 0 ? s.origin : p.index;
        hit.begin = s.b;
        hit.end = s.e;
      }
    }
    i = j;
    if (excluded || hit.pattern < 0) continue;
    if (rule < intent_count_) {
      // min_score applies to the evidence itself; priority then scales it, so an emergency
      // outranks a routine fault in a chat line while a long letter about another topic still
      // wins on the weight of its evidence.
      if (hit.score + 1e-9 < source_.options.min_score) continue;
      hit.score *= 1.0 + hit.priority / 100.0;
      out->intents.push_back(hit);
    } else {
      out->flags.push_back(hit);
    }
  }
  // Deterministic ranking: score, priority, longer evidence, earlier evidence, then id.
  std::sort(out->intents.begin(), out->intents.end(), [&](const RuleHit& a, const RuleHit& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.priority != b.priority) return a.priority > b.priority;
    const size_t la = a.end - a.begin, lb = b.end - b.begin;
    if (la != lb) return la > lb;
    if (a.begin != b.begin) return a.begin < b.begin;
    return rules_[a.rule]->id < rules_[b.rule]->id;
  });
  return Status::ok();
}

}  // namespace gg
