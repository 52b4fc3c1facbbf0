#pragma once
// The street's responsibility list (职责任务清单): for each matter — an intent or a category of
// the rule pack — who owns it, on what legal basis (法律法规依据) and policy documents (政策文件
// 依据) and within what time. From <config>/responsibilities.json (optional; none = no list):
//
//   {"matters": [
//     {"intent": "lift_fault",              // or "category": "housing" (exactly one of the two)
//      "name": "电梯故障维修",                // 事项名称 (optional; default: the id)
//      "owner": "department",               // grid | community | street | department
//      "department_kind": "property",       // department: "department" (an id of departments.json)
//                                           //   or "department_kind" (the one of that kind serving
//                                           //   the ticket's grid, as the router picks it)
//      "duty": "电梯日常维护保养和故障维修", // 职责内容 (optional)
//      "laws": ["《特种设备安全法》"],         // 法律法规依据
//      "policies": ["《电梯维护保养规则》"],   // 政策文件依据 (laws + policies: at least one)
//      "deadline": {"accept_minutes": 30, "resolve_hours": 24}}]}   // optional, see below
//
// deadline: "accept_minutes" and one of "resolve_minutes", "resolve_hours",
// "resolve_working_days" (bot/ticket_policy.h says how a working-day deadline is counted); a
// part left out keeps the ticket policy's figure for the ticket's urgency. An intent's entry
// comes before its category's; no entry's deadline applies to an emergency.

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "storage/ticket_repo.h"
#include "org/model.h"

namespace gg {

class RulePack;

// An entry's own deadline; 0 = not given (the ticket policy's figure applies).
struct ResponsibilityDeadline {
  int accept_minutes = 0;
  int resolve_minutes = 0;       // resolve_hours is stored here as minutes
  int resolve_working_days = 0;
  bool any() const { return accept_minutes || resolve_minutes || resolve_working_days; }
};

struct Responsibility {
  std::string matter;          // the intent or category id
  bool is_category = false;
  std::string name;            // 事项名称; empty = matter
  std::string owner;           // grid | community | street | department
  std::string department_id;   // owner department, by id
  std::string department_kind; // owner department, by kind (the grid's one)
  std::string duty;
  std::vector<std::string> laws;
  std::vector<std::string> policies;
  ResponsibilityDeadline deadline;
  std::string path;            // "$.matters[3]", for errors found after parsing
};

class ResponsibilityList {
 public:
  // Reads <config_dir>/responsibilities.json; a missing file is an empty list. Every problem of
  // the file is listed, one per line, as "responsibilities.json: $.matters[N].key: problem"
  // (malformed JSON: "responsibilities.json:<line>:<column>: …"); unknown keys are errors.
  static Result<ResponsibilityList> forConfigDir(const std::string& config_dir);
  // Parses an already-read document; file names it in errors.
  static Result<ResponsibilityList> parse(const nlohmann::json& doc, const std::string& file);

  // Checks every reference: the intent or category must be in the rule pack, a department id
  // in the org, a department kind held by some department. InvalidArgument listing each
  // problem as "responsibilities.json: $.matters[N].intent: unknown intent \"x\" …".
  Status validate(const std::set<std::string>& intents, const std::set<std::string>& categories,
                  const Org& org) const;
  // The same against a compiled pack (its intents and their categories).
  Status validate(const RulePack& pack, const Org& org) const;

  // Returns the entry for a ticket's matter: the intent's, else the category's; nullptr if none.
  const Responsibility* find(const std::string& intent, const std::string& category) const;

  const std::vector<Responsibility>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

 private:
  std::string file_ = "responsibilities.json";
  std::vector<Responsibility> entries_;
};

using ResponsibilityListPtr = std::shared_ptr<const ResponsibilityList>;

// Returns the basis of r as people read it: laws, then policies, joined by "、".
std::string basisText(const Responsibility& r);

// Returns r as the API shows it: {"matter", "matter_kind" (intent|category), "name", "owner",
// "department_id", "department_kind", "owner_name", "duty", "laws", "policies", "deadline"}.
// owner_name: the department's name (by kind: the ticket's department when it is of that kind),
// the street's name; for grid and community the ticket's grid or community; null when unknown
// (a kind or a grid without a ticket). ticket may be null (the list itself).
nlohmann::json responsibilityJson(const Responsibility& r, const OrgIndex& org,
                                  const TicketRecord* ticket = nullptr);

}  // namespace gg
