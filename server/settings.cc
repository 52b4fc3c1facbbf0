#include "server/settings.h"

#include <arpa/inet.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/json_file.h"
#include "storage/database_url.h"

namespace gg {
namespace fs = std::filesystem;

namespace {

std::string resolve(const std::string& base, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  return fs::weakly_canonical(fs::path(base) / p).string();
}

template <typename T>
Status readField(const nlohmann::json& obj, const char* key, const std::string& where, T* out) {
  if (!obj.contains(key)) return Status::ok();
  try {
    *out = obj.at(key).get<T>();
    return Status::ok();
  } catch (const nlohmann::json::exception&) {
    return invalidArgument(where + "." + key + ": wrong type");
  }
}

// Set by `gridgate --share-dir`; read by every loadSettings() of the process.
std::string& shareDirOverride() {
  static std::string dir;
  return dir;
}

// The defaults of rule_packs and web_dir. An explicit share dir (flag or setting) is taken as it
// is, so a wrong one fails loudly; the compiled-in one (the install prefix) falls back to the
// source tree when it is absent, which is what a build that was never installed runs from.
struct ShareDefaults {
  std::vector<std::string> rule_packs;
  std::string web_dir;
};
ShareDefaults shareDefaults(const Settings& s, bool explicit_share) {
  const fs::path share(s.share_dir);
  std::error_code ec;
  if (explicit_share || fs::is_directory(share / "rules", ec)) {
    return {{(share / "rules" / "zh").string()}, (share / "web").string()};
  }
  return {{resolve(s.config_dir, "../rules/zh")}, std::string(GRIDGATE_SOURCE_DIR) + "/web"};
}

}  // namespace

void setShareDirOverride(const std::string& dir) { shareDirOverride() = dir; }

std::string defaultRulePackDir() {
  const fs::path share = !shareDirOverride().empty() ? fs::path(shareDirOverride()) : fs::path(GRIDGATE_SHARE_DIR);
  std::error_code ec;
  if (!shareDirOverride().empty() || fs::is_directory(share / "rules", ec)) return (share / "rules" / "zh").string();
  return std::string(GRIDGATE_SOURCE_DIR) + "/config/rules/zh";
}

namespace {

// An address serve can bind: an IPv4 or IPv6 literal, or a host name (letters, digits, '-',
// '.'). Digits and dots only must be a real IPv4 address: "254.0.0.1808" passed check and then
// stopped serve with "cannot listen" (found by fuzz/settings_fuzz).
bool isBindableHost(const std::string& host) {
  if (host.empty() || host.size() > 253) return false;
  unsigned char buf[16];
  if (inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1) return true;
  if (host.find_first_not_of("0123456789.") == std::string::npos) return false;
  if (host.front() == '-' || host.front() == '.') return false;
  return host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") ==
         std::string::npos;
}

}  // namespace

Status parseListen(const std::string& listen, ServerSettings* out) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return invalidArgument("listen address must be HOST:PORT, got \"" + listen + "\"");
  }
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    return invalidArgument("listen port must be 0-65535, got \"" + port + "\"");
  }
  const std::string host = listen.substr(0, colon);
  if (!isBindableHost(host)) {
    return invalidArgument("listen host must be an IP address or a host name, got \"" + host + "\"");
  }
  out->host = host;
  out->port = std::stoi(port);
  return Status::ok();
}

