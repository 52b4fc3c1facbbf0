// A pack's examples as its tests: runExamples classifies every example and reports the ones that
// did not behave as written.
#include "core/text.h"
#include "intents/intent_engine.h"

namespace gg {

size_t RulePack::exampleCount() const {
  size_t n = 0;
  for (const Rule* r : matcher_->rules()) {
    n += r->examples.match.size() + r->examples.no_match.size() + r->examples.asr_match.size();
  }
  return n;
}

std::vector<ExampleFailure> RulePack::runExamples() const {
  std::vector<ExampleFailure> failures;
  auto describe = [](const Classification& c) {
    std::string s = c.hasIntent() ? "intent=" + c.intent + " via " + c.explanation.pattern +
                                        " on '" + c.explanation.matched + "'"
                                  : std::string("no intent");
    if (c.candidates.size() > 1) {
      s += "; candidates:";
      for (const auto& cand : c.candidates) {
        s += " " + cand.intent + "(p" + std::to_string(cand.priority) + ",s" +
             std::to_string(cand.score).substr(0, 4) + ")";
      }
    }
    s += "; normalized='" + c.normalized + "'";
    return s;
  };
  for (const Rule* r : matcher_->rules()) {
    auto check = [&](const std::string& text, const char* expected, bool asr, bool want) {
      auto res = classify(text, asr);
      if (!res.isOk()) {
        failures.push_back({r->id, expected, text, "error: " + res.status().toString()});
        return;
      }
      const Classification& c = res.value();
      bool ok;
      std::string got = describe(c);
      if (r->is_flag) {
        bool set = false;
        const auto& list = r->type == RuleType::kFlag ? c.flag_explanations : c.rule_explanations;
        for (const auto& e : list) {
          if (e.rule == r->id) {
            set = true;
            got = "flag set via " + e.pattern + " on '" + e.matched + "'";
          }
        }
        ok = set == want;
        if (!set) got = "flag not set; normalized='" + c.normalized + "'";
      } else if (want) {
        ok = c.intent == r->id;
      } else {
        ok = true;
        for (const auto& cand : c.candidates) {
          if (cand.intent == r->id) {
            ok = false;
            got = "matched via " + cand.explanation.pattern + " on '" +
                  cand.explanation.matched + "'";
          }
        }
      }
      if (!ok) failures.push_back({r->id, expected, text, got});
    };
    for (const auto& t : r->examples.match) check(t, "match", false, true);
    for (const auto& t : r->examples.asr_match) check(t, "asr_match", true, true);
    for (const auto& t : r->examples.no_match) check(t, "no_match", false, false);
  }
  return failures;
}

std::string formatExampleFailures(const std::vector<ExampleFailure>& failures) {
  std::string out;
  for (const auto& f : failures) {
    out += "FAIL " + f.rule + " [" + f.expected + "] \"" + maskPhonesInText(f.text) +
           "\"\n     got: " + maskPhonesInText(f.got) + "\n";
  }
  return out;
}

}  // namespace gg
