#include "app/cmd_intents.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "intents/intent_engine.h"
#ifdef GG_HAVE_ORG_LOADER
#include "org/loader.h"
#endif

namespace gg {
namespace {

struct IntentOptions {
  std::string config_dir = "config/demo";
  std::string text;
  bool asr = false;
  bool reveal_phones = false;
};

// Loads the places of the config's org for the gazetteer. A config without an org (or a build
// without the org loader) classifies without places: entities then carry no grid.
std::vector<Place> loadPlaces(const std::string& config_dir) {
#ifdef GG_HAVE_ORG_LOADER
  auto org = loadOrg(config_dir);
  if (org.isOk()) return placesFromOrg(*org.value());
  std::cerr << "warning: org not loaded, places unknown: " << org.status().message() << "\n";
#else
  (void)config_dir;
#endif
  return {};
}

// Builds the pack without running the examples, so classify works (and can explain) even while
// an example is failing; test-rules is what gates the examples.
Result<std::shared_ptr<const RulePack>> buildPack(const std::string& config_dir) {
  auto paths = rulePackPathsForConfig(config_dir);
  if (!paths.isOk()) return paths.status();
  auto source = loadRulePackFiles(paths.value());
  if (!source.isOk()) return source.status();
  return RulePack::build(source.value(), loadPlaces(config_dir), nullptr);
}

int runClassify(const IntentOptions& o) {
  auto pack = buildPack(o.config_dir);
  if (!pack.isOk()) {
    std::cerr << "error: " << pack.status().message() << "\n";
    return 2;
  }
  if (o.text != "-") {
    auto c = pack.value()->classify(o.text, o.asr);
    if (!c.isOk()) {
      std::cerr << "error: " << c.status().toString() << "\n";
      return 1;
    }
    std::cout << c->toJson(o.reveal_phones).dump(2, ' ', false) << "\n";
    return 0;
  }
  // Lines of plain text, or JSONL objects with "text" (and optional "asr", "id" echoed back).
  std::string line;
  int errors = 0;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    std::string text = line;
    bool asr = o.asr;
    nlohmann::json extra;
    if (line[0] == '{') {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_discarded() && j.is_object() && j.contains("text") && j["text"].is_string()) {
        text = j["text"].get<std::string>();
        asr = j.value("asr", asr);
        if (j.contains("id")) extra["id"] = j["id"];
      }
    }
    auto c = pack.value()->classify(text, asr);
    nlohmann::json out;
    if (!c.isOk()) {
      ++errors;
      out = {{"text", text}, {"error", c.status().toString()}};
    } else {
      out = c->toJson(o.reveal_phones);
    }
    for (auto& [k, v] : extra.items()) out[k] = v;
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return errors == 0 ? 0 : 1;
}

int runTestRules(const IntentOptions& o) {
  auto pack = buildPack(o.config_dir);
  if (!pack.isOk()) {
    std::cerr << "error: rule pack rejected:\n" << pack.status().message() << "\n";
    return 2;
  }
  for (const auto& w : pack.value()->matcher().warnings()) std::cout << "warning: " << w << "\n";
  const auto failures = pack.value()->runExamples();
  const size_t total = pack.value()->exampleCount();
  if (!failures.empty()) std::cout << formatExampleFailures(failures);
  std::cout << "test-rules: " << pack.value()->intentCount() << " intents, " << total
            << " examples, " << failures.size() << " failed (" << pack.value()->files().size()
            << " files)\n";
  return failures.empty() ? 0 : 1;
}

}  // namespace

void addIntentCommands(CLI::App& app) {
  auto opts = std::make_shared<IntentOptions>();

  CLI::App* classify = app.add_subcommand("classify", "Classify a message (or JSONL from stdin)");
  classify->add_option("--config", opts->config_dir, "Config directory")->required();
  classify->add_option("text", opts->text, "Message text, or - to read lines/JSONL from stdin")
      ->required();
  classify->add_flag("--asr", opts->asr, "Treat the text as a hotline (ASR) transcript");
  classify->add_flag("--reveal-phones", opts->reveal_phones, "Print phone entities unmasked");
  classify->callback([opts] { std::exit(runClassify(*opts)); });

  CLI::App* test = app.add_subcommand("test-rules", "Run every example of the rule pack");
  test->add_option("--config", opts->config_dir, "Config directory")->required();
  test->callback([opts] { std::exit(runTestRules(*opts)); });
}

}  // namespace gg
