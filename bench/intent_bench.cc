// Intent-matching benchmark (issue #3): messages per second on one core and peak memory for
//   gridgate        normalize + literal prefilter (Aho-Corasick) + confirm (+ entities: gridgate_full)
//   re2_loop        the same rules tried one by one with RE2 (on pre-normalized text)
//   hyperscan       one Hyperscan block-mode database of every pattern (pre-normalized text)
// Python's `re` loop lives in bench/python_re_loop.py. Each engine runs in its own process
// (bench/run.sh) so peak RSS is the engine's own. Every engine reports a digest of the matched
// intent sets, so the table also shows that they agree.
//
//   intent_bench generate --rules DIR --out DIR [--messages N] [--intents N]
//   intent_bench run --engine E --pack PATH[,PATH] --messages FILE
//   intent_bench normalize --messages FILE --out FILE
//   intent_bench dump --pack PATH[,PATH] --messages FILE --out FILE
//     (every message's full classification as JSON, chat and hotline reading: a speed change
//      must leave this file byte for byte the same)

#include <hs/hs.h>
#include <re2/re2.h>
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench/corpus.h"
#include "intents/intent_engine.h"

namespace gg::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep)) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::vector<std::string> readLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

double peakRssMib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// Order-independent digest of the matched intent-id sets of all messages.
struct Digest {
  uint64_t h = 1469598103934665603ull;
  uint64_t matched = 0;
  void add(size_t msg, std::vector<int> rules) {
    std::sort(rules.begin(), rules.end());
    matched += rules.size();
    uint64_t x = msg * 1000003ull;
    for (int r : rules) x = (x ^ static_cast<uint64_t>(r + 1)) * 1099511628211ull;
    h ^= x * 0x9E3779B97F4A7C15ull;
  }
};

// Rules flattened for the baseline engines: every expression (keyword, co-occurrence term,
// regex) is an "atom"; a pattern is satisfied when its atoms are (all groups for co-occurrence).
struct FlatPattern {
  bool exclude = false;
  std::vector<std::vector<int>> groups;  // OR within a group, AND across groups
};
struct FlatRule {
  std::vector<FlatPattern> patterns;
};
struct Flat {
  std::vector<std::string> atoms;  // regex source (keywords quoted)
  std::vector<bool> atom_is_literal;
  std::vector<FlatRule> rules;
};

Flat flatten(const RulePackSource& src, const Normalizer& norm) {
  Flat f;
  std::unordered_map<std::string, int> ids;
  auto atom = [&](const std::string& re, bool literal) {
    auto [it, inserted] = ids.emplace(re, static_cast<int>(f.atoms.size()));
    if (inserted) {
      f.atoms.push_back(re);
      f.atom_is_literal.push_back(literal);
    }
    return it->second;
  };
  for (const Rule& r : src.intents) {
    FlatRule fr;
    for (int pass = 0; pass < 2; ++pass) {
      for (const Pattern& p : pass ? r.excludes : r.patterns) {
        FlatPattern fp;
        fp.exclude = pass == 1;
        if (p.kind == PatternKind::kKeyword) {
          fp.groups.push_back({atom(RE2::QuoteMeta(norm.normalize(p.text, false).text), true)});
        } else if (p.kind == PatternKind::kRegex) {
          fp.groups.push_back({atom(p.text, false)});
        } else {
          for (const auto& g : p.groups) {
            std::vector<int> ids_in_group;
            for (const auto& t : g) {
              ids_in_group.push_back(atom(RE2::QuoteMeta(norm.normalize(t, false).text), true));
            }
            fp.groups.push_back(ids_in_group);
          }
        }
        fr.patterns.push_back(std::move(fp));
      }
    }
    f.rules.push_back(std::move(fr));
  }
  return f;
}

// Evaluates rule r given a predicate telling whether an atom matched.
bool ruleMatches(const FlatRule& r, const std::function<bool(int)>& atom_hit) {
  bool hit = false;
  for (const FlatPattern& p : r.patterns) {
    if (p.exclude || hit) continue;
    bool all = true;
    for (const auto& g : p.groups) {
      bool any = false;
      for (int a : g) {
        if (atom_hit(a)) {
          any = true;
          break;
        }
      }
      if (!any) {
        all = false;
        break;
      }
    }
    hit = all;
  }
  if (!hit) return false;
  for (const FlatPattern& p : r.patterns) {
    if (!p.exclude) continue;
    for (int a : p.groups[0]) {
      if (atom_hit(a)) return false;
    }
  }
  return true;
}

struct RunResult {
  double seconds = 0;
  double cpu_seconds = 0;  // this thread's CPU time over the same loop (gridgate engines)
  Digest digest;
  double confirmations = 0;
};

