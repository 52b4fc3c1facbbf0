#pragma once
// The intent engine the server, the pipeline and the CLI share: a compiled rule pack behind a
// shared_ptr that reload() swaps in one step. reload() builds the new pack completely (load,
// validate, compile, run every example) and keeps the running pack on any error, so a bad edit
// to the rules never takes the bot down (issue #3, "hot reload"). classify() is const and
// thread-safe; each call holds its own reference to the pack it started with.

#include <atomic>
#include <unordered_map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "intents/classification.h"
#include "intents/entities.h"
#include "intents/gazetteer.h"
#include "intents/normalizer.h"
#include "intents/rule_matcher.h"
#include "intents/rule_pack.h"

namespace gg {

// Longest message classified; longer ones are refused (kTooLarge) before any work is done.
constexpr size_t kMaxClassifyBytes = 64 * 1024;

// An example of the pack that did not behave as written, with what happened instead.
struct ExampleFailure {
  std::string rule;      // intent or flag id
  std::string expected;  // "match" | "no_match" | "asr_match"
  std::string text;
  std::string got;       // what the engine said (primary intent / flags / matching pattern)
};

// A compiled, immutable rule pack with everything needed to classify.
class RulePack {
 public:
  // Compiles source with the given places (may be empty). Does not run the examples.
  // A null normalizer means Normalizer::shared(). Fails like RuleMatcher::compile.
  static Result<std::shared_ptr<const RulePack>> build(
      const RulePackSource& source, std::vector<Place> places,
      std::shared_ptr<const Normalizer> normalizer);

  // Classifies one message (see IntentEngine::classify).
  Result<Classification> classify(std::string_view text, bool asr) const;

  // Classifies a formal letter: the title's reading counts first when it names a topic (a
  // background topic in the body must not outrank the request), else the whole letter.
  Result<Classification> classifyLetter(std::string_view title, std::string_view body) const;

  // The pack's own normaliser pass (typo/homophone/dialect tables, hotline openings and
  // fillers) applied after the shared Normalizer; offsets still map to the original text.
  NormalizedText applyTables(NormalizedText in, bool asr) const;
  // Same without copies: returns in when no table entry applies, else *changed_out (its
  // buffers reused) holding the result.
  const NormalizedText& applyTablesTo(const NormalizedText& in, bool asr,
                                      NormalizedText* changed_out) const;

  // Runs every example of every intent and flag; returns the failures (empty = all pass).
  // Examples are classified by this pack; a "match" example must make the intent primary, a
  // "no_match" example must not make it match at all; flags must be set / not set.
  std::vector<ExampleFailure> runExamples() const;

  // Returns the total number of examples runExamples() checks.
  size_t exampleCount() const;

  // Accessors for the compiled parts (benchmarks, metrics, the CLI summary).
  const RuleMatcher& matcher() const { return *matcher_; }
  const Normalizer& normalizer() const { return *normalizer_; }
  const std::vector<std::string>& files() const { return files_; }
  size_t intentCount() const { return static_cast<size_t>(matcher_->intentCount()); }

  RulePack() = default;  // use build(); public only for std::make_shared

 private:
  const Category* category(const std::string& id) const;
  // letter: a formal letter (its main request is the reading, not its most urgent aside).
  Result<Classification> classifyImpl(std::string_view text, bool asr, bool letter) const;
  // The work of classifyImpl, into *out (a fresh Classification).
  Status classifyInto(std::string_view text, bool asr, bool letter, Classification* out) const;
  // Sets *blanked to normalized with every place name the gazetteer knows blanked, byte for
  // byte, and returns true; returns false (blanked untouched) when it names no place, so the
  // caller matches normalized itself without a copy.
  bool withoutPlaceNames(const std::string& normalized, std::string* blanked) const;

  std::shared_ptr<const Normalizer> normalizer_;
  std::unique_ptr<RuleMatcher> matcher_;
  std::unique_ptr<EntityExtractor> extractor_;
  std::shared_ptr<const Gazetteer> gazetteer_;  // place names, blanked before topic rules run
  std::vector<Category> categories_;
  // Looked up once at build time, as the reading needs them for most messages: each intent's
  // category (by rule index) and the "social" category.
  std::vector<const Category*> intent_category_;
  const Category* social_category_ = nullptr;
  std::vector<std::string> files_;
  NormalizeTables tables_;  // normalized with normalizer_
  // First character (its bytes packed by firstCharKey) -> replacement entries starting with it,
  // and a bit per hashed key: most characters of a message start no entry and skip the lookup.
  std::unordered_map<uint64_t, std::vector<size_t>> replace_index_;
  std::vector<uint64_t> replace_first_bits_;
};

// Formats failures for a person: one block per failure with its explanation.
std::string formatExampleFailures(const std::vector<ExampleFailure>& failures);

class IntentEngine {
 public:
  IntentEngine() = default;
  IntentEngine(const IntentEngine&) = delete;
  IntentEngine& operator=(const IntentEngine&) = delete;

  // Loads the pack files (directories of *.json or files), compiles them with places, runs every
  // example, and on success swaps the new pack in. On any error (unreadable file, bad JSON,
  // unknown category, bad regex, DFA budget, a failing example) returns it and keeps the pack
  // that was running (if any). Safe to call while other threads classify.
  Status reload(const std::vector<std::string>& pack_paths, std::vector<Place> places);

  // Same, from a config directory: pack paths from <config_dir>/gridgate.json "rule_packs"
  // (default ../rules/zh) and the places given (the caller loads the org).
  Status reloadFromConfig(const std::string& config_dir, std::vector<Place> places);

  // Builds from an in-memory source (tests, embedding); same all-or-nothing contract.
  Status reloadFromSource(const RulePackSource& source, std::vector<Place> places);

  // Classifies text (a chat line, or a hotline transcript when asr is true). Fails with
  // kUnavailable before any pack was loaded, kTooLarge above kMaxClassifyBytes,
  // kInvalidArgument for invalid UTF-8 and kResourceExhausted when the matcher's DFA budget is
  // exhausted. A message no rule understands is a success with an empty intent.
  Result<Classification> classify(std::string_view text, bool asr) const;

  // Returns the running pack (null before the first successful reload).
  std::shared_ptr<const RulePack> pack() const;

  // Counters for /metrics: successful and rejected reloads, matcher errors.
  uint64_t reloadsOk() const { return reloads_ok_.load(); }
  uint64_t reloadsFailed() const { return reloads_failed_.load(); }
  uint64_t matchErrors() const { return match_errors_.load(); }

 private:
  Status install(Result<RulePackSource> source, std::vector<Place> places);

  // A mutex rather than std::atomic<std::shared_ptr>: the critical section is one refcount copy,
  // and it keeps the swap obviously correct with GCC 12's library.
  mutable std::mutex mu_;
  std::shared_ptr<const RulePack> pack_;
  std::mutex reload_mu_;  // one reload at a time
  std::atomic<uint64_t> reloads_ok_{0};
  std::atomic<uint64_t> reloads_failed_{0};
  mutable std::atomic<uint64_t> match_errors_{0};
};

}  // namespace gg
