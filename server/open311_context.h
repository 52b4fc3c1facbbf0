#pragma once
// What the Open311 routes (server/routes_open311.cc, server/open311_post.cc) share: the services
// they call, the throttles, and the checks every route makes first (the key, the parameters,
// the jurisdiction).

#include <httplib.h>

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>

#include "bot/message_catalog.h"
#include "bot/pipeline.h"
#include "intents/intent_engine.h"
#include "model/principal.h"
#include "server/app_context.h"
#include "server/auth_throttle.h"
#include "server/open311_format.h"

namespace gg::open311 {

// Invalid keys one address may send per minute before 429, as for bearer tokens on /api/.
constexpr int kMaxFailedKeys = 20;

struct Context {
  Context(AppContext& c, Pipeline& p, const IntentEngine& i, const MessageCatalog& m)
      : ctx(c), pipeline(p), intents(i), say(m),
        lookups(c.settings.public_page.lookup_limit, std::chrono::seconds(c.settings.public_page.window_s)) {}
  AppContext& ctx;
  Pipeline& pipeline;
  const IntentEngine& intents;
  const MessageCatalog& say;
  AuthThrottle failed_keys{kMaxFailedKeys, std::chrono::seconds(60)};
  // Reads without a key: the resident page's look-up limit per address (public.lookup_limit).
  AuthThrottle lookups;
};

// Returns who holds the request's key: api_key (a field, else the query), else an
// "Authorization: Bearer" header; nullopt when there is none. A key that is no active token
// here is PermissionDenied ("invalid api_key", the spec's 403) and counts against the address;
// an address over kMaxFailedKeys is ResourceExhausted with Retry-After set on res.
Result<std::optional<Principal>> keyHolder(Context& oc, const httplib::Request& req,
                                           const std::string& api_key, httplib::Response& res);

// Counts one read without a key from the request's address; false (and a 429 with Retry-After
// in the GeoReport format) when the address is over public.lookup_limit.
bool admitLookup(Context& oc, const httplib::Request& req, httplib::Response& res, Format format);

// Checks the query string: every parameter in known, none twice, all UTF-8; InvalidArgument
// naming the first that is not.
Status onlyParams(const httplib::Request& req, std::initializer_list<const char*> known);

// Checks a jurisdiction_id: empty or this street's id; NotFound otherwise (one jurisdiction).
Status checkJurisdiction(const Context& oc, const std::string& jurisdiction_id);

// Answers POST requests.{json,xml} (server/open311_post.cc).
void postRequest(Context& oc, const httplib::Request& req, httplib::Response& res);

}  // namespace gg::open311
