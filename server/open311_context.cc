#include "server/open311_context.h"

#include "core/log.h"
#include "core/text.h"
#include "server/auth.h"

namespace gg::open311 {

Result<std::optional<Principal>> keyHolder(Context& oc, const httplib::Request& req,
                                           const std::string& api_key, httplib::Response& res) {
  const std::string header = req.get_header_value("Authorization");
  if (api_key.empty() && header.empty()) return std::optional<Principal>();
  if (const int wait = oc.failed_keys.retryAfterSeconds(req.remote_addr); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    return resourceExhausted("too many invalid api_keys from this address; try again later");
  }
  auto p = authenticate(*oc.ctx.store, api_key.empty() ? header : "Bearer " + api_key);
  if (!p.isOk()) {
    if (p.status().code() != Code::kUnauthenticated) return p.status();  // the database, not the key
    oc.failed_keys.recordFailure(req.remote_addr);
    // The key itself is never logged; the address and the route are.
    log::warn("open311 api_key refused addr={} method={} path={} reason={}", req.remote_addr, req.method,
              req.path, p.status().message());
    return permissionDenied("invalid api_key");
  }
  return std::optional<Principal>(std::move(p).value());
}

bool admitLookup(Context& oc, const httplib::Request& req, httplib::Response& res, Format format) {
  if (const int wait = oc.lookups.retryAfterSeconds(req.remote_addr); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    replyError(res, 429, "too many requests without an api_key; try again later", format);
    return false;
  }
  oc.lookups.recordFailure(req.remote_addr);
  return true;
}

Status onlyParams(const httplib::Request& req, std::initializer_list<const char*> known) {
  for (const auto& [name, value] : req.params) {
    bool ok = false;
    for (const char* k : known) ok = ok || name == k;
    const std::string shown = isValidUtf8(name) ? name.substr(0, 40) : "?";
    if (!ok) return invalidArgument("unknown parameter \"" + shown + "\"");
    if (req.params.count(name) > 1) return invalidArgument("parameter \"" + shown + "\" given twice");
    if (!isValidUtf8(value)) return invalidArgument("parameter \"" + shown + "\" is not UTF-8");
  }
  return Status::ok();
}

Status checkJurisdiction(const Context& oc, const std::string& jurisdiction_id) {
  if (jurisdiction_id.empty() || jurisdiction_id == oc.ctx.org->org().street.id) return Status::ok();
  return notFound("unknown jurisdiction_id; this endpoint serves " + oc.ctx.org->org().street.id);
}

}  // namespace gg::open311
