#pragma once
// The compiled form of a rule pack: every literal of every rule (keywords, co-occurrence terms,
// exclusions and the required literals ("atoms") of each regex) in ONE Aho-Corasick automaton
// (intents/literal_scanner.h), run in one pass over the normalized message that also keeps where
// each literal occurs; regexes are then confirmed only when their atoms were seen
// (re2::FilteredRE2's AND/OR prefilter tree), as ../shared/performance-notes.md A1/A5 advise:
// literals stay a small automaton, while gaps such as `.{0,8}` would blow up a DFA.
// Keyword and co-occurrence patterns need no confirmation at all: the prefilter's answer is
// final, and their spans come from the occurrences it kept (no second search of the text).
//
// The memory budget is explicit (PackOptions::max_mem): the automaton must fit it at compile
// time (kResourceExhausted otherwise), and each regex is compiled with it.

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "intents/literal_scanner.h"
#include "intents/normalizer.h"
#include "intents/rule_pack.h"

namespace gg {

// One rule that matched a message. Offsets are bytes of the normalized text.
struct RuleHit {
  int rule = -1;  // index into RuleMatcher::rules()
  int priority = 0;
  double score = 0;
  int pattern = -1;  // index into the rule's patterns: the best one that matched
  size_t begin = 0;
  size_t end = 0;
  // Non-intent rules only (acts, modifiers, contexts, flags): every place the rule matched
  // (every occurrence of its keywords, the span of each co-occurrence and regex), so clause
  // scoping can ask "is there any occurrence outside a negated/quoted clause?". They are
  // MatchResult::spans[span_first, span_first + span_count).
  uint32_t span_first = 0;
  uint32_t span_count = 0;
};

struct MatchResult {
  // Ranked best first by score (sum of the weights of the distinct patterns that matched,
  // times 1 + priority/100), then priority, longer span, earlier span, and id.
  std::vector<RuleHit> intents;
  std::vector<RuleHit> flags;    // in pack order
  std::vector<std::pair<size_t, size_t>> spans;  // occurrences of non-intent rules (RuleHit)
  int confirmations = 0;         // regexes run after the prefilter
};

// Digits are tokens: returns the first occurrence of lit in text at or after from whose digit
// edges do not continue a longer digit run ("119" is not inside "370283199001011195"), or npos.
size_t findToken(const std::string& text, const std::string& lit, size_t from = 0);

// True when the byte at i of text ends a clause: ，。！？；,.!?; or a space, newline, ~.
bool isClauseBreak(const std::string& text, size_t i, size_t* len);

class RuleMatcher {
 public:
  // Compiles source: keywords and co-occurrence terms are normalized with normalizer (so a pack
  // may be written in traditional or full-width characters), regexes are compiled with RE2 and
  // source.options.max_mem. Fails with kInvalidArgument naming the rule and pattern for a bad
  // regex, and kResourceExhausted when the literal automaton does not fit max_mem.
  static Result<std::unique_ptr<RuleMatcher>> compile(const RulePackSource& source,
                                                      const Normalizer& normalizer);

  // Matches the normalized text. Returns a Status for the interface's sake (callers treat
  // kResourceExhausted as a budget problem); with the automaton sized at compile time, matching
  // itself has no budget to run out of. An empty result is a valid "nothing matched".
  Status match(const std::string& text, MatchResult* out) const;

  // Returns the rules, intents first then flags, in pack order.
  const std::vector<const Rule*>& rules() const { return rules_; }
  // Returns how many of rules() are intents (the rest are flags).
  int intentCount() const { return intent_count_; }
  // Returns the number of distinct literals in the prefilter (for metrics and tests).
  size_t literalCount() const { return literals_.size(); }
  // Returns the number of regexes confirmed through FilteredRE2.
  size_t regexCount() const { return regex_pattern_.size(); }
  // Returns lint warnings found at compile time (pack still valid): regexes with no literal
  // (they run on every message), `\b` (ASCII-only in RE2, wrong next to Chinese).
  const std::vector<std::string>& warnings() const { return warnings_; }

  RuleMatcher() = default;  // use compile(); public only for std::make_unique
  // Not copyable: owns RE2 objects.
  RuleMatcher(const RuleMatcher&) = delete;
  RuleMatcher& operator=(const RuleMatcher&) = delete;