namespace {

Status readPublic(const nlohmann::json& pj, const std::string& w, PublicSettings* p) {
  if (!pj.is_object()) return invalidArgument(w + ": must be an object");
  GG_RETURN_IF_ERROR(rejectUnknownKeys(pj, {"max_body_bytes", "max_text_chars", "max_place_chars",
                                            "max_comment_chars", "ip_limit", "phone_limit",
                                            "lookup_limit", "window_s", "base_url"}, w));
  GG_RETURN_IF_ERROR(readField(pj, "max_body_bytes", w, &p->max_body_bytes));
  GG_RETURN_IF_ERROR(readField(pj, "max_text_chars", w, &p->max_text_chars));
  GG_RETURN_IF_ERROR(readField(pj, "max_place_chars", w, &p->max_place_chars));
  GG_RETURN_IF_ERROR(readField(pj, "max_comment_chars", w, &p->max_comment_chars));
  GG_RETURN_IF_ERROR(readField(pj, "ip_limit", w, &p->ip_limit));
  GG_RETURN_IF_ERROR(readField(pj, "phone_limit", w, &p->phone_limit));
  GG_RETURN_IF_ERROR(readField(pj, "lookup_limit", w, &p->lookup_limit));
  GG_RETURN_IF_ERROR(readField(pj, "window_s", w, &p->window_s));
  GG_RETURN_IF_ERROR(readField(pj, "base_url", w, &p->base_url));
  if (p->max_body_bytes < 256 || p->max_body_bytes > (1u << 20)) {
    return invalidArgument(w + ".max_body_bytes: must be 256-1048576");
  }
  for (auto [name, v] : {std::pair{"max_text_chars", p->max_text_chars}, {"max_place_chars", p->max_place_chars},
                         {"max_comment_chars", p->max_comment_chars}, {"ip_limit", p->ip_limit},
                         {"phone_limit", p->phone_limit}, {"lookup_limit", p->lookup_limit},
                         {"window_s", p->window_s}}) {
    if (v < 1 || v > 100000) return invalidArgument(w + "." + name + ": must be 1-100000");
  }
  if (!p->base_url.empty() && p->base_url.rfind("http://", 0) != 0 && p->base_url.rfind("https://", 0) != 0) {
    return invalidArgument(w + ".base_url: must start with http:// or https://");
  }
  while (!p->base_url.empty() && p->base_url.back() == '/') p->base_url.pop_back();
  return Status::ok();
}

// Every weight a number >= 0 (a flag or a string is a typo, not a weight) and at least one > 0,
// or no score could be computed.
Status readAssessment(const nlohmann::json& aj, const std::string& w, AssessmentWeights* out) {
  if (!aj.is_object()) return invalidArgument(w + ": must be an object");
  GG_RETURN_IF_ERROR(rejectUnknownKeys(aj, {"weights"}, w));
  if (!aj.contains("weights")) return Status::ok();
  const auto& wj = aj["weights"];
  const std::string ww = w + ".weights";
  if (!wj.is_object()) return invalidArgument(ww + ": must be an object");
  GG_RETURN_IF_ERROR(rejectUnknownKeys(
      wj, {"on_time_accept", "on_time_resolve", "satisfaction", "rework", "escalations"}, ww));
  AssessmentWeights weights{0, 0, 0, 0, 0};
  double sum = 0;
  for (auto [name, field] : {std::pair{"on_time_accept", &weights.on_time_accept},
                             {"on_time_resolve", &weights.on_time_resolve},
                             {"satisfaction", &weights.satisfaction},
                             {"rework", &weights.rework},
                             {"escalations", &weights.escalations}}) {
    if (!wj.contains(name)) continue;
    const auto& v = wj[name];
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0) {
      return invalidArgument(ww + "." + name + ": must be a number >= 0");
    }
    *field = v.get<double>();
    sum += *field;
  }
  if (!(sum > 0)) return invalidArgument(ww + ": the weights must add up to more than 0");
  *out = weights;
  return Status::ok();
}

}  // namespace

