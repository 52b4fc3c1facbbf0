#include "model/principal.h"

namespace gg {

bool parseRole(const std::string& text, Role* out) {
  if (text == "admin") *out = Role::kAdmin;
  else if (text == "street") *out = Role::kStreet;
  else if (text == "community") *out = Role::kCommunity;
  else if (text == "grid") *out = Role::kGrid;
  else if (text == "department") *out = Role::kDepartment;
  else return false;
  return true;
}

const char* roleName(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kStreet: return "street";
    case Role::kCommunity: return "community";
    case Role::kGrid: return "grid";
    case Role::kDepartment: return "department";
  }
  return "grid";
}

std::string Principal::actor() const {
  return "token:" + std::to_string(token_id) + (name.empty() ? "" : "(" + name + ")");
}

bool canAccessCommunity(const Principal& p, const std::string& community_id) {
  switch (p.role) {
    case Role::kAdmin:
    case Role::kStreet: return true;
    case Role::kCommunity: return p.scope == community_id;
    case Role::kGrid:
    case Role::kDepartment: return false;
  }
  return false;
}

bool canAccessGrid(const Principal& p, const OrgIndex& org, const std::string& grid_id) {
  switch (p.role) {
    case Role::kAdmin:
    case Role::kStreet: return true;
    case Role::kCommunity: {
      const Grid* g = org.grid(grid_id);
      return g && g->community_id == p.scope;
    }
    case Role::kGrid: return p.scope == grid_id && org.grid(grid_id) != nullptr;
    case Role::kDepartment: return false;
  }
  return false;
}

bool seesClearPhones(const Principal& p) {
  return p.role == Role::kAdmin || p.role == Role::kStreet || p.role == Role::kCommunity;
}

}  // namespace gg