RunResult runGridgate(const RulePackSource& src, const std::vector<std::string>& msgs, bool full) {
  auto pack = RulePack::build(src, {}, Normalizer::shared());
  if (!pack.isOk()) {
    std::cerr << pack.status().message() << "\n";
    std::exit(2);
  }
  const auto& p = *pack.value();
  std::unordered_map<std::string, int> index;
  for (size_t r = 0; r < src.intents.size(); ++r) index[src.intents[r].id] = static_cast<int>(r);
  RunResult rr;
  MatchResult mr;
  // CPU time as well as wall time: on a shared machine the wall clock also counts the time
  // other processes held the core.
  auto cpuNow = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  const double c0 = cpuNow();
  const auto t0 = Clock::now();
  for (size_t i = 0; i < msgs.size(); ++i) {
    std::vector<int> ids;
    if (full) {
      auto c = p.classify(msgs[i], false);
      if (!c.isOk()) std::exit(3);
      rr.confirmations += c->confirmations;
      for (const auto& cand : c->candidates) ids.push_back(index[cand.intent]);
      rr.digest.add(i, ids);
      continue;
    }
    NormalizedText n = p.normalizer().normalize(msgs[i], false);
    if (!p.matcher().match(n.text, &mr).isOk()) std::exit(3);
    rr.confirmations += mr.confirmations;
    for (const auto& h : mr.intents) ids.push_back(h.rule);
    rr.digest.add(i, ids);
  }
  rr.cpu_seconds = cpuNow() - c0;
  rr.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return rr;
}

RunResult runRe2Loop(const Flat& f, const std::vector<std::string>& msgs) {
  RE2::Options o;
  o.set_log_errors(false);
  std::vector<std::unique_ptr<RE2>> res;
  for (const auto& a : f.atoms) res.push_back(std::make_unique<RE2>(a, o));
  RunResult rr;
  const auto t0 = Clock::now();
  for (size_t i = 0; i < msgs.size(); ++i) {
    const std::string& m = msgs[i];
    std::vector<int> ids;
    for (size_t r = 0; r < f.rules.size(); ++r) {
      if (ruleMatches(f.rules[r], [&](int a) { return RE2::PartialMatch(m, *res[a]); })) {
        ids.push_back(static_cast<int>(r));
      }
    }
    rr.digest.add(i, ids);
  }
  rr.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return rr;
}

RunResult runHyperscan(const Flat& f, const std::vector<std::string>& msgs) {
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  for (size_t a = 0; a < f.atoms.size(); ++a) {
    exprs.push_back(f.atoms[a].c_str());
    flags.push_back(HS_FLAG_SINGLEMATCH | HS_FLAG_UTF8);
    ids.push_back(static_cast<unsigned>(a));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  const auto c0 = Clock::now();
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db,
                       &err) != HS_SUCCESS) {
    std::cerr << "hyperscan compile: " << (err ? err->message : "?") << "\n";
    std::exit(2);
  }
  std::cerr << "hyperscan compile "
            << std::chrono::duration<double>(Clock::now() - c0).count() << " s\n";
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(db, &scratch);
  // Atom -> rules that use it, so only candidate rules are evaluated.
  std::vector<std::vector<int>> atom_rules(f.atoms.size());
  for (size_t r = 0; r < f.rules.size(); ++r) {
    for (const auto& p : f.rules[r].patterns) {
      for (const auto& g : p.groups) {
        for (int a : g) atom_rules[a].push_back(static_cast<int>(r));
      }
    }
  }
  std::vector<char> hit(f.atoms.size(), 0);
  std::vector<int> touched;
  struct Ctx {
    std::vector<char>* hit;
    std::vector<int>* touched;
  } ctx{&hit, &touched};
  auto onMatch = [](unsigned id, unsigned long long, unsigned long long, unsigned,
                    void* p) -> int {
    auto* c = static_cast<Ctx*>(p);
    if (!(*c->hit)[id]) {
      (*c->hit)[id] = 1;
      c->touched->push_back(static_cast<int>(id));
    }
    return 0;
  };
  RunResult rr;
  std::vector<int> cand;
  const auto t0 = Clock::now();
  for (size_t i = 0; i < msgs.size(); ++i) {
    touched.clear();
    hs_scan(db, msgs[i].data(), static_cast<unsigned>(msgs[i].size()), 0, scratch, onMatch, &ctx);
    cand.clear();
    for (int a : touched) cand.insert(cand.end(), atom_rules[a].begin(), atom_rules[a].end());
    std::sort(cand.begin(), cand.end());
    cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
    std::vector<int> out;
    for (int r : cand) {
      if (ruleMatches(f.rules[r], [&](int a) { return hit[a] != 0; })) out.push_back(r);
    }
    for (int a : touched) hit[a] = 0;
    rr.digest.add(i, out);
  }
  rr.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  hs_free_scratch(scratch);
  hs_free_database(db);
  return rr;
}

