#include "intents/rule_matcher.h"

#include <algorithm>
#include <unordered_map>

namespace gg {
namespace {

RE2::Options re2Options(int64_t max_mem) {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(max_mem);
  return o;
}

// FilteredRE2 drops atoms shorter than this (bytes): one CJK character is 3 bytes, so every Han
// character can be an atom, while 1-2 letter Latin atoms would match almost everything.
constexpr int kMinAtomLen = 3;

}  // namespace

Result<std::unique_ptr<RuleMatcher>> RuleMatcher::compile(const RulePackSource& source,
                                                          const Normalizer& normalizer) {
  auto m = std::make_unique<RuleMatcher>();
  m->source_ = source;
  for (const Rule& r : m->source_.intents) m->rules_.push_back(&r);
  for (const Rule& r : m->source_.flags) m->rules_.push_back(&r);
  m->intent_count_ = static_cast<int>(m->source_.intents.size());

  std::unordered_map<std::string, int> literal_ids;
  auto literalId = [&](const std::string& lit) {
    auto [it, inserted] = literal_ids.emplace(lit, static_cast<int>(m->literals_.size()));
    if (inserted) {
      m->literals_.push_back(lit);
      m->literal_refs_.emplace_back();
      m->literal_atom_.push_back(-1);
    }
    return it->second;
  };
  auto norm = [&](const std::string& s) { return normalizer.normalize(s, false).text; };

  const RE2::Options opts = re2Options(source.options.max_mem);
  m->filtered_ = std::make_unique<re2::FilteredRE2>(kMinAtomLen);
  std::vector<std::string> problems;
  for (int ri = 0; ri < static_cast<int>(m->rules_.size()); ++ri) {
    const Rule& rule = *m->rules_[ri];
    for (int pass = 0; pass < 2; ++pass) {
      const bool exclude = pass == 1;
      const auto& list = exclude ? rule.excludes : rule.patterns;
      for (int pi = 0; pi < static_cast<int>(list.size()); ++pi) {
        const Pattern& p = list[pi];
        CPattern cp;
        cp.rule = ri;
        cp.index = pi;
        cp.exclude = exclude;
        cp.kind = p.kind;
        cp.weight = p.weight;
        const int id = static_cast<int>(m->patterns_.size());
        if (p.kind == PatternKind::kKeyword) {
          cp.literal = norm(p.text);
          if (cp.literal.empty()) {
            problems.push_back(rule.origin + ": keyword '" + p.text + "' is empty once normalized");
            continue;
          }
          m->literal_refs_[literalId(cp.literal)].push_back({id, -1});
        } else if (p.kind == PatternKind::kAll) {
          cp.groups = static_cast<int>(p.groups.size());
          for (int g = 0; g < cp.groups; ++g) {
            cp.terms.emplace_back();
            for (const std::string& t : p.groups[g]) {
              std::string n = norm(t);
              if (n.empty()) continue;
              cp.terms.back().push_back(n);
              m->literal_refs_[literalId(n)].push_back({id, g});
            }
          }
        } else {
          int rid = -1;
          RE2::ErrorCode ec = m->filtered_->Add(p.text, opts, &rid);
          if (ec != RE2::NoError) {
            RE2 probe(p.text, opts);
            problems.push_back(rule.origin + ": bad regex '" + p.text + "': " + probe.error());
            continue;
          }
          if (p.text.find("\\b") != std::string::npos) {
            m->warnings_.push_back(rule.origin + ": regex '" + p.text +
                                   "' uses \\b, which RE2 defines for ASCII only");
          }
          if (rid != static_cast<int>(m->regex_pattern_.size())) {
            return internalError("FilteredRE2 ids out of order");
          }
          m->regex_pattern_.push_back(id);
        }
        m->patterns_.push_back(std::move(cp));
      }
    }
  }
  if (!problems.empty()) {
    std::string msg;
    for (const auto& p : problems) msg += (msg.empty() ? "" : "\n") + p;
    return invalidArgument(msg);
  }
  if (!m->regex_pattern_.empty()) {
    std::vector<std::string> atoms;
    m->filtered_->Compile(&atoms);
    for (int a = 0; a < static_cast<int>(atoms.size()); ++a) {
      m->literal_atom_[literalId(atoms[a])] = a;
    }
    // Regexes that pass the filter with no atom at all are confirmed on every message.
    std::vector<int> always;
    m->filtered_->AllPotentials({}, &always);
    for (int rid : always) {
      const CPattern& cp = m->patterns_[m->regex_pattern_[rid]];
      const Rule& rule = *m->rules_[cp.rule];
      const Pattern& p = cp.exclude ? rule.excludes[cp.index] : rule.patterns[cp.index];
      m->warnings_.push_back(rule.origin + ": regex '" + p.text +
                             "' has no literal of 1+ Chinese characters; it runs on every message");
    }
  }
  if (!m->literals_.empty()) {
    m->set_ = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
    for (const std::string& lit : m->literals_) {
      std::string err;
      if (m->set_->Add(RE2::QuoteMeta(lit), &err) < 0) {
        return internalError("literal '" + lit + "' rejected by RE2::Set: " + err);
      }
    }
    if (!m->set_->Compile()) {
      return resourceExhausted("rule pack: the literal RE2::Set of " +
                               std::to_string(m->literals_.size()) +
                               " literals does not fit max_mem=" +
                               std::to_string(source.options.max_mem) + " bytes");
    }
  }
  return m;
}

void RuleMatcher::spanOf(const CPattern& p, const std::string& text, size_t* b, size_t* e) const {
  *b = *e = 0;
  if (p.kind == PatternKind::kKeyword) {
    const size_t at = text.find(p.literal);
    if (at != std::string::npos) {
      *b = at;
      *e = at + p.literal.size();
    }
    return;
  }
  // Co-occurrence: from the first term seen to the end of the last group's earliest term.
  size_t lo = std::string::npos, hi = 0;
  for (const auto& group : p.terms) {
    size_t best = std::string::npos, best_end = 0;
    for (const auto& t : group) {
      const size_t at = text.find(t);
      if (at != std::string::npos && at < best) {
        best = at;
        best_end = at + t.size();
      }
    }
    if (best == std::string::npos) continue;
    lo = std::min(lo, best);
    hi = std::max(hi, best_end);
  }
  if (lo != std::string::npos) {
    *b = lo;
    *e = hi;
  }
}

Status RuleMatcher::match(const std::string& text, MatchResult* out) const {
  out->intents.clear();
  out->flags.clear();
  out->confirmations = 0;
  std::vector<int> hits;
  if (set_) {
    RE2::Set::ErrorInfo info{};
    if (!set_->Match(text, &hits, &info)) {
      switch (info.kind) {
        case RE2::Set::kNoError:
          break;
        case RE2::Set::kOutOfMemory:
          return resourceExhausted("intent matching: RE2::Set DFA out of memory (raise max_mem)");
        default:
          return internalError("intent matching: RE2::Set error " +
                               std::to_string(static_cast<int>(info.kind)));
      }
    }
  }
  // (pattern, group) events; then a pattern is satisfied once all its groups were seen.
  std::vector<std::pair<int, int>> events;
  std::vector<int> atoms;
  for (int lit : hits) {
    for (const LiteralRef& ref : literal_refs_[lit]) events.emplace_back(ref.pattern, ref.group);
    if (literal_atom_[lit] >= 0) atoms.push_back(literal_atom_[lit]);
  }
  struct Sat {
    int pattern;
    size_t b, e;
    bool has_span;
  };
  std::vector<Sat> satisfied;
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());
  for (size_t i = 0; i < events.size();) {
    const int pid = events[i].first;
    size_t j = i;
    while (j < events.size() && events[j].first == pid) ++j;
    const CPattern& p = patterns_[pid];
    if (p.kind == PatternKind::kKeyword || static_cast<int>(j - i) == p.groups) {
      satisfied.push_back({pid, 0, 0, false});
    }
    i = j;
  }
  if (!regex_pattern_.empty()) {
    std::vector<int> potentials;
    filtered_->AllPotentials(atoms, &potentials);
    for (int rid : potentials) {
      const RE2& re = filtered_->GetRE2(rid);
      re2::StringPiece m;
      ++out->confirmations;
      if (re.Match(text, 0, text.size(), RE2::UNANCHORED, &m, 1)) {
        const size_t b = static_cast<size_t>(m.data() - text.data());
        satisfied.push_back({regex_pattern_[rid], b, b + m.size(), true});
      }
    }
  }
  if (satisfied.empty()) return Status::ok();

  // Group by rule: exclusions veto, scores add up, the best pattern explains.
  std::sort(satisfied.begin(), satisfied.end(), [&](const Sat& a, const Sat& b) {
    return patterns_[a.pattern].rule < patterns_[b.pattern].rule;
  });
  for (size_t i = 0; i < satisfied.size();) {
    const int rule = patterns_[satisfied[i].pattern].rule;
    size_t j = i;
    bool excluded = false;
    RuleHit hit;
    hit.rule = rule;
    hit.priority = rules_[rule]->priority;
    double best_weight = -1;
    size_t best_len = 0;
    for (; j < satisfied.size() && patterns_[satisfied[j].pattern].rule == rule; ++j) {
      Sat& s = satisfied[j];
      const CPattern& p = patterns_[s.pattern];
      if (p.exclude) {
        excluded = true;
        continue;
      }
      if (!s.has_span) spanOf(p, text, &s.b, &s.e);
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
        hit.pattern = p.index;
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
