#pragma once
// Who a notice goes to: every group, some communities, grids, groups carrying a tag, or listed
// groups — resolved against the org into concrete group bindings.

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "org/model.h"

namespace gg {

struct NoticeTarget {
  bool all = false;
  std::vector<std::string> communities;
  std::vector<std::string> grids;
  // Alone: every group with any of the tags. With communities/grids: narrows those to tagged groups.
  std::vector<std::string> tags;
  std::vector<std::string> groups;  // "group_id" or "channel:group_id"; always included
};

// Parses {"all", "communities", "grids", "tags", "groups"}; InvalidArgument on wrong types or an
// empty target.
Result<NoticeTarget> parseNoticeTarget(const nlohmann::json& j);
nlohmann::json toJson(const NoticeTarget& t);

// One group a notice reaches, with where it sits in the org.
struct TargetGroup {
  const GroupBinding* binding = nullptr;
  const Grid* grid = nullptr;
  const Community* community = nullptr;
};

// Resolves a target to groups (each once, in org order). InvalidArgument names an unknown
// community, grid or group; an empty resolution is InvalidArgument too.
Result<std::vector<TargetGroup>> resolveTarget(const OrgIndex& org, const NoticeTarget& t);

// Returns the ids of the communities the groups belong to.
std::set<std::string> communitiesOf(const std::vector<TargetGroup>& groups);

}  // namespace gg
