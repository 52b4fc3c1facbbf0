// The rule pack as files: loading and merging paths, the checks across merged files, the known
// dept classes and flags, and where a config directory keeps its packs.
#include "intents/rule_pack.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/json_file.h"
#include "intents/rule_pack_problems.h"

namespace gg {
namespace {

namespace fs = std::filesystem;

}  // namespace

const std::vector<std::string>& knownDeptClasses() {
  static const std::vector<std::string> k = {
      "城乡建设", "农村农业", "政法", "教育文体", "劳动和社会保障", "民政", "党务政务", "经济管理",
      "卫生计生", "商贸旅游", "环境保护", "交通运输", "纪检监察", "国土资源", "科技与信息产业",
      "其他", "无"};
  return k;
}

const std::vector<std::string>& knownFlags() {
  static const std::vector<std::string> k = {"emergency", "complaint", "negative",
                                             "escalation_threat"};
  return k;
}
Status validateRulePack(const RulePackSource& source) {
  std::vector<std::string> problems;
  std::set<std::string> cats;
  const auto& classes = knownDeptClasses();
  for (const Category& c : source.categories) {
    if (!cats.insert(c.id).second) problems.push_back("category '" + c.id + "' defined twice");
    if (std::find(classes.begin(), classes.end(), c.dept_class) == classes.end()) {
      problems.push_back("category '" + c.id + "': unknown dept_class '" + c.dept_class + "'");
    }
  }
  std::set<std::string> ids;
  for (const Rule& r : source.intents) {
    if (!ids.insert(r.id).second) problems.push_back(r.origin + ": intent id defined twice");
    if (!cats.count(r.category)) {
      problems.push_back(r.origin + ": unknown category '" + r.category + "'");
    }
    if (!r.dept_class.empty() &&
        std::find(classes.begin(), classes.end(), r.dept_class) == classes.end()) {
      problems.push_back(r.origin + ": unknown dept_class '" + r.dept_class + "'");
    }
  }
  std::set<std::string> other_ids;
  for (const Rule& r : source.flags) {
    if (r.type == RuleType::kFlag) continue;
    if (!other_ids.insert(r.id).second) problems.push_back(r.origin + ": rule id defined twice");
    if (r.type == RuleType::kContext) {
      if (!r.category.empty() && !cats.count(r.category)) {
        problems.push_back(r.origin + ": unknown category '" + r.category + "'");
      }
      if (!r.adopt_intent.empty() && !ids.count(r.adopt_intent)) {
        problems.push_back(r.origin + ": unknown intent '" + r.adopt_intent + "'");
      }
      for (const auto& c : r.only_categories) {
        if (!cats.count(c)) problems.push_back(r.origin + ": unknown category '" + c + "'");
      }
    }
  }
  if (source.intents.empty()) problems.push_back("the rule pack defines no intents");
  if (!problems.empty()) return invalidArgument(joinProblems(problems));
  return Status::ok();
}
Result<RulePackSource> loadRulePackFiles(const std::vector<std::string>& paths) {
  RulePackSource source;
  std::vector<std::string> problems;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::directory_iterator(p, ec)) {
        if (e.is_regular_file() && e.path().extension() == ".json") found.push_back(e.path());
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) problems.push_back(p + ": no *.json rule files in this directory");
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      problems.push_back(p + ": rule pack not found");
    }
  }
  for (const std::string& f : files) {
    auto text = readTextFile(f);
    if (!text.isOk()) {
      problems.push_back(text.status().message());
      continue;
    }
    Status s = parseRulePack(text.value(), f, &source);
    if (!s.isOk()) problems.push_back(s.message());
  }
  if (problems.empty()) {
    Status s = validateRulePack(source);
    if (!s.isOk()) problems.push_back(s.message());
  }
  if (!problems.empty()) return invalidArgument(joinProblems(problems));
  return source;
}

Result<std::vector<std::string>> rulePackPathsForConfig(const std::string& config_dir) {
  const fs::path dir(config_dir);
  const fs::path cfg = dir / "gridgate.json";
  std::vector<std::string> rel = {"../rules/zh"};
  std::error_code ec;
  if (fs::exists(cfg, ec)) {
    auto j = readJsonFile(cfg.string());
    if (!j.isOk()) return j.status();
    if (auto it = j->find("rule_packs"); it != j->end()) {
      if (!it->is_array()) return invalidArgument(cfg.string() + ": rule_packs must be an array");
      rel.clear();
      for (const auto& v : *it) {
        if (!v.is_string()) return invalidArgument(cfg.string() + ": rule_packs holds strings");
        rel.push_back(v.get<std::string>());
      }
    }
  }
  std::vector<std::string> out;
  for (const auto& r : rel) {
    fs::path p(r);
    out.push_back((p.is_absolute() ? p : (dir / p)).lexically_normal().string());
  }
  return out;
}

}  // namespace gg
