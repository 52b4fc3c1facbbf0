#include "server/auth.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "core/text.h"

namespace gg {

std::string hashToken(const std::string& token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(token.data(), token.size(), digest, &len, EVP_sha256(), nullptr);
  return toHex(std::string_view(reinterpret_cast<const char*>(digest), len));
}

std::string generateToken() {
  static const char* kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  unsigned char bytes[43];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  std::string out = "gg_";
  for (unsigned char b : bytes) out += kAlphabet[b & 63];  // 43 × 6 bits = 258 bits
  return out;
}

Result<std::string> createToken(Store& store, const OrgIndex& org, const std::string& role_text,
                                const std::string& scope, const std::string& name, Millis now) {
  Role role;
  if (!parseRole(role_text, &role)) {
    return invalidArgument("role must be admin, street, community, grid or department, got \"" + role_text +
                           "\"");
  }
  if (role == Role::kCommunity && !org.community(scope)) {
    return invalidArgument("a community token needs --scope COMMUNITY_ID; \"" + scope +
                           "\" is not a community");
  }
  if (role == Role::kGrid && !org.grid(scope)) {
    return invalidArgument("a grid token needs --scope GRID_ID; \"" + scope + "\" is not a grid");
  }
  if (role == Role::kDepartment && !org.department(scope)) {
    return invalidArgument("a department token needs --scope DEPARTMENT_ID; \"" + scope +
                           "\" is not a department");
  }
  if ((role == Role::kAdmin || role == Role::kStreet) && !scope.empty()) {
    return invalidArgument(std::string("a ") + roleName(role) + " token takes no scope");
  }
  const std::string secret = generateToken();
  TokenRecord rec;
  rec.name = name;
  rec.role = roleName(role);
  rec.scope = scope;
  rec.token_hash = hashToken(secret);
  rec.created_at = now;
  GG_RETURN_IF_ERROR(store.write([&](Tx& tx) { return tx.tokens().insert(rec).status(); }));
  return secret;
}

Result<Principal> authenticate(Store& store, const std::string& header) {
  static const std::string kPrefix = "Bearer ";
  if (header.empty()) return unauthenticated("missing Authorization: Bearer <token>");
  if (header.compare(0, kPrefix.size(), kPrefix) != 0 || header.size() <= kPrefix.size()) {
    return unauthenticated("Authorization must be \"Bearer <token>\"");
  }
  const std::string hash = hashToken(header.substr(kPrefix.size()));
  std::optional<TokenRecord> rec;
  GG_RETURN_IF_ERROR(store.read([&](Tx& tx) {
    auto r = tx.tokens().findActiveByHash(hash);
    if (!r.isOk()) return r.status();
    rec = *r;
    return Status::ok();
  }));
  if (!rec) return unauthenticated("unknown or revoked token");
  Principal p;
  if (!parseRole(rec->role, &p.role)) return unauthenticated("token has an unknown role");
  p.scope = rec->scope;
  p.token_id = rec->id;
  p.name = rec->name;
  return p;
}

}  // namespace gg
