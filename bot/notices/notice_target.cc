#include "bot/notices/notice_target.h"

#include <algorithm>

namespace gg {
namespace {

Status readList(const nlohmann::json& j, const char* key, std::vector<std::string>* out) {
  if (!j.contains(key) || j[key].is_null()) return Status::ok();
  if (!j[key].is_array()) return invalidArgument(std::string("target.") + key + ": expected a list");
  for (const auto& v : j[key]) {
    if (!v.is_string() || v.get<std::string>().empty()) {
      return invalidArgument(std::string("target.") + key + ": expected non-empty strings");
    }
    out->push_back(v.get<std::string>());
  }
  return Status::ok();
}

bool hasAnyTag(const GroupBinding& g, const std::vector<std::string>& tags) {
  for (const auto& t : tags) {
    if (std::find(g.tags.begin(), g.tags.end(), t) != g.tags.end()) return true;
  }
  return false;
}

}  // namespace

Result<NoticeTarget> parseNoticeTarget(const nlohmann::json& j) {
  if (!j.is_object()) return invalidArgument("target: expected an object");
  NoticeTarget t;
  if (j.contains("all")) {
    if (!j["all"].is_boolean()) return invalidArgument("target.all: expected true or false");
    t.all = j["all"].get<bool>();
  }
  GG_RETURN_IF_ERROR(readList(j, "communities", &t.communities));
  GG_RETURN_IF_ERROR(readList(j, "grids", &t.grids));
  GG_RETURN_IF_ERROR(readList(j, "tags", &t.tags));
  GG_RETURN_IF_ERROR(readList(j, "groups", &t.groups));
  if (!t.all && t.communities.empty() && t.grids.empty() && t.tags.empty() && t.groups.empty()) {
    return invalidArgument("target: names no groups (set all, communities, grids, tags or groups)");
  }
  return t;
}

nlohmann::json toJson(const NoticeTarget& t) {
  return {{"all", t.all}, {"communities", t.communities}, {"grids", t.grids}, {"tags", t.tags},
          {"groups", t.groups}};
}

Result<std::vector<TargetGroup>> resolveTarget(const OrgIndex& org, const NoticeTarget& t) {
  for (const auto& c : t.communities) {
    if (!org.community(c)) return invalidArgument("target: no community \"" + c + "\"");
  }
  for (const auto& g : t.grids) {
    if (!org.grid(g)) return invalidArgument("target: no grid \"" + g + "\"");
  }
  std::set<const GroupBinding*> explicit_groups;
  for (const auto& spec : t.groups) {
    const auto colon = spec.find(':');
    const GroupBinding* b = nullptr;
    if (colon != std::string::npos) {
      // "onebot:81000101": an unknown channel name finds no group (the error below).
      b = org.group(parseChannel(spec.substr(0, colon)).value_or(Channel::kNone), spec.substr(colon + 1));
    } else {
      b = org.group(Channel::kOneBot, spec);
      if (!b) b = org.group(Channel::kWeCom, spec);
    }
    if (!b) return invalidArgument("target: no group \"" + spec + "\"");
    explicit_groups.insert(b);
  }
  const bool by_place = !t.communities.empty() || !t.grids.empty();
  std::vector<TargetGroup> out;
  for (const auto& c : org.org().communities) {
    for (const auto& g : c.grids) {
      for (const auto& b : g.groups) {
        bool in = t.all;
        if (!in && by_place) {
          in = std::find(t.communities.begin(), t.communities.end(), c.id) != t.communities.end() ||
               std::find(t.grids.begin(), t.grids.end(), g.id) != t.grids.end();
          if (in && !t.tags.empty()) in = hasAnyTag(b, t.tags);
        } else if (!in && !t.tags.empty()) {
          in = hasAnyTag(b, t.tags);
        }
        if (t.all && !t.tags.empty()) in = hasAnyTag(b, t.tags);
        if (explicit_groups.count(&b)) in = true;
        if (in) out.push_back({&b, &g, &c});
      }
    }
  }
  if (out.empty()) return invalidArgument("target: matches no group");
  return out;
}

std::set<std::string> communitiesOf(const std::vector<TargetGroup>& groups) {
  std::set<std::string> out;
  for (const auto& g : groups) out.insert(g.community->id);
  return out;
}

}  // namespace gg
