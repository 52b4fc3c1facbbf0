#include "bot/responsibilities.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/json_file.h"
#include "intents/intent_engine.h"
#include "intents/rule_pack.h"

namespace gg {
namespace {

using nlohmann::json;

// No responsibility list gives a matter more than a quarter of a year: a larger figure is a typo
// (minutes written as hours), and a timer that far away would never be seen to fire.
constexpr int kMaxDeadlineMinutes = 90 * 24 * 60;
constexpr int kMaxWorkingDays = 60;

const char* const kOwners[] = {"grid", "community", "street", "department"};

std::string quote(const std::string& s) { return "\"" + s + "\""; }

// Collects the problems of one file, each as "<file>: $.path: problem".
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}
  void add(const std::string& path, const std::string& problem) {
    lines_.push_back(file_ + ": " + path + ": " + problem);
  }
  // The one unknown-key rule (core/json_file.h), its message kept as it is.
  bool keys(const json& obj, std::initializer_list<const char*> known, const std::string& path) {
    Status s = rejectUnknownKeys(obj, known, file_ + ": " + path);
    if (!s.isOk()) lines_.push_back(s.message());
    return s.isOk();
  }
  Status status() const {
    if (lines_.empty()) return Status::ok();
    std::string msg;
    for (const auto& l : lines_) msg += (msg.empty() ? "" : "\n") + l;
    return invalidArgument(msg);
  }

 private:
  std::string file_;
  std::vector<std::string> lines_;
};

std::string text(const json& e, const char* key, const std::string& path, Problems& p, bool required) {
  auto it = e.find(key);
  if (it == e.end() || it->is_null()) {
    if (required) p.add(path, "missing required field " + quote(key));
    return "";
  }
  if (!it->is_string() || it->get<std::string>().empty()) {
    p.add(path + "." + key, "must be a non-empty string");
    return "";
  }
  return it->get<std::string>();
}

std::vector<std::string> texts(const json& e, const char* key, const std::string& path, Problems& p) {
  std::vector<std::string> out;
  auto it = e.find(key);
  if (it == e.end() || it->is_null()) return out;
  if (!it->is_array()) {
    p.add(path + "." + key, "must be an array of strings");
    return out;
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    if (!v.is_string() || v.get<std::string>().empty()) {
      p.add(path + "." + key + "[" + std::to_string(i) + "]", "must be a non-empty string");
    } else {
      out.push_back(v.get<std::string>());
    }
  }
  return out;
}

int positive(const json& d, const char* key, int max, const std::string& path, Problems& p) {
  auto it = d.find(key);
  if (it == d.end()) return 0;
  if (!it->is_number_integer() || it->get<int64_t>() <= 0 || it->get<int64_t>() > max) {
    p.add(path + "." + key, "must be an integer from 1 to " + std::to_string(max));
    return 0;
  }
  return it->get<int>();
}

ResponsibilityDeadline readDeadline(const json& d, const std::string& path, Problems& p) {
  ResponsibilityDeadline out;
  if (!d.is_object()) {
    p.add(path, "must be an object");
    return out;
  }
  p.keys(d, {"accept_minutes", "resolve_minutes", "resolve_hours", "resolve_working_days"}, path);
  out.accept_minutes = positive(d, "accept_minutes", kMaxDeadlineMinutes, path, p);
  const int minutes = positive(d, "resolve_minutes", kMaxDeadlineMinutes, path, p);
  const int hours = positive(d, "resolve_hours", kMaxDeadlineMinutes / 60, path, p);
  out.resolve_working_days = positive(d, "resolve_working_days", kMaxWorkingDays, path, p);
  if ((minutes > 0) + (hours > 0) + (out.resolve_working_days > 0) > 1) {
    p.add(path, "give one of resolve_minutes, resolve_hours and resolve_working_days");
  }
  out.resolve_minutes = minutes > 0 ? minutes : hours * 60;
  if (out.resolve_minutes > 0 && out.accept_minutes > out.resolve_minutes) {
    p.add(path, "accept_minutes must not be longer than the time to resolve");
  }
  return out;
}

