#include "app/cmd_intents.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "intents/intent_engine.h"
#include "app/org_places.h"
#include "org/loader.h"

namespace gg {
namespace {

struct IntentOptions {
  std::string config_dir = "config/demo";
  std::string text;
  bool asr = false;
  bool reveal_phones = false;
};

// Loads the places of the config's org for the gazetteer. A config without an org classifies
// without places: entities then carry no grid.
std::vector<Place> loadPlaces(const std::string& config_dir) {
  auto org = loadOrg(config_dir);
  if (org.isOk()) return placesFromOrg(*org.value());
  std::cerr << "warning: org not loaded, places unknown: " << org.status().message() << "\n";
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


// ---- eval: the pack measured on labelled chat lines (JSONL) and formal letters (CSV) ----------

struct EvalOptions {
  std::string config_dir = "config/demo";
  std::vector<std::string> files;
  int misses = 40;
  std::string half;  // "", "odd", "even": measure on every other line (generalisation checks)
};

// Splits one CSV document (RFC 4180: quoted fields, doubled quotes, newlines inside quotes).
std::vector<std::vector<std::string>> parseCsv(const std::string& data) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (quoted) {
      if (c == '"' && i + 1 < data.size() && data[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string fmt3(double v) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(3) << v;
  return o.str();
}

std::string ratio(size_t a, size_t b) {
  return fmt3(b ? static_cast<double>(a) / static_cast<double>(b) : 0.0) + " (" +
         std::to_string(a) + "/" + std::to_string(b) + ")";
}

bool keepLine(const std::string& half, size_t i) {
  if (half == "odd") return i % 2 == 1;
  if (half == "even") return i % 2 == 0;
  return true;
}

void printConfusion(const std::string& title, const std::vector<std::string>& labels,
                    const std::map<std::pair<std::string, std::string>, int>& m) {
  std::cout << title << " (rows gold, columns predicted)\n" << std::setw(18) << "";
  for (const auto& l : labels) std::cout << std::setw(11) << l.substr(0, 10);
  std::cout << "\n";
  for (const auto& g : labels) {
    std::cout << std::setw(18) << g.substr(0, 17);
    for (const auto& p : labels) {
      auto it = m.find({g, p});
      std::cout << std::setw(11) << (it == m.end() ? 0 : it->second);
    }
    std::cout << "\n";
  }
}

int evalChat(const RulePack& pack, const std::string& path, const EvalOptions& o) {
  std::ifstream in(path);
  if (!in) {
    std::cout << "eval: " << path << " not found; skipping\n";
    return 0;
  }
  size_t n = 0, kind_ok = 0, cat_ok = 0, urg_ok = 0, covered = 0;
  size_t emerg = 0, emerg_hit = 0, non_emerg = 0, false_emerg = 0, nonticket = 0, false_ticket = 0;
  std::map<std::pair<std::string, std::string>, int> kind_cm, urg_cm, cat_cm;
  std::map<std::string, std::pair<int, int>> per_cat;  // gold category -> (ok, n)
  std::vector<std::string> misses;
  std::string line;
  size_t idx = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const size_t i = idx++;
    if (!keepLine(o.half, i)) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("text")) continue;
    const std::string text = j.value("text", "");
    const bool asr = j.value("asr", false);
    const std::string gk = j.value("kind", ""), gc = j.value("category", ""),
                      gu = j.value("urgency", "normal");
    auto r = pack.classify(text, asr);
    if (!r.isOk()) continue;
    const Classification& c = r.value();
    const std::string pk(toString(c.kind));
    const std::string pc = c.category.empty() ? "social" : c.category;
    const std::string pu(toString(c.urgency));
    const bool pe = pu == "emergency" || c.flags.emergency;
    ++n;
    if (c.understood()) ++covered;
    kind_ok += pk == gk;
    cat_ok += pc == gc;
    urg_ok += pu == gu;
    kind_cm[{gk, pk}]++;
    urg_cm[{gu, pu}]++;
    cat_cm[{gc, pc}]++;
    per_cat[gc].second++;
    if (pc == gc) per_cat[gc].first++;
    if (gu == "emergency") {
      ++emerg;
      emerg_hit += pe;
    } else {
      ++non_emerg;
      false_emerg += pe;
    }
    if (gk == "question" || gk == "social") {
      ++nonticket;
      false_ticket += pk == "need" || pk == "complaint";
    }
    if (pk != gk || pc != gc || pu != gu) {
      std::string m = "  line " + std::to_string(i + 1) + ": gold " + gk + "/" + gc + "/" + gu +
                      " got " + pk + "/" + pc + "/" + pu + " act=" + c.act +
                      " intent=" + (c.intent.empty() ? "-" : c.intent) +
                      (c.intent.empty() ? "" : " via " + c.explanation.pattern) + "\n      " +
                      maskPhonesInText(text);
      misses.push_back(m);
    }
  }
  std::cout << "chat: " << path << " (" << n << " lines" << (o.half.empty() ? "" : ", " + o.half + " half")
            << ")\n";
  std::cout << "  kind accuracy       " << ratio(kind_ok, n) << "\n";
  std::cout << "  category accuracy   " << ratio(cat_ok, n) << "\n";
  std::cout << "  urgency accuracy    " << ratio(urg_ok, n) << "\n";
  std::cout << "  emergency recall    " << ratio(emerg_hit, emerg) << "\n";
  std::cout << "  false emergencies   " << ratio(false_emerg, non_emerg) << "\n";
  std::cout << "  false tickets       " << ratio(false_ticket, nonticket)
            << "  (question/social lines read as need/complaint)\n";
  std::cout << "  coverage            " << ratio(covered, n)
            << "  (a topic, or an act rule that understood the line)\n";
  printConfusion("  kind", {"need", "complaint", "question", "social"}, kind_cm);
  printConfusion("  urgency", {"emergency", "urgent", "normal"}, urg_cm);
  // Sixteen categories make a matrix too wide to read: the confusions themselves, most first.
  std::vector<std::pair<int, std::pair<std::string, std::string>>> confusions;
  for (const auto& [pair, count] : cat_cm) {
    if (pair.first != pair.second) confusions.push_back({count, pair});
  }
  std::sort(confusions.begin(), confusions.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::cout << "  category confusions (gold -> predicted, most frequent first):\n";
  for (const auto& [count, pair] : confusions) {
    std::cout << "    " << std::setw(16) << std::left << pair.first << " -> " << std::setw(16) << pair.second
              << std::right << " " << count << "\n";
  }
  std::cout << "  category accuracy per gold category:\n";
  for (const auto& [cat, v] : per_cat) {
    std::cout << "    " << std::setw(16) << std::left << cat << std::right << " "
              << ratio(static_cast<size_t>(v.first), static_cast<size_t>(v.second)) << "\n";
  }
  std::cout << "  misses (" << misses.size() << "):\n";
  for (size_t k = 0; k < misses.size() && static_cast<int>(k) < o.misses; ++k) {
    std::cout << misses[k] << "\n";
  }
  return 0;
}

int evalLetters(const RulePack& pack, const std::string& path, const EvalOptions& o) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cout << "eval: " << path << " not found; skipping\n";
    return 0;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto rows = parseCsv(ss.str());
  if (rows.empty()) return 0;
  const auto& head = rows[0];
  auto col = [&](const std::string& name) {
    for (size_t k = 0; k < head.size(); ++k) {
      std::string h = head[k];
      if (h.rfind("\xEF\xBB\xBF", 0) == 0) h = h.substr(3);
      if (h == name) return static_cast<int>(k);
    }
    return -1;
  };
  const int ct = col("title"), cd = col("detail"), cl = col("label_l1"), cid = col("msg_id");
  if (ct < 0 || cd < 0 || cl < 0) {
    std::cout << "eval: " << path << ": needs columns title, detail, label_l1\n";
    return 1;
  }
  std::vector<std::string> gold, pred;
  std::vector<std::string> misses;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (static_cast<int>(row.size()) <= std::max({ct, cd, cl})) continue;
    if (!keepLine(o.half, r - 1)) continue;
    auto c = pack.classifyLetter(row[ct], row[cd]);
    if (!c.isOk()) continue;
    gold.push_back(row[cl]);
    pred.push_back(c->hasIntent() ? c->dept_class : "");
    if (gold.back() != pred.back()) {
      misses.push_back("  msg " + (cid >= 0 ? row[cid] : std::to_string(r)) + ": gold " +
                       gold.back() + " got " + (pred.back().empty() ? "(none)" : pred.back()) +
                       " intent=" + (c->intent.empty() ? "-" : c->intent) + " via " +
                       c->explanation.pattern);
    }
  }
  std::set<std::string> classes(gold.begin(), gold.end());
  size_t correct = 0, covered = 0;
  for (size_t k = 0; k < gold.size(); ++k) {
    correct += gold[k] == pred[k];
    covered += !pred[k].empty();
  }
  double f1sum = 0;
  std::ostringstream per;
  for (const auto& cl_name : classes) {
    size_t tp = 0, fp = 0, fn = 0;
    for (size_t k = 0; k < gold.size(); ++k) {
      tp += gold[k] == cl_name && pred[k] == cl_name;
      fp += gold[k] != cl_name && pred[k] == cl_name;
      fn += gold[k] == cl_name && pred[k] != cl_name;
    }
    const double p = tp + fp ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 0;
    const double rc = tp + fn ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 0;
    const double f = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
    f1sum += f;
    per << "    " << cl_name << "  n=" << tp + fn << " P=" << fmt3(p) << " R=" << fmt3(rc)
        << " F1=" << fmt3(f) << "\n";
  }
  std::cout << "letters: " << path << " (" << gold.size() << " letters)\n";
  std::cout << "  accuracy  " << ratio(correct, gold.size()) << "\n";
  std::cout << "  macro-F1  " << fmt3(classes.empty() ? 0 : f1sum / classes.size()) << "\n";
  std::cout << "  coverage  " << ratio(covered, gold.size()) << "\n" << per.str();
  std::cout << "  misses (" << misses.size() << "):\n";
  for (size_t k = 0; k < misses.size() && static_cast<int>(k) < o.misses; ++k) {
    std::cout << misses[k] << "\n";
  }
  return 0;
}

int runEval(const EvalOptions& o) {
  auto pack = buildPack(o.config_dir);
  if (!pack.isOk()) {
    std::cerr << "error: " << pack.status().message() << "\n";
    return 2;
  }
  int rc = 0;
  for (const auto& f : o.files) {
    const bool csv = f.size() >= 4 && f.compare(f.size() - 4, 4, ".csv") == 0;
    rc |= csv ? evalLetters(*pack.value(), f, o) : evalChat(*pack.value(), f, o);
  }
  return rc;
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

  auto eopts = std::make_shared<EvalOptions>();
  CLI::App* ev = app.add_subcommand(
      "eval", "Measure the pack on labelled chat lines (*.jsonl) and letters (*.csv)");
  ev->add_option("--config", eopts->config_dir, "Config directory")->required();
  ev->add_option("--misses", eopts->misses, "How many misses to print (default 40)");
  ev->add_option("--half", eopts->half, "odd|even: only every other line (tune/check split)");
  ev->add_option("files", eopts->files, "chat_dev.jsonl-style JSONL or letters CSV")->required();
  ev->callback([eopts] { std::exit(runEval(*eopts)); });
}

}  // namespace gg
