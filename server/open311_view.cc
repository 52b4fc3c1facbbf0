#include "server/open311_view.h"

#include <algorithm>

#include "core/clock.h"
#include "core/text.h"

namespace gg::open311 {
namespace {

// Enough keywords for a client to search by; the pack's full lists run to dozens.
constexpr size_t kMaxKeywords = 6;

nlohmann::ordered_json timeOrNull(Millis t) {
  return t ? nlohmann::ordered_json(formatChinaTime(t)) : nlohmann::ordered_json();
}

nlohmann::ordered_json textOrNull(const std::string& s) {
  return s.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s);
}

std::string maybeMask(const std::string& s, bool clear) { return clear ? s : maskPhonesInText(s); }

// "滨悦新城#3" (the router's place key: compound, then building) → "滨悦新城3号楼".
std::string addressOf(const std::string& place_key) {
  const size_t hash = place_key.find('#');
  if (hash == std::string::npos) return place_key;
  return place_key.substr(0, hash) + place_key.substr(hash + 1) + "号楼";
}

std::string keywordsOf(const Rule& r) {
  std::string out;
  size_t n = 0;
  for (const Pattern& p : r.patterns) {
    // "@lexicon" references stand for lists; only literal keywords say something to a client.
    if (p.kind != PatternKind::kKeyword || p.text.empty() || p.text.find('@') != std::string::npos) continue;
    if (n == kMaxKeywords) break;
    out += (n++ ? ", " : "") + p.text;
  }
  return out;
}

}  // namespace

std::vector<Service> servicesOf(const RulePack* pack) {
  std::vector<Service> out;
  if (pack) {
    const auto& rules = pack->matcher().rules();
    const int n = pack->matcher().intentCount();
    for (int i = 0; i < n && i < static_cast<int>(rules.size()); ++i) {
      const Rule& r = *rules[static_cast<size_t>(i)];
      if (r.kind == "social" || r.category == "social") continue;
      Service s;
      s.code = r.id;
      s.name = r.label;
      s.group = r.category;
      s.description = r.examples.match.empty() ? r.label : r.examples.match.front();
      s.keywords = keywordsOf(r);
      out.push_back(std::move(s));
    }
  }
  out.push_back({kUnclassifiedCode, kUnclassifiedName, kUnclassifiedGroup, kUnclassifiedName, ""});
  return out;
}

const Service* findService(const std::vector<Service>& services, const std::string& code) {
  for (const Service& s : services) {
    if (s.code == code) return &s;
  }
  return nullptr;
}

nlohmann::ordered_json serviceRow(const Service& s) {
  nlohmann::ordered_json j;
  j["service_code"] = s.code;
  j["service_name"] = s.name;
  j["description"] = s.description;
  j["metadata"] = false;  // no service asks for attributes: the rules read the description
  j["type"] = "realtime";
  j["keywords"] = s.keywords;
  j["group"] = s.group;
  return j;
}

const char* requestStatus(TicketStatus s) {
  switch (s) {
    case TicketStatus::kNew:
    case TicketStatus::kAssigned:
    case TicketStatus::kAccepted: return "open";
    case TicketStatus::kResolved:
    case TicketStatus::kClosed: return "closed";
  }
  return "open";
}

std::string agencyOf(const TicketRecord& t, const OrgIndex& org) {
  if (t.assignee_kind == AssigneeKind::kWorker) {
    // The grid is the unit; the worker's own name is theirs, not the public's.
    const Grid* g = org.grid(t.grid_id);
    if (!g) {
      const Worker* w = org.worker(t.assignee_id);
      g = w ? org.grid(w->grid_id) : nullptr;
    }
    return g ? g->name : "";
  }
  if (t.assignee_kind == AssigneeKind::kCommunity) {
    const Community* c = org.community(t.assignee_id);
    return c ? c->name : "";
  }
  if (t.assignee_kind == AssigneeKind::kDepartment) {
    const Department* d = org.department(t.assignee_id);
    return d ? d->name : "";
  }
  if (t.assignee_kind == AssigneeKind::kStreet) return org.org().street.name;
  return "";
}

nlohmann::ordered_json requestRow(const TicketRecord& t, const OrgIndex& org, const MessageCatalog& say,
                                  bool staff, bool clear_phones) {
  const std::string state(toString(t.status));
  std::string notes = say.text("state." + state);
  if (staff && !t.resolution.empty()) notes += "：" + maybeMask(t.resolution, clear_phones);
  const Millis updated = std::max({t.created_at, t.accepted_at, t.resolved_at, t.closed_at, t.rated_at});
  nlohmann::ordered_json j;
  j["service_request_id"] = std::to_string(t.id);
  j["status"] = requestStatus(t.status);
  j["status_notes"] = notes;
  j["service_name"] = t.intent_label;
  j["service_code"] = t.intent;
  j["description"] = maybeMask(t.description, clear_phones);
  j["agency_responsible"] = textOrNull(maskPhonesInText(agencyOf(t, org)));
  j["service_notice"] = nullptr;
  j["requested_datetime"] = timeOrNull(t.created_at);
  j["updated_datetime"] = timeOrNull(updated);
  j["expected_datetime"] = timeOrNull(t.resolve_by);
  j["address"] = textOrNull(addressOf(t.place_key));
  j["address_id"] = nullptr;
  j["zipcode"] = nullptr;
  j["lat"] = nullptr;  // the org knows compounds and buildings, not coordinates
  j["long"] = nullptr;
  j["media_url"] = nullptr;
  return j;
}

bool mayRead(const Principal& p, const OrgIndex& org, const TicketRecord& t) {
  switch (p.role) {
    case Role::kAdmin:
    case Role::kStreet: return true;
    case Role::kCommunity: return canAccessCommunity(p, t.community_id);
    case Role::kGrid: return !t.grid_id.empty() && canAccessGrid(p, org, t.grid_id);
    case Role::kDepartment:
      return (t.assignee_kind == AssigneeKind::kDepartment && t.assignee_id == p.scope) || t.department_id == p.scope;
  }
  return false;
}

}  // namespace gg::open311
