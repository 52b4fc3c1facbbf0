// RuleMatcher::compile: a rule pack source flattened into patterns, the literal automaton and the
// FilteredRE2 of its regexes (see rule_matcher.h for the design).
#include <algorithm>
#include <map>
#include <unordered_map>

#include "intents/rule_matcher.h"
#include "intents/text_bytes.h"

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

// How many quiet atom sets compile() builds (RuleMatcher::always_); bits of LiteralInfo::quiet.
constexpr int kQuietSets = 4;

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
    m->pattern_rule_.push_back(cp.rule);
    m->pattern_exclude_.push_back(cp.exclude);
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
  std::map<int, uint8_t> quiet_atoms;  // literal id -> its quiet sets (bits)
  if (!m->regex_pattern_.empty()) {
    std::vector<std::string> atoms;
    m->filtered_->Compile(&atoms);
    for (int a = 0; a < static_cast<int>(atoms.size()); ++a) {
      m->literal_atom_[literalId(atoms[a])] = a;
    }
    // Regexes that pass the filter with no atom at all are confirmed on every message.
    std::vector<int>& always = m->always_;
    m->filtered_->AllPotentials({}, &always);
    // The quiet sets (see always_), shorter atoms first: they are the ones most messages hold
    // (single characters of lexicon alternations). Each further set starts with the atoms no
    // earlier set took, so an atom left out for clashing with another gets a set of its own.
    std::vector<int> order(atoms.size());
    for (size_t a = 0; a < atoms.size(); ++a) order[a] = static_cast<int>(a);
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
      return atoms[static_cast<size_t>(x)].size() < atoms[static_cast<size_t>(y)].size();
    });
    std::vector<uint8_t> in_sets(atoms.size(), 0);
    std::vector<int> quiet, pots;
    for (int k = 0; k < kQuietSets; ++k) {
      std::vector<int> k_order;
      for (int a : order) if (!in_sets[static_cast<size_t>(a)]) k_order.push_back(a);
      for (int a : order) if (in_sets[static_cast<size_t>(a)]) k_order.push_back(a);
      quiet.clear();
      for (int a : k_order) {
        quiet.push_back(a);
        m->filtered_->AllPotentials(quiet, &pots);
        if (pots != always) quiet.pop_back();
      }
      for (int a : quiet) {
        in_sets[static_cast<size_t>(a)] |= static_cast<uint8_t>(1u << k);
        quiet_atoms[literalId(atoms[static_cast<size_t>(a)])] |= static_cast<uint8_t>(1u << k);
      }
    }
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
  // Last: regex atoms above may have added literals (with no references).
  m->ref_first_.push_back(0);
  for (auto& refs : m->literal_refs_) {
    m->refs_.insert(m->refs_.end(), refs.begin(), refs.end());
    m->ref_first_.push_back(static_cast<uint32_t>(m->refs_.size()));
  }
  m->literal_refs_ = {};
  for (size_t l = 0; l < m->literals_.size(); ++l) {
    const std::string& lit = m->literals_[l];
    m->lit_info_.push_back({m->literal_atom_[l], m->ref_first_[l], m->ref_first_[l + 1],
                            static_cast<uint32_t>(lit.size()), !lit.empty() && isDigit(lit.front()),
                            !lit.empty() && isDigit(lit.back()),
                            quiet_atoms.count(static_cast<int>(l)) ? quiet_atoms[static_cast<int>(l)]
                                                                   : uint8_t{0}});
  }
  for (size_t pid = 0; pid < m->patterns_.size(); ++pid) {
    m->pat_info_.push_back({m->pattern_rule_[pid], m->pattern_groups_[pid],
                            m->pattern_prox_[pid] != 0, m->pattern_exclude_[pid] != 0});
  }
  m->scanner_.build(m->literals_);
  if (static_cast<int64_t>(m->scanner_.memoryBytes()) > source.options.max_mem) {
    return resourceExhausted("rule pack: the literal automaton of " +
                             std::to_string(m->literals_.size()) + " literals needs " +
                             std::to_string(m->scanner_.memoryBytes()) + " bytes, over max_mem=" +
                             std::to_string(source.options.max_mem) + " bytes");
  }
  return m;
}

}  // namespace gg
