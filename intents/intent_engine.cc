#include "intents/intent_engine.h"

#include "core/log.h"
#include "core/text.h"

namespace gg {
namespace {

Explanation explain(const Rule& rule, const RuleHit& hit, const NormalizedText& norm,
                    std::string_view original) {
  Explanation e;
  e.rule = rule.id;
  const Pattern& p = rule.patterns[static_cast<size_t>(hit.pattern)];
  e.pattern = p.display;
  e.normalized_span = Span{hit.begin, hit.end};
  auto [b, en] = norm.toOriginal(hit.begin, hit.end);
  e.span = Span{b, en};
  e.matched = std::string(original.substr(b, en - b));
  return e;
}

}  // namespace

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
  pack->extractor_ = std::make_unique<EntityExtractor>(gaz.value());
  pack->categories_ = source.categories;
  pack->files_ = source.files;
  return std::shared_ptr<const RulePack>(std::move(pack));
}

const Category* RulePack::category(const std::string& id) const {
  for (const Category& c : categories_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

Result<Classification> RulePack::classify(std::string_view text, bool asr) const {
  if (text.size() > kMaxClassifyBytes) {
    return tooLarge("message of " + std::to_string(text.size()) + " bytes exceeds " +
                    std::to_string(kMaxClassifyBytes));
  }
  if (!isValidUtf8(text)) return invalidArgument("message is not valid UTF-8");
  const NormalizedText norm = normalizer_->normalize(text, asr);
  MatchResult mr;
  GG_RETURN_IF_ERROR(matcher_->match(norm.text, &mr));

  Classification c;
  c.text = std::string(text);
  c.normalized = norm.text;
  c.confirmations = mr.confirmations;
  const auto& rules = matcher_->rules();
  for (const RuleHit& h : mr.intents) {
    Candidate cand;
    cand.intent = rules[h.rule]->id;
    cand.priority = h.priority;
    cand.score = h.score;
    cand.explanation = explain(*rules[h.rule], h, norm, text);
    c.candidates.push_back(std::move(cand));
  }
  if (!mr.intents.empty()) {
    const RuleHit& top = mr.intents.front();
    const Rule& r = *rules[top.rule];
    c.intent = r.id;
    c.label = r.label;
    c.category = r.category;
    const Category* cat = category(r.category);
    c.category_label = cat ? cat->label : "";
    c.dept_class = !r.dept_class.empty() ? r.dept_class : (cat ? cat->dept_class : "");
    c.kind = r.kind;
    c.urgency = r.urgency;
    c.owner = r.owner;
    c.deadline_class = r.deadline;
    c.score = top.score;
    c.explanation = c.candidates.front().explanation;
    c.flags.emergency = r.urgency == "emergency";
    c.flags.complaint = r.kind == "complaint";
  }
  for (const RuleHit& h : mr.flags) {
    const Rule& r = *rules[h.rule];
    if (r.id == "emergency") c.flags.emergency = true;
    if (r.id == "complaint") c.flags.complaint = true;
    if (r.id == "negative") c.flags.negative = true;
    if (r.id == "escalation_threat") c.flags.escalation_threat = true;
    c.flag_explanations.push_back(explain(r, h, norm, text));
  }
  // An escalation threat or a complaint is also negative: the opinion watch counts all three.
  if (c.flags.escalation_threat || c.flags.complaint) c.flags.negative = true;
  c.entities = extractor_->extract(norm);
  return c;
}

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
        for (const auto& e : c.flag_explanations) {
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

Status IntentEngine::install(Result<RulePackSource> source, std::vector<Place> places) {
  std::lock_guard<std::mutex> reload_lock(reload_mu_);
  auto fail = [&](const Status& s) {
    reloads_failed_.fetch_add(1);
    log::warn("intents: rule pack rejected, keeping the running pack: {}", s.message());
    return s;
  };
  if (!source.isOk()) return fail(source.status());
  auto built = RulePack::build(source.value(), std::move(places), nullptr);
  if (!built.isOk()) return fail(built.status());
  const auto failures = built.value()->runExamples();
  if (!failures.empty()) {
    return fail(invalidArgument(std::to_string(failures.size()) + " rule example(s) failed:\n" +
                                formatExampleFailures(failures)));
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    pack_ = built.value();
  }
  reloads_ok_.fetch_add(1);
  log::info("intents: rule pack loaded intents={} examples={} files={}",
            built.value()->intentCount(), built.value()->exampleCount(),
            built.value()->files().size());
  return Status::ok();
}

Status IntentEngine::reload(const std::vector<std::string>& pack_paths, std::vector<Place> places) {
  return install(loadRulePackFiles(pack_paths), std::move(places));
}

Status IntentEngine::reloadFromConfig(const std::string& config_dir, std::vector<Place> places) {
  auto paths = rulePackPathsForConfig(config_dir);
  if (!paths.isOk()) {
    reloads_failed_.fetch_add(1);
    return paths.status();
  }
  return reload(paths.value(), std::move(places));
}

Status IntentEngine::reloadFromSource(const RulePackSource& source, std::vector<Place> places) {
  Status v = validateRulePack(source);
  if (!v.isOk()) return install(v, std::move(places));
  return install(source, std::move(places));
}

std::shared_ptr<const RulePack> IntentEngine::pack() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pack_;
}

Result<Classification> IntentEngine::classify(std::string_view text, bool asr) const {
  auto p = pack();
  if (!p) return unavailable("no rule pack loaded");
  auto r = p->classify(text, asr);
  if (!r.isOk() && r.status().code() == Code::kResourceExhausted) match_errors_.fetch_add(1);
  return r;
}

}  // namespace gg