int cmdGenerate(const std::string& rules, const std::string& out, size_t n, size_t intents) {
  auto base = loadRulePackFiles({rules});
  if (!base.isOk()) {
    std::cerr << base.status().message() << "\n";
    return 2;
  }
  std::ofstream m(out + "/messages.txt");
  for (const auto& s : generateMessages(n, 20261123)) m << s << "\n";
  std::ofstream p(out + "/pack" + std::to_string(intents) + ".json");
  p << generatePackJson(base.value(), intents, 7);
  std::cerr << "wrote " << out << "/messages.txt and pack" << intents << ".json\n";
  return 0;
}

int cmdNormalize(const std::string& in, const std::string& out) {
  auto n = Normalizer::shared();
  std::ofstream o(out);
  for (const auto& s : readLines(in)) o << n->normalize(s, false).text << "\n";
  return 0;
}

int cmdRun(const std::string& engine, const std::string& packs, const std::string& messages,
           size_t limit) {
  auto src = loadRulePackFiles(split(packs, ','));
  if (!src.isOk()) {
    std::cerr << src.status().message() << "\n";
    return 2;
  }
  auto raw = readLines(messages);
  if (limit > 0 && raw.size() > limit) raw.resize(limit);  // slow baselines: a sample suffices
  RunResult rr;
  if (engine == "gridgate" || engine == "gridgate_full") {
    rr = runGridgate(src.value(), raw, engine == "gridgate_full");
  } else {
    // Baselines get the normalized text for free: only matching is timed.
    std::vector<std::string> norm;
    auto n = Normalizer::shared();
    for (const auto& s : raw) norm.push_back(n->normalize(s, false).text);
    Flat f = flatten(src.value(), *n);
    if (engine == "re2_loop") rr = runRe2Loop(f, norm);
    else if (engine == "hyperscan") rr = runHyperscan(f, norm);
    else {
      std::cerr << "unknown engine " << engine << "\n";
      return 2;
    }
  }
  nlohmann::json j = {{"engine", engine},
                      {"intents", src.value().intents.size()},
                      {"messages", raw.size()},
                      {"seconds", rr.seconds},
                      {"msgs_per_s", raw.size() / rr.seconds},
                      {"cpu_msgs_per_s", rr.cpu_seconds > 0 ? raw.size() / rr.cpu_seconds : 0.0},
                      {"peak_rss_mib", peakRssMib()},
                      {"matched", rr.digest.matched},
                      {"confirmations_per_msg", rr.confirmations / raw.size()},
                      {"digest", rr.digest.h}};
  std::cout << j.dump() << "\n";
  return 0;
}

int cmdDump(const std::string& packs, const std::string& messages, const std::string& out) {
  auto src = loadRulePackFiles(split(packs, ','));
  if (!src.isOk()) {
    std::cerr << src.status().message() << "\n";
    return 2;
  }
  auto pack = RulePack::build(src.value(), {}, Normalizer::shared());
  if (!pack.isOk()) {
    std::cerr << pack.status().message() << "\n";
    return 2;
  }
  std::ofstream o(out);
  for (const auto& m : readLines(messages)) {
    for (bool asr : {false, true}) {
      auto c = pack.value()->classify(m, asr);
      o << (c.isOk() ? c->toJson(true).dump() : c.status().toString()) << "\n";
    }
  }
  return 0;
}

}  // namespace
}  // namespace gg::bench

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  auto opt = [&](const std::string& name, const std::string& def) {
    for (size_t i = 0; i + 1 < a.size(); ++i) {
      if (a[i] == name) return a[i + 1];
    }
    return def;
  };
  if (a.empty()) {
    std::cerr << "usage: intent_bench generate|run|normalize ...\n";
    return 2;
  }
  if (a[0] == "generate") {
    return gg::bench::cmdGenerate(opt("--rules", "config/rules/zh"), opt("--out", "."),
                                  std::stoul(opt("--messages", "100000")),
                                  std::stoul(opt("--intents", "1000")));
  }
  if (a[0] == "dump") {
    return gg::bench::cmdDump(opt("--pack", ""), opt("--messages", ""), opt("--out", ""));
  }
  if (a[0] == "normalize") return gg::bench::cmdNormalize(opt("--messages", ""), opt("--out", ""));
  if (a[0] == "run") {
    return gg::bench::cmdRun(opt("--engine", "gridgate"), opt("--pack", ""),
                             opt("--messages", ""), std::stoul(opt("--limit", "0")));
  }
  std::cerr << "unknown command " << a[0] << "\n";
  return 2;
}
