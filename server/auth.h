#pragma once
// API tokens: who is calling and what part of the street they may see and act on.
// Tokens are random, shown once at creation, and stored only as their SHA-256.

#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "org/model.h"
#include "storage/store.h"

namespace gg {

enum class Role { kAdmin, kStreet, kCommunity, kGrid };

// Parses "admin" | "street" | "community" | "grid".
bool parseRole(const std::string& text, Role* out);
const char* roleName(Role role);

struct Principal {
  Role role = Role::kGrid;
  std::string scope;  // community id (kCommunity) or grid id (kGrid); empty otherwise
  int64_t token_id = 0;
  std::string name;
  // A stable label for audit trails, e.g. "token:3(ops)".
  std::string actor() const;
};

// Returns the lower-case hex SHA-256 of a token secret.
std::string hashToken(const std::string& token);

// Makes a new random token secret ("gg_" + 43 url-safe characters, 256 bits).
std::string generateToken();

// Creates a token after checking the role/scope pair against the org (a community token needs a
// community id, a grid token a grid id, admin/street none). Returns the secret (shown once).
Result<std::string> createToken(Store& store, const OrgIndex& org, const std::string& role,
                                const std::string& scope, const std::string& name, Millis now);

// Resolves an "Authorization: Bearer <token>" header value. Unauthenticated when missing,
// malformed, unknown or revoked.
Result<Principal> authenticate(Store& store, const std::string& authorization_header);

// Scope checks. A street/admin token covers everything; a community token its community and
// its grids; a grid token only its grid.
bool canAccessCommunity(const Principal& p, const std::string& community_id);
bool canAccessGrid(const Principal& p, const OrgIndex& org, const std::string& grid_id);
// True for admin, street and community tokens: they may see residents' phone numbers in clear.
bool seesClearPhones(const Principal& p);

}  // namespace gg
