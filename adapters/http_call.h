#pragma once
// One blocking HTTP exchange with explicit timeouts, shared by the senders, and the mapping of
// transport failures and HTTP statuses to SendOutcome.

#include <httplib.h>

#include <optional>
#include <string>

#include "bot/sender.h"
#include "core/clock.h"
#include "core/result.h"

namespace gg {

struct HttpTimeouts {
  Millis connect_ms = 3000;
  Millis read_ms = 5000;
};

// "http://host:port/a/b?x=1" -> origin "http://host:port", target "/a/b?x=1".
struct SplitUrl {
  std::string origin;
  std::string target;
};

// Splits an absolute http(s) URL; invalidArgument for anything else.
Result<SplitUrl> splitUrl(const std::string& url);

struct HttpReply {
  bool transport_ok = false;  // false: refused, timed out, reset ... (see error)
  std::string error;
  int status = 0;
  std::string body;
};

// Sends method ("GET" or "POST") to origin+target with a JSON body (POST) and extra headers.
// Never throws; a fresh connection per call keeps the sender thread-safe.
HttpReply httpCall(const std::string& method, const std::string& origin, const std::string& target,
                   const httplib::Headers& headers, const std::string& json_body,
                   const HttpTimeouts& timeouts);

// Returns the outcome for a failed exchange (transport error -> kRetry; 5xx, 408, 429 -> kRetry;
// other non-2xx -> kPermanent), or nullopt for a 2xx that the caller must inspect.
std::optional<SendOutcome> classifyHttp(const HttpReply& reply);

}  // namespace gg
