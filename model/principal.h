#pragma once
// Who is acting and the one scope rule. Every layer that checks "may this principal see or act
// on that grid" asks here, so the rule is written once: a street/admin principal covers
// everything; a community principal its community and its grids; a grid principal its grid. A
// department principal (a responsible unit such as the power company) sees no grid or community:
// only the tickets assigned to its department (see server/routes_tickets.cc).

#include <cstdint>
#include <string>

#include "org/model.h"

namespace gg {

enum class Role { kAdmin, kStreet, kCommunity, kGrid, kDepartment };

// Parses "admin" | "street" | "community" | "grid" | "department".
bool parseRole(const std::string& text, Role* out);
const char* roleName(Role role);

struct Principal {
  Role role = Role::kGrid;
  std::string scope;  // community id (kCommunity), grid id (kGrid), department id (kDepartment)
  int64_t token_id = 0;
  std::string name;
  // A stable label for audit trails, e.g. "token:3(ops)".
  std::string actor() const;
};

// The scope rule. A grid that is no longer in the org (removed from the config while a token
// for it still exists) is visible to nobody below street level: false, never a crash.
bool canAccessCommunity(const Principal& p, const std::string& community_id);
bool canAccessGrid(const Principal& p, const OrgIndex& org, const std::string& grid_id);
// True for admin, street and community principals: they may see residents' numbers in clear
// (a department is outside the street's own staff and sees them masked, like a grid).
bool seesClearPhones(const Principal& p);

}  // namespace gg
