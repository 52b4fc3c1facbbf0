#pragma once
// The rule pack as written by people: JSON files (comments allowed) holding categories (the
// first level of the taxonomy), intents (the second level) and flag rules (emergency, complaint,
// negative, escalation_threat). Several files are merged. This header is the data model and the
// loader with validation of everything that does not need compiling; intents/rule_matcher.h
// compiles it, intents/intent_engine.h runs the examples.
//
// File format (config/rules/zh/README.md is the full reference):
//   { "options": {"max_mem_mb": 32},
//     "categories": [{"id": "facility", "label": "设施报修", "dept_class": "城乡建设"}],
//     "intents": [{"id": "lift_trapped", "label": "电梯困人", "category": "facility",
//                  "owner": "property", "urgency": "emergency", "kind": "need",
//                  "deadline": "immediate", "priority": 90,
//                  "keywords": ["困在电梯"], "regex": ["电梯.{0,6}困"],
//                  "all": [[["电梯"], ["困", "关在里面"]]],
//                  "exclude": ["电梯广告"],
//                  "examples": {"match": ["电梯里困了个老人"], "no_match": ["电梯广告太吵"]}}],
//     "flags": [{"id": "escalation_threat", "keywords": ["打12345"], "examples": {...}}] }

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/urgency.h"

namespace gg {

enum class PatternKind { kKeyword, kRegex, kAll };

// One way a rule can match: a literal keyword, an RE2 regex, or a co-occurrence of groups (every
// group must have at least one of its terms somewhere in the message).
struct Pattern {
  PatternKind kind = PatternKind::kKeyword;
  std::string text;                             // keyword or regex (normalized form for keywords)
  std::vector<std::vector<std::string>> groups;  // kAll only
  double weight = 1.0;
  std::string display;  // how explanations name it: "kw:…", "re:…", "all:[a|b]+[c|d]"
  // kAll (v2): the terms chosen from each group must lie within `within` characters of each
  // other (first to last character; 0 = anywhere in the message) and, when clause is true, in
  // one clause (no ，。！？；… between them).
  int within = 0;
  bool clause = false;
};

struct Examples {
  std::vector<std::string> match;
  std::vector<std::string> no_match;
  std::vector<std::string> asr_match;  // classified as hotline transcripts
};

// What a rule is for. Intents name the topic; the others are v2 rule kinds matched in the same
// pass: flags (opinion watch), acts (the speech act: need|question|complaint|social|resolved),
// modifiers (negation|resolution|hypothesis|quotation, scoped to a clause or the message) and
// contexts (raise the urgency of the reading: people at risk, fire signs, gas, live wires…).
enum class RuleType { kIntent, kFlag, kAct, kModifier, kContext };

// An intent (is_flag=false) or a flag rule (is_flag=true, id = the flag's name).
struct Rule {
  std::string id;
  std::string label;
  std::string category;
  std::string dept_class;  // empty = the category's
  std::string owner = "grid";
  Urgency urgency = Urgency::kNormal;
  std::string kind = "need";
  std::string deadline = "24h";
  int priority = 0;
  bool is_flag = false;  // true for every non-intent rule (flags, acts, modifiers, contexts)
  RuleType type = RuleType::kIntent;
  std::string name;      // acts/modifiers: the act or modifier name (several rules may share one)
  std::string scope = "clause";  // modifiers: clause | message
  Urgency raise = Urgency::kNormal;  // contexts: urgent | emergency; kNormal raises nothing
  std::vector<std::string> only_categories;  // contexts: apply only to these categories (empty = all)
  std::string adopt_intent;  // contexts: the intent a topic-less emergency is filed as
  std::vector<Pattern> patterns;
  std::vector<Pattern> excludes;
  Examples examples;
  std::string origin;  // "file: intents[3]" for error messages
};

struct Category {
  std::string id;
  std::string label;
  std::string dept_class;
};

struct PackOptions {
  int64_t max_mem = int64_t{32} << 20;  // RE2 budget for the prefilter Set and each regex
  double min_score = 1.0;               // an intent below this score is not reported
};

// One entry of the pack's normaliser tables (typos, homophones, dialect): `from` becomes `to`
// unless the next text starts with one of not_before or the previous text ends with one of
// not_after (著 -> 着 except 著名, 显著). asr_only entries apply to hotline transcripts only.
struct Replacement {
  std::string from;
  std::string to;
  std::vector<std::string> not_before;
  std::vector<std::string> not_after;
  bool asr_only = false;
};

struct NormalizeTables {
  std::vector<Replacement> replace;
  std::vector<std::string> openings;  // asr: dropped at the start of a transcript (喂/你好/您好…)
  std::vector<std::string> fillers;   // asr: dropped anywhere (那个/就是说/嗯…)
};

struct RulePackSource {
  PackOptions options;
  std::vector<Category> categories;
  std::vector<Rule> intents;
  std::vector<Rule> flags;  // flags, acts, modifiers and contexts (Rule::type tells them apart)
  // Concept lexicons: name -> terms. `@name` inside a keyword, an `all` term or a regex stands
  // for any of the terms (terms may use other lexicons). Expanded when the pack compiles.
  std::map<std::string, std::vector<std::string>> lexicons;
  NormalizeTables normalize;
  std::vector<std::string> files;  // the files merged, in order
};

// First-level classes of the 12345 taxonomy (../shared/data) plus "其他" and "无" (social talk).
const std::vector<std::string>& knownDeptClasses();

// Names of the flags a flag rule may set.
const std::vector<std::string>& knownFlags();

// Expands `@name` references of text with the lexicons: the list of literal strings it stands
// for (the cartesian product when several references occur). Unknown names are problems.
std::vector<std::string> expandLexicon(const std::string& text,
                                       const std::map<std::string, std::vector<std::string>>& lex,
                                       std::string* problem);

// Expands `@name` in a regex to a non-capturing alternation of the lexicon's terms (quoted).
std::string expandLexiconRegex(const std::string& re,
                               const std::map<std::string, std::vector<std::string>>& lex,
                               std::string* problem);

// Loads and merges every path: a directory contributes its *.json files in name order, a file
// itself. Validates ids (unique, [a-z0-9_]), categories, enums (urgency, kind, flag names),
// dept classes and that each rule has at least one pattern. Regexes are NOT compiled here.
// On failure the message lists every problem, one per line, each prefixed by file and rule.
Result<RulePackSource> loadRulePackFiles(const std::vector<std::string>& paths);

// Parses one pack document (already parsed JSON text) into source, appending to it; origin names
// the file in errors. Used by loadRulePackFiles and by tests that build packs in memory.
Status parseRulePack(const std::string& json_text, const std::string& origin,
                     RulePackSource* source);

// Checks cross-references after all files are merged (categories exist, ids unique).
Status validateRulePack(const RulePackSource& source);

// Returns the rule_packs of config_dir/gridgate.json resolved against config_dir, or the default
// {config_dir/../rules/zh} when the file or key is absent. A malformed gridgate.json is an error.
Result<std::vector<std::string>> rulePackPathsForConfig(const std::string& config_dir);

}  // namespace gg
