#include "adapters/http_call.h"

namespace gg {

Result<SplitUrl> splitUrl(const std::string& url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return invalidArgument("URL without scheme");
  std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return invalidArgument("URL scheme must be http(s)");
  size_t path = url.find('/', scheme_end + 3);
  size_t query = url.find('?', scheme_end + 3);
  size_t cut = std::min(path, query);
  SplitUrl out;
  out.origin = url.substr(0, cut);
  out.target = cut == std::string::npos ? "/" : url.substr(cut);
  if (!out.target.empty() && out.target[0] == '?') out.target = "/" + out.target;
  if (out.origin.size() <= scheme_end + 3) return invalidArgument("URL without host");
  return out;
}

HttpReply httpCall(const std::string& method, const std::string& origin, const std::string& target,
                   const httplib::Headers& headers, const std::string& json_body,
                   const HttpTimeouts& timeouts) {
  HttpReply reply;
  httplib::Client cli(origin);
  if (!cli.is_valid()) {
    reply.error = "invalid endpoint";
    return reply;
  }
  cli.set_connection_timeout(timeouts.connect_ms / 1000, (timeouts.connect_ms % 1000) * 1000);
  cli.set_read_timeout(timeouts.read_ms / 1000, (timeouts.read_ms % 1000) * 1000);
  cli.set_write_timeout(timeouts.read_ms / 1000, (timeouts.read_ms % 1000) * 1000);
  cli.set_keep_alive(false);
  httplib::Result res = method == "GET"
                            ? cli.Get(target.c_str(), headers)
                            : cli.Post(target.c_str(), headers, json_body, "application/json");
  if (!res) {
    reply.error = "transport: " + httplib::to_string(res.error());
    return reply;
  }
  reply.transport_ok = true;
  reply.status = res->status;
  reply.body = res->body;
  return reply;
}

std::optional<SendOutcome> classifyHttp(const HttpReply& reply) {
  if (!reply.transport_ok) return SendOutcome::retry(reply.error);
  if (reply.status >= 200 && reply.status < 300) return std::nullopt;
  std::string why = "http " + std::to_string(reply.status);
  if (reply.status >= 500 || reply.status == 408 || reply.status == 429) {
    return SendOutcome::retry(why);
  }
  return SendOutcome::permanent(why);
}

}  // namespace gg
