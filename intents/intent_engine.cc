// IntentEngine: the running pack behind a shared_ptr, all-or-nothing reloads, classify.
#include "intents/intent_engine.h"

#include "core/log.h"

namespace gg {

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
