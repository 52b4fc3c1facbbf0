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

bool isDigit(char c) { return c >= '0' && c <= '9'; }

size_t charCount(const std::string& s, size_t b, size_t e) {
  size_t n = 0;
  for (size_t i = b; i < e && i < s.size(); ++i) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

}  // namespace

// Calls f(index) for every entry of idx (sorted (literal id, index) pairs) whose literal is in
// hits (sorted): a merge of two sorted lists, or binary searches when one is much shorter.
template <typename F>
void forHitLiterals(const std::vector<std::pair<int, int>>& idx, const std::vector<int>& hits, F f) {
  if (hits.size() * 8 < idx.size()) {
    for (int h : hits) {
      auto it = std::lower_bound(idx.begin(), idx.end(), std::make_pair(h, -1));
      for (; it != idx.end() && it->first == h; ++it) f(it->second);
    }
    return;
  }
  size_t a = 0, b = 0;
  while (a < idx.size() && b < hits.size()) {
    if (idx[a].first < hits[b]) {
      ++a;
    } else if (hits[b] < idx[a].first) {
      ++b;
    } else {
      f(idx[a].second);
      ++a;
    }
  }
}

size_t findToken(const std::string& text, const std::string& lit, size_t from) {
  if (lit.empty()) return std::string::npos;
  const bool check_front = isDigit(lit.front()), check_back = isDigit(lit.back());
  size_t at = text.find(lit, from);
  while (at != std::string::npos) {
    const bool bad_front = check_front && at > 0 && isDigit(text[at - 1]);
    const size_t end = at + lit.size();
    const bool bad_back = check_back && end < text.size() && isDigit(text[end]);
    if (!bad_front && !bad_back) return at;
    at = text.find(lit, at + 1);
  }
  return std::string::npos;
}

