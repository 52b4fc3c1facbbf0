#include "storage/database_url.h"

namespace gg {

bool isPostgresUrl(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::string maskDatabaseUrl(const std::string& db) {
  if (!isPostgresUrl(db)) return db;
  const size_t start = db.find("://") + 3;
  // The authority ends at the first '/', '?' or '#'; its userinfo at the last '@' before that
  // (a password may itself hold '@' when percent-encoding was forgotten).
  const size_t end = db.find_first_of("/?#", start);
  const size_t at = db.rfind('@', end == std::string::npos ? std::string::npos : end);
  std::string out = db;
  if (at != std::string::npos && at >= start) {
    const size_t colon = db.find(':', start);
    if (colon != std::string::npos && colon < at) out = db.substr(0, colon + 1) + "***" + db.substr(at);
  }
  // libpq also takes password=… as a query parameter.
  const size_t q = out.find("password=");
  if (q != std::string::npos && q > start) {
    const size_t stop = out.find('&', q);
    out = out.substr(0, q + 9) + "***" + (stop == std::string::npos ? "" : out.substr(stop));
  }
  return out;
}

}  // namespace gg
