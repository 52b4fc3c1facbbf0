#include "app/cmd_org.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "org/generator.h"
#include "org/loader.h"
#include "server/settings.h"

namespace gg {
namespace {

namespace fs = std::filesystem;

struct GenerateArgs {
  GeneratorOptions options;
  std::string out;
  std::string rules;  // "" = defaultRulePackDir(), resolved after --share-dir is parsed
  bool force = false;
};

[[noreturn]] void fail(const std::string& problem) {
  std::cerr << "generate: " << problem << "\n";
  throw CLI::RuntimeError(2);
}

// A config dir keeps working when the repo and the dir move together, so the rule pack path is
// written relative to the dir (the config loader resolves it against the dir). When the two
// share nothing but "/", a relative path would only be a fragile spelling of the absolute one.
std::string rulesPathFor(const std::string& rules, const std::string& out) {
  const fs::path rules_abs = fs::weakly_canonical(fs::absolute(rules));
  const fs::path out_abs = fs::weakly_canonical(fs::absolute(out));
  const auto first = [](const fs::path& p) {
    auto it = p.begin();
    return it != p.end() && ++it != p.end() ? *it : fs::path();
  };
  if (first(rules_abs) != first(out_abs)) return rules_abs.string();
  const fs::path rel = rules_abs.lexically_relative(out_abs);
  return rel.empty() ? rules_abs.string() : rel.string();
}

// Refuses to mix a new street into an old one: stale community files would be loaded too.
void prepareOutDir(const GenerateArgs& a) {
  const fs::path cdir = fs::path(a.out) / "communities";
  std::error_code ec;
  if (!fs::is_directory(cdir, ec)) return;
  std::vector<fs::path> stale;
  for (const auto& e : fs::directory_iterator(cdir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".json") stale.push_back(e.path());
  }
  if (stale.empty()) return;
  if (!a.force) {
    fail(cdir.string() + " already holds " + std::to_string(stale.size()) +
         " community files; use --force to replace them");
  }
  for (const auto& p : stale) {
    fs::remove(p, ec);
    if (ec) fail(p.string() + ": cannot remove: " + ec.message());
  }
}

void runGenerate(const GenerateArgs& a) {
  const auto started = std::chrono::steady_clock::now();
  auto org = generateOrg(a.options);
  if (!org.isOk()) fail(org.status().message());
  prepareOutDir(a);
  if (Status s = writeOrgConfig(*org, a.out); !s.isOk()) fail(s.message());

  const fs::path settings = fs::path(a.out) / "gridgate.json";
  {
    std::ofstream out(settings, std::ios::trunc);
    out << nlohmann::json{{"rule_packs", {rulesPathFor(a.rules, a.out)}}}.dump(2) << "\n";
    if (!out) fail(settings.string() + ": cannot write file");
  }
  // The generator's contract is "output passes loadOrg"; checking here catches any drift.
  auto loaded = loadOrg(a.out);
  if (!loaded.isOk()) fail("generated config does not load:\n" + loaded.status().message());
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  nlohmann::json summary = orgSummary(**loaded);
  summary["out"] = a.out;
  summary["seed"] = a.options.seed;
  summary["elapsed_ms"] = ms;
  std::cout << summary.dump(2) << "\n";
}

}  // namespace

void addOrgCommands(CLI::App& app) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* gen = app.add_subcommand(
      "generate", "Write a synthetic street (config dir) for tests and benchmarks");
  gen->add_option("--grids", args->options.grids, "Number of grids")->required();
  gen->add_option("--workers", args->options.workers, "Number of grid workers (>= grids)")
      ->required();
  gen->add_option("--communities", args->options.communities, "Number of communities")->required();
  gen->add_option("--out", args->out, "Config directory to write")->required();
  gen->add_option("--seed", args->options.seed, "Seed; the same seed gives the same street")
      ->capture_default_str();
  gen->add_option("--rules", args->rules,
                  "Rule pack directory for gridgate.json (default: the share dir's rules/zh)");
  gen->add_flag("--force", args->force, "Replace community files already in --out");
  gen->callback([args] {
    if (args->rules.empty()) args->rules = defaultRulePackDir();
    runGenerate(*args);
  });
}

}  // namespace gg
