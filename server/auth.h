#pragma once
// API tokens: who is calling and what part of the street they may see and act on.
// Tokens are random, shown once at creation, and stored only as their SHA-256.

#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "model/principal.h"
#include "org/model.h"
#include "storage/store.h"

namespace gg {

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

}  // namespace gg