Responsibility readEntry(const json& e, const std::string& path, Problems& p) {
  Responsibility r;
  r.path = path;
  if (!e.is_object()) {
    p.add(path, "must be an object");
    return r;
  }
  p.keys(e, {"intent", "category", "name", "owner", "department", "department_kind", "duty", "laws",
             "policies", "deadline"},
         path);
  const std::string intent = text(e, "intent", path, p, false);
  const std::string category = text(e, "category", path, p, false);
  if (e.contains("intent") == e.contains("category")) {
    p.add(path, "give exactly one of \"intent\" and \"category\" (the matter the entry is about)");
  }
  r.matter = intent.empty() ? category : intent;
  r.is_category = intent.empty() && !category.empty();
  r.name = text(e, "name", path, p, false);
  r.owner = text(e, "owner", path, p, true);
  if (!r.owner.empty() && std::find(std::begin(kOwners), std::end(kOwners), r.owner) == std::end(kOwners)) {
    p.add(path + ".owner", quote(r.owner) + " is not an owner (grid, community, street or department)");
  }
  r.department_id = text(e, "department", path, p, false);
  r.department_kind = text(e, "department_kind", path, p, false);
  if (r.owner == "department" && r.department_id.empty() == r.department_kind.empty()) {
    p.add(path, "owner \"department\" needs exactly one of \"department\" (an id) and \"department_kind\"");
  }
  if (r.owner != "department" && (e.contains("department") || e.contains("department_kind"))) {
    p.add(path, "\"department\" and \"department_kind\" go with owner \"department\" only");
  }
  r.duty = text(e, "duty", path, p, false);
  r.laws = texts(e, "laws", path, p);
  r.policies = texts(e, "policies", path, p);
  if (r.laws.empty() && r.policies.empty()) {
    p.add(path, "needs its basis: \"laws\" (法律法规依据) or \"policies\" (政策文件依据), at least one");
  }
  if (auto d = e.find("deadline"); d != e.end()) r.deadline = readDeadline(*d, path + ".deadline", p);
  return r;
}

}  // namespace

Result<ResponsibilityList> ResponsibilityList::forConfigDir(const std::string& config_dir) {
  const std::string file = "responsibilities.json";
  const std::string full = (std::filesystem::path(config_dir) / file).string();
  std::error_code ec;
  if (!std::filesystem::exists(full, ec)) return ResponsibilityList{};
  auto text = readTextFile(full);
  if (!text.isOk()) return invalidArgument(file + ": $: cannot read file");
  auto doc = parseJsonText(*text, file);
  if (!doc.isOk()) return doc.status();
  return parse(*doc, file);
}

Result<ResponsibilityList> ResponsibilityList::parse(const json& doc, const std::string& file) {
  Problems p(file);
  ResponsibilityList out;
  out.file_ = file;
  if (!doc.is_object()) return invalidArgument(file + ": $: must be an object {\"matters\": [...]}");
  p.keys(doc, {"matters"}, "$");
  auto matters = doc.find("matters");
  if (matters == doc.end() || !matters->is_array()) {
    p.add("$.matters", "must be an array of entries");
    return p.status();
  }
  std::map<std::string, std::string> seen;  // "intent:x" -> its path
  for (size_t i = 0; i < matters->size(); ++i) {
    const std::string path = "$.matters[" + std::to_string(i) + "]";
    Responsibility r = readEntry((*matters)[i], path, p);
    if (r.matter.empty()) continue;
    const std::string key = (r.is_category ? "category " : "intent ") + quote(r.matter);
    auto [it, fresh] = seen.emplace(key, path);
    if (!fresh) {
      p.add(path, "a second entry for " + key + " (the first is " + it->second + ")");
      continue;
    }
    out.entries_.push_back(std::move(r));
  }
  GG_RETURN_IF_ERROR(p.status());
  return out;
}