 private:
  // A pattern of some rule, flattened.
  struct CPattern {
    int rule = -1;
    int index = -1;  // index in the rule's patterns or excludes
    bool exclude = false;
    PatternKind kind = PatternKind::kKeyword;
    double weight = 1.0;
    int groups = 0;                                // kAll: number of groups
    std::vector<std::vector<std::string>> terms;   // kAll: normalized terms per group
    std::vector<std::string> literals;             // kKeyword: normalized literal(s) (@lexicon)
    std::vector<int> literal_ids;                  // kKeyword: their ids in literals_
    // kKeyword of a non-intent rule: all its keywords are ONE pattern (they only need to say
    // where the rule matched); literal_origin is each literal's pattern index in the rule.
    std::vector<int> literal_origin;
    // Sorted (literal id, index) pairs of literal_ids / term_ids per group, so the few literals
    // the prefilter found are looked up in the pattern (not every term of a big lexicon).
    std::vector<std::pair<int, int>> literal_index;
    std::vector<std::vector<std::pair<int, int>>> term_index;
    std::vector<std::vector<int>> term_ids;        // kAll: ids of terms, per group
    int within = 0;                                // kAll: max span in characters (0 = any)
    bool clause = false;                           // kAll: all terms in one clause
  };
  struct LiteralRef {
    int pattern;
    int group;  // -1 for a keyword
  };

  // What the prefilter found in one message: the literals (sorted ids) and, for lits[k], its
  // occurrences that are tokens (a digit edge does not continue a longer digit run), as begin
  // offsets in increasing order: pos[first[k] .. first[k] + count[k]). A literal seen only
  // inside longer digit runs is in lits with count 0 (its regex atom still counts).
  struct Hits {
    std::vector<int> lits;
    std::vector<uint32_t> first;
    std::vector<uint32_t> count;
    std::vector<uint32_t> pos;
  };

  void spanOf(const CPattern& p, const Hits& hits, size_t* b, size_t* e) const;
  // kAll with within/clause: true when one term of every group can be chosen close enough.
  bool proximityHolds(const CPattern& p, const std::string& text, const Hits& hits, size_t* b,
                      size_t* e) const;

  RulePackSource source_;
  std::vector<const Rule*> rules_;
  int intent_count_ = 0;
  std::vector<CPattern> patterns_;
  // Dense per-pattern facts read for every touched pattern (CPattern itself is only loaded
  // for the satisfied ones): groups needed (0 = keyword), and whether proximity applies.
  std::vector<int8_t> pattern_groups_;
  std::vector<char> rule_is_modifier_;  // per rule: a modifier (scopes need every occurrence)
  std::vector<char> pattern_prox_;
  std::vector<std::string> literals_;
  std::vector<std::vector<LiteralRef>> literal_refs_;  // at compile time; then flattened:
  // literal l's (pattern, group) references are refs_[ref_first_[l] .. ref_first_[l + 1]), one
  // contiguous array read for every literal a message holds.
  std::vector<uint32_t> ref_first_;
  std::vector<LiteralRef> refs_;
  std::vector<int> pattern_rule_;       // per pattern: its rule (dense copy of CPattern::rule)
  std::vector<char> pattern_exclude_;   // per pattern: an exclusion
  std::vector<int> literal_atom_;  // literal -> FilteredRE2 atom id, or -1
  std::vector<char> literal_digit_edge_;  // literal starts or ends with a digit: check tokens
  // What match() reads per literal a message holds and per pattern it touches, packed so each
  // costs one cache line instead of one per array above (built last in compile()).
  struct LiteralInfo {
    int32_t atom;        // literal_atom_
    uint32_t ref_first;  // ref_first_[l]
    uint32_t ref_end;    // ref_first_[l + 1]
    uint32_t size;       // bytes
    bool digit_front;    // starts with a digit (a token check at its front)
    bool digit_back;     // ends with a digit
    uint8_t quiet;       // bit k: an atom of quiet set k (see always_)
  };
  struct PatternInfo {
    int32_t rule;
    int8_t groups;  // pattern_groups_
    bool prox;      // pattern_prox_
    bool exclude;   // pattern_exclude_
  };
  std::vector<LiteralInfo> lit_info_;
  std::vector<PatternInfo> pat_info_;
  LiteralScanner scanner_;
  std::unique_ptr<re2::FilteredRE2> filtered_;
  std::vector<int> regex_pattern_;  // FilteredRE2 regex id -> pattern
  // FilteredRE2::AllPotentials with no atom (the regexes with no literal, sorted). Its prefilter
  // is monotone (AND/OR of atoms), so for any atoms that are all in one set Q whose potentials
  // are just always_, the answer is always_ again; compile() grows a few such sets atom by atom
  // (LiteralInfo::quiet), and match() skips the call (it allocates per call) when every atom it
  // saw is in one of them.
  std::vector<int> always_;
  std::vector<std::string> warnings_;
};

}  // namespace gg
