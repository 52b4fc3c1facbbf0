// Reading one rule pack JSON document into a RulePackSource: options, categories, lexicons,
// normaliser tables and the rules (intents, flags, acts, modifiers, contexts) with their patterns.
#include <algorithm>
#include <set>

#include "core/json_file.h"
#include "intents/rule_pack.h"
#include "intents/rule_pack_problems.h"

namespace gg {
namespace {

using nlohmann::json;

bool validId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool oneOf(const std::string& v, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed) {
    if (v == a) return true;
  }
  return false;
}

// Reads an optional string field; a present non-string is a problem.
std::string str(const json& j, const char* key, const std::string& def,
                std::vector<std::string>* problems, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end()) return def;
  if (!it->is_string()) {
    problems->push_back(where + ": \"" + key + "\" must be a string");
    return def;
  }
  return it->get<std::string>();
}

std::vector<std::string> strList(const json& j, const char* key,
                                 std::vector<std::string>* problems, const std::string& where) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end()) return out;
  if (!it->is_array()) {
    problems->push_back(where + ": \"" + key + "\" must be an array of strings");
    return out;
  }
  for (const auto& v : *it) {
    if (!v.is_string() || v.get<std::string>().empty()) {
      problems->push_back(where + ": \"" + key + "\" must hold non-empty strings");
      continue;
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

// A longer keyword is more specific evidence than a short one: 特种设备 says more than 设备.
// Two characters weigh 1.0, each further character 0.25 more, capped at 2.0.
double keywordWeight(const std::string& k) {
  size_t chars = 0;
  for (unsigned char c : k) chars += (c & 0xC0) != 0x80;
  const double w = 1.0 + 0.25 * (static_cast<double>(chars) - 2.0);
  return std::clamp(w, 0.75, 2.0);
}

std::string joinGroup(const std::vector<std::string>& g) {
  std::string s = "[";
  for (size_t i = 0; i < g.size(); ++i) s += (i ? "|" : "") + g[i];
  return s + "]";
}

// Reads keywords / regex / all from j into patterns (prefix selects the field names).
void readPatterns(const json& j, bool exclusions, std::vector<Pattern>* out,
                  std::vector<std::string>* problems, const std::string& where) {
  const char* kw_key = exclusions ? "exclude" : "keywords";
  const char* re_key = exclusions ? "exclude_regex" : "regex";
  const double weight = j.value("weight", 1.0);
  for (auto& k : strList(j, kw_key, problems, where)) {
    // v2: one character never fires on its own (灯, 水, 烟 are everywhere); use it in "all".
    size_t chars = 0;
    for (unsigned char c : k) chars += (c & 0xC0) != 0x80;
    if (chars < 2 && !exclusions && k[0] != '@') {
      problems->push_back(where + ": keyword '" + k +
                          "' is a single character; a single character may only be an \"all\" term");
      continue;
    }
    out->push_back(Pattern{PatternKind::kKeyword, k, {}, weight * keywordWeight(k), "kw:" + k});
  }
  if (!exclusions) {
    // v2: side words (物业, 学校, 广告…) support a reading but never decide it alone.
    for (auto& k : strList(j, "weak", problems, where)) {
      out->push_back(Pattern{PatternKind::kKeyword, k, {}, weight * 0.5, "weak:" + k});
    }
  }
  for (auto& r : strList(j, re_key, problems, where)) {
    // A regex is more specific than a keyword: it wins ties on score.
    out->push_back(Pattern{PatternKind::kRegex, r, {}, weight * 1.5, "re:" + r});
  }
  if (exclusions) return;
  auto it = j.find("all");
  if (it == j.end()) return;
  if (!it->is_array()) {
    problems->push_back(where + ": \"all\" must be an array of co-occurrence patterns");
    return;
  }
  const int default_within = j.value("within", 0);
  const bool default_clause = j.value("clause", false);
  for (const auto& entry : *it) {
    // v1: [[terms], [terms], ...]; v2: {"groups": [[terms], ...], "within": N, "clause": true}
    const json* cop = &entry;
    int within = default_within;
    bool clause = default_clause;
    if (entry.is_object()) {
      if (!entry.contains("groups")) {
        problems->push_back(where + ": an \"all\" object needs \"groups\"");
        continue;
      }
      cop = &entry["groups"];
      within = entry.value("within", within);
      clause = entry.value("clause", clause);
    }
    const json& co = *cop;
    if (!co.is_array() || co.size() < 2) {
      problems->push_back(where + ": each \"all\" entry must list at least two groups");
      continue;
    }
    Pattern p{PatternKind::kAll, "", {}, weight * 1.5, "all:"};
    p.within = within;
    p.clause = clause;
    bool ok = true;
    for (const auto& g : co) {
      std::vector<std::string> terms;
      if (g.is_string()) terms.push_back(g.get<std::string>());
      if (g.is_array()) {
        for (const auto& t : g) {
          if (t.is_string() && !t.get<std::string>().empty()) terms.push_back(t.get<std::string>());
          else ok = false;
        }
      }
      if (terms.empty()) ok = false;
      if (!p.groups.empty()) p.display += "+";
      p.display += joinGroup(terms);
      p.groups.push_back(std::move(terms));
    }
    if (!ok) {
      problems->push_back(where + ": \"all\" groups must be non-empty lists of strings");
      continue;
    }
    p.text = p.display.substr(4);
    if (p.within > 0) p.display += "~" + std::to_string(p.within);
    if (p.clause) p.display += "/clause";
    out->push_back(std::move(p));
  }
}

Rule readRule(const json& j, RuleType type, const std::string& where,
              std::vector<std::string>* problems) {
  Rule r;
  const bool is_flag = type != RuleType::kIntent;
  r.is_flag = is_flag;
  r.type = type;
  r.origin = where;
  if (!j.is_object()) {
    problems->push_back(where + ": must be an object");
    return r;
  }
  r.id = str(j, "id", "", problems, where);
  const std::string w = where + " (" + r.id + ")";
  r.origin = w;
  if (!validId(r.id)) problems->push_back(w + ": id must be 1-64 chars of [a-z0-9_]");
  r.label = str(j, "label", r.id, problems, w);
  r.category = str(j, "category", "", problems, w);
  r.dept_class = str(j, "dept_class", "", problems, w);
  r.owner = str(j, "owner", "grid", problems, w);
  const std::string urgency = str(j, "urgency", "normal", problems, w);
  r.kind = str(j, "kind", "need", problems, w);
  r.deadline = str(j, "deadline", "24h", problems, w);
  if (j.contains("priority")) {
    if (!j["priority"].is_number_integer()) {
      problems->push_back(w + ": priority must be an integer");
    } else {
      r.priority = j["priority"].get<int>();
    }
    if (r.priority < -90 || r.priority > 200) {
      problems->push_back(w + ": priority must be -90..200");
    }
  }
  if (auto u = parseUrgency(urgency)) {
    r.urgency = *u;
  } else {
    problems->push_back(w + ": urgency must be normal|urgent|emergency, not '" + urgency + "'");
  }
  if (!oneOf(r.kind, {"need", "question", "social", "complaint"})) {
    problems->push_back(w + ": kind must be need|question|social|complaint, not '" + r.kind + "'");
  }
  readPatterns(j, false, &r.patterns, problems, w);
  readPatterns(j, true, &r.excludes, problems, w);
  if (r.patterns.empty()) problems->push_back(w + ": needs at least one keyword, regex or all");
  if (auto ex = j.find("examples"); ex != j.end()) {
    if (!ex->is_object()) {
      problems->push_back(w + ": examples must be an object {match, no_match, asr_match}");
    } else {
      r.examples.match = strList(*ex, "match", problems, w + ": examples");
      r.examples.no_match = strList(*ex, "no_match", problems, w + ": examples");
      r.examples.asr_match = strList(*ex, "asr_match", problems, w + ": examples");
    }
  }
  r.name = str(j, "name", r.id, problems, w);
  r.scope = str(j, "scope", "clause", problems, w);
  const std::string raise = str(j, "raise", "", problems, w);
  r.only_categories = strList(j, "categories", problems, w);
  r.adopt_intent = str(j, "intent", "", problems, w);
  if (type == RuleType::kFlag) {
    const auto& flags = knownFlags();
    if (std::find(flags.begin(), flags.end(), r.id) == flags.end()) {
      problems->push_back(w + ": unknown flag (emergency|complaint|negative|escalation_threat)");
    }
  } else if (type == RuleType::kAct) {
    if (!oneOf(r.name, {"need", "question", "complaint", "social", "resolved"})) {
      problems->push_back(w + ": act name must be need|question|complaint|social|resolved");
    }
  } else if (type == RuleType::kModifier) {
    if (!oneOf(r.name, {"negation", "resolution", "hypothesis", "quotation"})) {
      problems->push_back(w + ": modifier name must be negation|resolution|hypothesis|quotation");
    }
    if (!oneOf(r.scope, {"clause", "message"})) {
      problems->push_back(w + ": scope must be clause|message");
    }
  } else if (type == RuleType::kContext) {
    const auto raised = parseUrgency(raise);
    if (!raised || *raised == Urgency::kNormal) {
      problems->push_back(w + ": a context rule needs \"raise\": urgent|emergency");
    } else {
      r.raise = *raised;
    }
  }
  for (const auto& key : j.items()) {
    static const std::set<std::string> kKnown = {
        "id", "label", "category", "dept_class", "owner", "urgency", "kind", "deadline",
        "priority", "keywords", "regex", "all", "exclude", "exclude_regex", "examples",
        "weight", "comment", "name", "scope", "raise", "categories", "within", "clause", "weak", "intent"};
    if (!kKnown.count(key.key())) problems->push_back(w + ": unknown field \"" + key.key() + "\"");
  }
  return r;
}

Status parseRulePackUnchecked(const std::string& json_text, const std::string& origin,
                              RulePackSource* source);

}  // namespace

Status parseRulePack(const std::string& json_text, const std::string& origin,
                     RulePackSource* source) {
  // nlohmann throws on type mismatches (e.g. a string where a number belongs); this is a config
  // edge, so the exception becomes a Status here.
  try {
    return parseRulePackUnchecked(json_text, origin, source);
  } catch (const std::exception& e) {
    return invalidArgument(origin + ": " + e.what());
  }
}

namespace {
Status parseRulePackUnchecked(const std::string& json_text, const std::string& origin,
                              RulePackSource* source) {
  auto parsed = parseJsonText(json_text, origin);
  if (!parsed.isOk()) return parsed.status();
  const json& doc = parsed.value();
  std::vector<std::string> problems;
  if (!doc.is_object()) return invalidArgument(origin + ": a rule pack file must be an object");
  for (const auto& key : doc.items()) {
    if (!oneOf(key.key(), {"options", "categories", "intents", "flags", "acts", "modifiers",
                           "contexts", "lexicons", "normalize", "comment"})) {
      problems.push_back(origin + ": unknown top-level field \"" + key.key() + "\"");
    }
  }
  if (auto it = doc.find("options"); it != doc.end() && it->is_object()) {
    if (it->contains("max_mem_mb")) {
      source->options.max_mem = (*it)["max_mem_mb"].get<int64_t>() << 20;
    }
    if (it->contains("max_mem_bytes")) {
      source->options.max_mem = (*it)["max_mem_bytes"].get<int64_t>();
    }
    if (it->contains("min_score")) source->options.min_score = (*it)["min_score"].get<double>();
  }
  if (auto it = doc.find("categories"); it != doc.end()) {
    for (size_t i = 0; i < it->size(); ++i) {
      const json& c = (*it)[i];
      const std::string w = origin + ": categories[" + std::to_string(i) + "]";
      Category cat;
      cat.id = str(c, "id", "", &problems, w);
      cat.label = str(c, "label", cat.id, &problems, w);
      cat.dept_class = str(c, "dept_class", "", &problems, w);
      if (!validId(cat.id)) problems.push_back(w + ": id must be 1-64 chars of [a-z0-9_]");
      source->categories.push_back(std::move(cat));
    }
  }
  if (auto it = doc.find("lexicons"); it != doc.end()) {
    if (!it->is_object()) {
      problems.push_back(origin + ": \"lexicons\" must be an object {name: [terms]}");
    } else {
      for (const auto& item : it->items()) {
        const std::string w = origin + ": lexicons." + item.key();
        std::vector<std::string> terms;
        if (item.value().is_string()) {
          // "灯|路灯|楼道灯" form
          const std::string v = item.value().get<std::string>();
          size_t b = 0;
          while (b <= v.size()) {
            size_t e = v.find('|', b);
            if (e == std::string::npos) e = v.size();
            if (e > b) terms.push_back(v.substr(b, e - b));
            b = e + 1;
          }
        } else {
          terms = strList(*it, item.key().c_str(), &problems, w);
        }
        if (terms.empty()) problems.push_back(w + ": a lexicon needs at least one term");
        if (source->lexicons.count(item.key())) {
          problems.push_back(w + ": lexicon defined twice");
        }
        source->lexicons[item.key()] = std::move(terms);
      }
    }
  }
  if (auto it = doc.find("normalize"); it != doc.end()) {
    const std::string w = origin + ": normalize";
    if (!it->is_object()) {
      problems.push_back(w + ": must be an object {replace, openings, fillers}");
    } else {
      for (auto& f : strList(*it, "openings", &problems, w)) source->normalize.openings.push_back(f);
      for (auto& f : strList(*it, "fillers", &problems, w)) source->normalize.fillers.push_back(f);
      if (auto rp = it->find("replace"); rp != it->end()) {
        for (const auto& e : *rp) {
          Replacement r;
          if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_string()) {
            r.from = e[0].get<std::string>();
            r.to = e[1].get<std::string>();
          } else if (e.is_object()) {
            r.from = str(e, "from", "", &problems, w);
            r.to = str(e, "to", "", &problems, w);
            r.not_before = strList(e, "not_before", &problems, w);
            r.not_after = strList(e, "not_after", &problems, w);
            r.asr_only = e.value("asr_only", false);
          }
          if (r.from.empty()) {
            problems.push_back(w + ": replace entries are [from, to] or {from, to, not_before, not_after}");
            continue;
          }
          source->normalize.replace.push_back(std::move(r));
        }
      }
    }
  }
  for (const char* section : {"intents", "flags", "acts", "modifiers", "contexts"}) {
    auto it = doc.find(section);
    if (it == doc.end()) continue;
    if (!it->is_array()) {
      problems.push_back(origin + ": \"" + section + "\" must be an array");
      continue;
    }
    const std::string sec = section;
    const RuleType type = sec == "intents"     ? RuleType::kIntent
                          : sec == "flags"     ? RuleType::kFlag
                          : sec == "acts"      ? RuleType::kAct
                          : sec == "modifiers" ? RuleType::kModifier
                                               : RuleType::kContext;
    for (size_t i = 0; i < it->size(); ++i) {
      const std::string w = origin + ": " + section + "[" + std::to_string(i) + "]";
      Rule r = readRule((*it)[i], type, w, &problems);
      (type == RuleType::kIntent ? source->intents : source->flags).push_back(std::move(r));
    }
  }
  source->files.push_back(origin);
  if (!problems.empty()) return invalidArgument(joinProblems(problems));
  return Status::ok();
}
}  // namespace

}  // namespace gg