Status ResponsibilityList::validate(const std::set<std::string>& intents,
                                    const std::set<std::string>& categories, const Org& org) const {
  Problems p(file_);
  std::set<std::string> kinds;
  for (const auto& d : org.departments) kinds.insert(d.kind);
  for (const auto& r : entries_) {
    if (r.is_category && !categories.count(r.matter)) {
      p.add(r.path + ".category", "unknown category " + quote(r.matter) + " (not in the rule pack)");
    } else if (!r.is_category && !intents.count(r.matter)) {
      p.add(r.path + ".intent", "unknown intent " + quote(r.matter) + " (not in the rule pack)");
    }
    if (!r.department_id.empty()) {
      bool found = false;
      for (const auto& d : org.departments) found = found || d.id == r.department_id;
      if (!found) {
        p.add(r.path + ".department",
              "unknown department " + quote(r.department_id) + " (not in departments.json)");
      }
    }
    if (!r.department_kind.empty() && !kinds.count(r.department_kind)) {
      p.add(r.path + ".department_kind",
            "no department of kind " + quote(r.department_kind) + " in departments.json");
    }
  }
  return p.status();
}

Status ResponsibilityList::validate(const RulePack& pack, const Org& org) const {
  std::set<std::string> intents, categories;
  const auto& rules = pack.matcher().rules();
  const int n = pack.matcher().intentCount();
  for (int i = 0; i < n && i < static_cast<int>(rules.size()); ++i) {
    intents.insert(rules[static_cast<size_t>(i)]->id);
    categories.insert(rules[static_cast<size_t>(i)]->category);
  }
  return validate(intents, categories, org);
}

const Responsibility* ResponsibilityList::find(const std::string& intent,
                                               const std::string& category) const {
  const Responsibility* by_category = nullptr;
  for (const auto& r : entries_) {
    if (!r.is_category && r.matter == intent) return &r;
    if (r.is_category && r.matter == category) by_category = &r;
  }
  return by_category;
}

std::string basisText(const Responsibility& r) {
  std::string out;
  for (const auto* list : {&r.laws, &r.policies}) {
    for (const auto& s : *list) out += (out.empty() ? "" : "、") + s;
  }
  return out;
}

json responsibilityJson(const Responsibility& r, const OrgIndex& org, const TicketRecord* t) {
  json owner_name = nullptr;
  if (!r.department_id.empty()) {
    if (const Department* d = org.department(r.department_id)) owner_name = d->name;
  } else if (!r.department_kind.empty()) {
    const Department* d = t ? org.department(t->department_id) : nullptr;
    if (d && d->kind == r.department_kind) owner_name = d->name;
  } else if (r.owner == "street") {
    owner_name = org.org().street.name;
  } else if (r.owner == "community" && t) {
    if (const Community* c = org.community(t->community_id)) owner_name = c->name;
  } else if (r.owner == "grid" && t) {
    if (const Grid* g = org.grid(t->grid_id)) owner_name = g->name;
  }
  json deadline = json::object();
  if (r.deadline.accept_minutes) deadline["accept_minutes"] = r.deadline.accept_minutes;
  if (r.deadline.resolve_minutes) deadline["resolve_minutes"] = r.deadline.resolve_minutes;
  if (r.deadline.resolve_working_days) deadline["resolve_working_days"] = r.deadline.resolve_working_days;
  return {{"matter", r.matter},
          {"matter_kind", r.is_category ? "category" : "intent"},
          {"name", r.name.empty() ? r.matter : r.name},
          {"owner", r.owner},
          {"department_id", r.department_id.empty() ? json() : json(r.department_id)},
          {"department_kind", r.department_kind.empty() ? json() : json(r.department_kind)},
          {"owner_name", owner_name},
          {"duty", r.duty},
          {"laws", r.laws},
          {"policies", r.policies},
          {"deadline", deadline}};
}

}  // namespace gg