bool isClauseBreak(const std::string& text, size_t i, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  *len = 1;
  if (c < 0x80) return c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == ' ' ||
                       c == '\n' || c == '~';
  if (i + 2 < text.size() && c == 0xE3 && static_cast<unsigned char>(text[i + 1]) == 0x80) {
    const unsigned char d = static_cast<unsigned char>(text[i + 2]);
    *len = 3;
    return d == 0x81 || d == 0x82;  // 、 。
  }
  return false;
}

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
    const bool merge_keywords = ri >= m->intent_count_;
    for (int pass = 0; pass < 2; ++pass) {
      const bool exclude = pass == 1;
      const auto& list = exclude ? rule.excludes : rule.patterns;
      int merged = -1;  // the one keyword pattern of a non-intent rule (this pass)
      for (int pi = 0; pi < static_cast<int>(list.size()); ++pi) {
        const Pattern& p = list[pi];
        CPattern cp;
        cp.rule = ri;
        cp.index = pi;
        cp.exclude = exclude;
        cp.kind = p.kind;
        cp.weight = p.weight;
        const int id = static_cast<int>(m->patterns_.size());
        std::string lex_problem;
        if (p.kind == PatternKind::kKeyword) {
          for (const std::string& alt : expandLexicon(p.text, source.lexicons, &lex_problem)) {
            std::string n = norm(alt);
            if (n.empty()) continue;
            if (!exclude && charCount(n, 0, n.size()) < 2) {
              m->warnings_.push_back(rule.origin + ": keyword '" + p.text + "' expands to the single character '" + n + "', skipped");
              continue;
            }
            cp.literals.push_back(n);
          }
          if (!lex_problem.empty()) {
            problems.push_back(rule.origin + ": " + lex_problem);
            continue;
          }
          if (cp.literals.empty()) {
            problems.push_back(rule.origin + ": keyword '" + p.text + "' is empty once normalized");
            continue;
          }
          if (merge_keywords && merged >= 0) {
            CPattern& into = m->patterns_[static_cast<size_t>(merged)];
            for (const auto& lit : cp.literals) {
              const int lid = literalId(lit);
              into.literals.push_back(lit);
              into.literal_ids.push_back(lid);
              into.literal_origin.push_back(pi);
              m->literal_refs_[lid].push_back({merged, -1});
            }
            continue;
          }
          for (const auto& lit : cp.literals) {
            const int lid = literalId(lit);
            cp.literal_ids.push_back(lid);
            cp.literal_origin.push_back(pi);
            m->literal_refs_[lid].push_back({id, -1});
          }
          if (merge_keywords) merged = id;
        } else if (p.kind == PatternKind::kAll) {
          cp.groups = static_cast<int>(p.groups.size());
          if (cp.groups > 64) {
            problems.push_back(rule.origin + ": an \"all\" pattern has more than 64 groups");
            continue;
          }
          cp.within = p.within;
          cp.clause = p.clause;
          for (int g = 0; g < cp.groups; ++g) {
            cp.terms.emplace_back();
            cp.term_ids.emplace_back();
            for (const std::string& raw : p.groups[g]) {
              for (const std::string& t : expandLexicon(raw, source.lexicons, &lex_problem)) {
                std::string n = norm(t);
                if (n.empty()) continue;
                cp.terms.back().push_back(n);
                const int lid = literalId(n);
                cp.term_ids.back().push_back(lid);
                m->literal_refs_[lid].push_back({id, g});
              }
              if (!lex_problem.empty()) problems.push_back(rule.origin + ": " + lex_problem);
            }
            // one literal may appear in several groups; keep refs unique per (pattern, group)
          }
        } else {
          int rid = -1;
          const std::string re_text = expandLexiconRegex(p.text, source.lexicons, &lex_problem);
          if (!lex_problem.empty()) {
            problems.push_back(rule.origin + ": " + lex_problem);
            continue;
          }
          RE2::ErrorCode ec = m->filtered_->Add(re_text, opts, &rid);
          if (ec != RE2::NoError) {
            RE2 probe(re_text, opts);
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
  for (const Rule* r : m->rules_) m->rule_is_modifier_.push_back(r->type == RuleType::kModifier);
  for (CPattern& cp : m->patterns_) {
    m->pattern_groups_.push_back(static_cast<int8_t>(cp.kind == PatternKind::kAll ? cp.groups : 0));
    m->pattern_prox_.push_back(cp.kind == PatternKind::kAll && (cp.within > 0 || cp.clause));
    for (size_t k = 0; k < cp.literal_ids.size(); ++k) {
      cp.literal_index.emplace_back(cp.literal_ids[k], static_cast<int>(k));
    }
    std::sort(cp.literal_index.begin(), cp.literal_index.end());
    for (const auto& ids : cp.term_ids) {
      cp.term_index.emplace_back();
      for (size_t k = 0; k < ids.size(); ++k) cp.term_index.back().emplace_back(ids[k], static_cast<int>(k));
      std::sort(cp.term_index.back().begin(), cp.term_index.back().end());
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
  for (const std::string& lit : m->literals_) {
    m->literal_digit_edge_.push_back(!lit.empty() && (isDigit(lit.front()) || isDigit(lit.back())));
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

void RuleMatcher::spanOf(const CPattern& p, const std::string& text, const std::vector<int>& hit,
                         size_t* b, size_t* e) const {
  *b = *e = 0;
  if (p.kind == PatternKind::kKeyword) {
    size_t best = std::string::npos, best_len = 0;
    forHitLiterals(p.literal_index, hit, [&](int k) {
      const std::string& lit = p.literals[static_cast<size_t>(k)];
      const size_t at = findToken(text, lit);
      if (at != std::string::npos && (at < best || (at == best && lit.size() > best_len))) {
        best = at;
        best_len = lit.size();
      }
    });
    if (best != std::string::npos) {
      *b = best;
      *e = best + best_len;
    }
    return;
  }
  // Co-occurrence: from the first term seen to the end of the last group's earliest term.
  size_t lo = std::string::npos, hi = 0;
  for (size_t g = 0; g < p.terms.size(); ++g) {
    size_t best = std::string::npos, best_end = 0;
    forHitLiterals(p.term_index[g], hit, [&](int k) {
      const std::string& t = p.terms[g][static_cast<size_t>(k)];
      const size_t at = findToken(text, t);
      if (at != std::string::npos && at < best) {
        best = at;
        best_end = at + t.size();
      }
    });
    if (best == std::string::npos) continue;
    lo = std::min(lo, best);
    hi = std::max(hi, best_end);
  }
  if (lo != std::string::npos) {
    *b = lo;
    *e = hi;
  }
}

bool RuleMatcher::proximityHolds(const CPattern& p, const std::string& text,
                                 const std::vector<int>& hit, size_t* ob, size_t* oe) const {
  // Every occurrence of every group's terms, as (begin, end, group).
  struct Occ {
    size_t b, e;
    int g;
  };
  thread_local std::vector<Occ> occ;
  occ.clear();
  for (int g = 0; g < p.groups; ++g) {
    forHitLiterals(p.term_index[static_cast<size_t>(g)], hit, [&](int k) {
      const std::string& t = p.terms[static_cast<size_t>(g)][static_cast<size_t>(k)];
      for (size_t at = findToken(text, t); at != std::string::npos; at = findToken(text, t, at + 1)) {
        occ.push_back({at, at + t.size(), g});
      }
    });
  }
  std::sort(occ.begin(), occ.end(), [](const Occ& a, const Occ& b) { return a.b < b.b; });
  // Clause index of a byte offset.
  auto clauseBreakBetween = [&](size_t b, size_t e) {
    for (size_t i = b; i < e && i < text.size();) {
      size_t len = 1;
      if (isClauseBreak(text, i, &len)) return true;
      i += len;
    }
    return false;
  };
  // Sliding window: for each start, take the nearest following occurrence of each other group.
  char seen_small[32];
  std::vector<char> seen_big;
  char* seen = seen_small;
  if (p.groups > 32) {
    seen_big.resize(static_cast<size_t>(p.groups));
    seen = seen_big.data();
  }
  for (size_t s = 0; s < occ.size(); ++s) {
    std::fill(seen, seen + p.groups, 0);
    int have = 0;
    size_t end = 0;
    for (size_t k = s; k < occ.size(); ++k) {
      if (p.within > 0 && charCount(text, occ[s].b, occ[k].b) > static_cast<size_t>(p.within)) break;
      if (seen[occ[k].g]) continue;
      seen[occ[k].g] = 1;
      ++have;
      end = std::max(end, occ[k].e);
      if (have == p.groups) break;
    }
    if (have < p.groups) continue;
    if (p.within > 0 && charCount(text, occ[s].b, end) > static_cast<size_t>(p.within) + 4) continue;
    if (p.clause && clauseBreakBetween(occ[s].b, end)) continue;
    *ob = occ[s].b;
    *oe = end;
    return true;
  }
  return false;
}

Status RuleMatcher::match(const std::string& text, MatchResult* out) const {
  out->intents.clear();
  out->flags.clear();
  out->spans.clear();
  out->confirmations = 0;
  // Per-thread scratch buffers: matching allocates nothing in the steady state.
  thread_local std::vector<int> hits;
  thread_local std::vector<std::pair<int, int>> events;
  thread_local std::vector<int> atoms;
  thread_local std::vector<int> potentials;
  hits.clear();
  events.clear();
  atoms.clear();
  potentials.clear();
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
  std::sort(hits.begin(), hits.end());
  // (pattern, group) events; then a pattern is satisfied once all its groups were seen.
  for (int lit : hits) {
    if (literal_atom_[lit] >= 0) atoms.push_back(literal_atom_[lit]);
    // Digits are tokens: a literal with a digit edge counts only outside longer digit runs.
    if (literal_digit_edge_[lit] && findToken(text, literals_[lit]) == std::string::npos) continue;
    for (const LiteralRef& ref : literal_refs_[lit]) events.emplace_back(ref.pattern, ref.group);
  }
  struct Sat {
    int pattern;
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
    const int need = pattern_groups_[static_cast<size_t>(pid)];
    if (need == 0) {
      satisfied.push_back({pid, 0, 0, false});
    } else if (__builtin_popcountll(mask) == need) {
      if (pattern_prox_[static_cast<size_t>(pid)]) {
        size_t b = 0, e = 0;
        if (proximityHolds(patterns_[pid], text, hits, &b, &e)) satisfied.push_back({pid, b, e, true});
      } else {
        satisfied.push_back({pid, 0, 0, false});
      }
    }
  }
  if (!regex_pattern_.empty()) {
    filtered_->AllPotentials(atoms, &potentials);
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
          satisfied.push_back({regex_pattern_[rid], b, e, true});
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
    const int ra = patterns_[a.pattern].rule, rb = patterns_[b.pattern].rule;
    return ra != rb ? ra < rb : a.pattern < b.pattern;
  });
  // Every occurrence of a non-intent rule matters only when some modifier scopes a clause;
  // otherwise the first occurrence of each literal says all.
  bool any_modifier = false;
  for (const Sat& x : satisfied) any_modifier |= rule_is_modifier_[patterns_[x.pattern].rule] != 0;
  for (size_t i = 0; i < satisfied.size();) {
    const int rule = patterns_[satisfied[i].pattern].rule;
    size_t j = i;
    bool excluded = false;
    RuleHit hit;
    hit.rule = rule;
    hit.priority = rules_[rule]->priority;
    double best_weight = -1;
    size_t best_len = 0;
    size_t end_of_rule = i;
    while (end_of_rule < satisfied.size() && patterns_[satisfied[end_of_rule].pattern].rule == rule) {
      excluded |= patterns_[satisfied[end_of_rule].pattern].exclude;
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
        spanOf(p, text, hits, &s.b, &s.e);
      }
      if (non_intent) {
        if (hit.span_count == 0) hit.span_first = static_cast<uint32_t>(out->spans.size());
        const size_t before = out->spans.size();
        if (p.kind == PatternKind::kKeyword) {
          forHitLiterals(p.literal_index, hits, [&](int ki) {
            const size_t k = static_cast<size_t>(ki);
            const std::string& lit = p.literals[k];
            for (size_t at = findToken(text, lit); at != std::string::npos;
                 at = findToken(text, lit, at + 1)) {
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