Result<Settings> loadSettings(const std::string& config_dir) {
  Settings s;
  s.config_dir = fs::weakly_canonical(config_dir).string();
  if (!fs::is_directory(s.config_dir)) {
    return notFound(config_dir + ": config directory does not exist");
  }
  const std::string file = (fs::path(s.config_dir) / "gridgate.json").string();
  nlohmann::json j = nlohmann::json::object();
  if (fs::exists(file)) {
    auto parsed = readJsonFile(file);
    if (!parsed.isOk()) return parsed.status();
    j = std::move(parsed).value();
    if (!j.is_object()) return invalidArgument(file + ": $: must be an object");
  }
  s.raw = j;
  const std::string where = file + ": $";
  GG_RETURN_IF_ERROR(rejectUnknownKeys(
      j, {"rule_packs", "server", "public", "database", "log_level", "log_format", "share_dir", "web_dir",
          "channels", "tickets", "notices", "assessment", "health"},
      where));

  std::string share;
  GG_RETURN_IF_ERROR(readField(j, "share_dir", where, &share));
  const bool explicit_share = !share.empty() || !shareDirOverride().empty();
  s.share_dir = !share.empty() ? resolve(s.config_dir, share)
                : !shareDirOverride().empty() ? fs::weakly_canonical(shareDirOverride()).string()
                                              : std::string(GRIDGATE_SHARE_DIR);
  if (explicit_share && !fs::is_directory(s.share_dir)) {
    return invalidArgument(where + ".share_dir: " + s.share_dir + " is not a directory");
  }
  const ShareDefaults defaults = shareDefaults(s, explicit_share);
  if (j.contains("rule_packs")) {
    std::vector<std::string> packs;
    GG_RETURN_IF_ERROR(readField(j, "rule_packs", where, &packs));
    for (const auto& p : packs) s.rule_packs.push_back(resolve(s.config_dir, p));
  } else {
    s.rule_packs = defaults.rule_packs;
  }

  if (j.contains("server")) {
    const auto& sv = j["server"];
    if (!sv.is_object()) return invalidArgument(where + ".server: must be an object");
    const std::string w = where + ".server";
    GG_RETURN_IF_ERROR(rejectUnknownKeys(
        sv, {"listen", "max_body_bytes", "workers", "max_connections", "keep_alive_max",
             "keep_alive_timeout_s", "read_timeout_s", "write_timeout_s", "head_timeout_s",
             "request_timeout_s", "max_head_bytes", "max_header_lines", "access_log"},
        w));
    std::string listen;
    GG_RETURN_IF_ERROR(readField(sv, "listen", w, &listen));
    if (!listen.empty()) {
      Status st = parseListen(listen, &s.server);
      if (!st.isOk()) return invalidArgument(w + ".listen: " + st.message());
    }
    GG_RETURN_IF_ERROR(readField(sv, "max_body_bytes", w, &s.server.max_body_bytes));
    GG_RETURN_IF_ERROR(readField(sv, "workers", w, &s.server.workers));
    GG_RETURN_IF_ERROR(readField(sv, "keep_alive_max", w, &s.server.keep_alive_max));
    GG_RETURN_IF_ERROR(readField(sv, "keep_alive_timeout_s", w, &s.server.keep_alive_timeout_s));
    GG_RETURN_IF_ERROR(readField(sv, "read_timeout_s", w, &s.server.read_timeout_s));
    GG_RETURN_IF_ERROR(readField(sv, "write_timeout_s", w, &s.server.write_timeout_s));
    GG_RETURN_IF_ERROR(readField(sv, "max_connections", w, &s.server.max_connections));
    GG_RETURN_IF_ERROR(readField(sv, "head_timeout_s", w, &s.server.head_timeout_s));
    GG_RETURN_IF_ERROR(readField(sv, "request_timeout_s", w, &s.server.request_timeout_s));
    GG_RETURN_IF_ERROR(readField(sv, "max_head_bytes", w, &s.server.max_head_bytes));
    GG_RETURN_IF_ERROR(readField(sv, "max_header_lines", w, &s.server.max_header_lines));
    GG_RETURN_IF_ERROR(readField(sv, "access_log", w, &s.server.access_log));
    if (s.server.workers < 2 || s.server.workers > 1024) {
      return invalidArgument(w + ".workers: must be 2-1024");
    }
    if (s.server.max_connections < s.server.workers || s.server.max_connections > 8192) {
      return invalidArgument(w + ".max_connections: must be between workers and 8192");
    }
    for (auto [name, v] : {std::pair{"keep_alive_timeout_s", s.server.keep_alive_timeout_s},
                           {"read_timeout_s", s.server.read_timeout_s},
                           {"write_timeout_s", s.server.write_timeout_s},
                           {"head_timeout_s", s.server.head_timeout_s},
                           {"request_timeout_s", s.server.request_timeout_s}}) {
      if (v < 1 || v > 3600) return invalidArgument(w + "." + name + ": must be 1-3600 seconds");
    }
    if (s.server.keep_alive_max < 1) return invalidArgument(w + ".keep_alive_max: must be >= 1");
    if (s.server.max_head_bytes < 1024 || s.server.max_head_bytes > (1u << 20)) {
      return invalidArgument(w + ".max_head_bytes: must be 1024-1048576");
    }
    if (s.server.max_header_lines < 8 || s.server.max_header_lines > 10000) {
      return invalidArgument(w + ".max_header_lines: must be 8-10000");
    }
    if (s.server.max_body_bytes < 1024) return invalidArgument(w + ".max_body_bytes: must be >= 1024");
  }
  if (j.contains("health")) {
    const auto& h = j["health"];
    const std::string w = where + ".health";
    if (!h.is_object()) return invalidArgument(w + ": must be an object");
    GG_RETURN_IF_ERROR(rejectUnknownKeys(h, {"outbox_backlog", "min_free_disk_mb"}, w));
    GG_RETURN_IF_ERROR(readField(h, "outbox_backlog", w, &s.health.outbox_backlog));
    GG_RETURN_IF_ERROR(readField(h, "min_free_disk_mb", w, &s.health.min_free_disk_mb));
    if (s.health.outbox_backlog < 1) return invalidArgument(w + ".outbox_backlog: must be >= 1");
    if (s.health.min_free_disk_mb < 0 || s.health.min_free_disk_mb > (int64_t{1} << 40)) {
      return invalidArgument(w + ".min_free_disk_mb: must be >= 0");
    }
  }
  if (j.contains("assessment")) {
    GG_RETURN_IF_ERROR(readAssessment(j["assessment"], where + ".assessment", &s.assessment_weights));
  }
  if (j.contains("public")) GG_RETURN_IF_ERROR(readPublic(j["public"], where + ".public", &s.public_page));
  std::string db = "../../var/gridgate.db";
  if (j.contains("database")) {
    const auto& d = j["database"];
    if (!d.is_object()) return invalidArgument(where + ".database: must be an object");
    GG_RETURN_IF_ERROR(rejectUnknownKeys(d, {"path", "url", "synchronous"}, where + ".database"));
    GG_RETURN_IF_ERROR(readField(d, "path", where + ".database", &db));
    GG_RETURN_IF_ERROR(readField(d, "url", where + ".database", &s.db_url));
    if (!s.db_url.empty() && !isPostgresUrl(s.db_url)) {
      return invalidArgument(where + ".database.url: must be a postgresql://user:pass@host:port/dbname URL");
    }
    GG_RETURN_IF_ERROR(readField(d, "synchronous", where + ".database", &s.db_synchronous));
    if (s.db_synchronous != "NORMAL" && s.db_synchronous != "FULL") {
      return invalidArgument(where + ".database.synchronous: must be NORMAL or FULL");
    }
  }
  s.db_path = resolve(s.config_dir, db);
  // The URL holds a password: the environment (a unit file, a secret store) is where it belongs.
  if (const char* env = std::getenv("GRIDGATE_DATABASE_URL"); env != nullptr && *env != '\0') {
    if (!isPostgresUrl(env)) {
      return invalidArgument("GRIDGATE_DATABASE_URL: must be a postgresql://user:pass@host:port/dbname URL");
    }
    s.db_url = env;
  }
  GG_RETURN_IF_ERROR(readField(j, "log_level", where, &s.log_level));
  // A misspelt level must not silence the logs: only spdlog's own names are taken.
  if (s.log_level != "trace" && s.log_level != "debug" && s.log_level != "info" &&
      s.log_level != "warn" && s.log_level != "error" && s.log_level != "off") {
    return invalidArgument(where + ".log_level: must be trace, debug, info, warn, error or off, got \"" +
                           s.log_level + "\"");
  }
  GG_RETURN_IF_ERROR(readField(j, "log_format", where, &s.log_format));
  if (s.log_format != "text" && s.log_format != "json") {
    return invalidArgument(where + ".log_format: must be text or json, got \"" + s.log_format + "\"");
  }
  std::string web = defaults.web_dir;
  GG_RETURN_IF_ERROR(readField(j, "web_dir", where, &web));
  s.web_dir = resolve(s.config_dir, web);
  for (const char* key : {"channels", "tickets", "notices"}) {
    if (j.contains(key) && !j[key].is_object()) {
      return invalidArgument(where + "." + key + ": must be an object");
    }
  }
  if (j.contains("channels")) s.channels = j["channels"];
  if (j.contains("tickets")) s.tickets = j["tickets"];
  if (j.contains("notices")) s.notices = j["notices"];
  return s;
}

}  // namespace gg
