#pragma once
// The runtime settings of one deployment: <config>/gridgate.json. Everything else in the config
// directory is the organisation (org/loader.h) and the rule packs (intents/). Secrets never live
// here in clear in git: channel secrets come from the environment (see adapters/channel_settings.h).

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "bot/assessment.h"
#include "core/result.h"

namespace gg {

struct ServerSettings {
  std::string host = "127.0.0.1";
  int port = 8080;
  size_t max_body_bytes = 1 << 20;  // 1 MiB; larger bodies get 413 before they are buffered
  int workers = 32;                 // threads kept warm (cpp-httplib is 1 thread per connection)
  int max_connections = 512;        // threads grow up to this, then connections queue
  int keep_alive_max = 100;
  int keep_alive_timeout_s = 5;
  int read_timeout_s = 5;           // one silent gap while reading a request
  int write_timeout_s = 5;
  int head_timeout_s = 10;          // request line + headers in full, however slowly they trickle
  int request_timeout_s = 60;       // the whole request, body included
  size_t max_head_bytes = 64 * 1024;  // 431 above
  int max_header_lines = 100;         // 431 above
  bool access_log = true;             // one line per request (method, route, path, status, ms)
};

// The resident page and its public routes (/r/{grid}, /api/public/…): no token, so every limit
// is here. A rate limit is N requests per window per source; over it is 429 with Retry-After.
struct PublicSettings {
  size_t max_body_bytes = 8 * 1024;  // a report is a few sentences; 413 above
  int max_text_chars = 500;          // characters of a report's text (400 above)
  int max_place_chars = 60;
  int max_comment_chars = 200;
  int ip_limit = 10;                 // reports and ratings per address per window
  int phone_limit = 5;               // reports per mobile number per window
  int lookup_limit = 60;             // tracking look-ups and page views per address per window
  int window_s = 600;
  std::string base_url;              // for /r/{grid}/qr.svg; "" = http://<the request's Host>
};

// What /healthz calls trouble (gridgate.json "health").
struct HealthSettings {
  int64_t outbox_backlog = 1000;  // pending outbox rows above this: "outbox backlog"
  int64_t min_free_disk_mb = 100;  // free space below this next to the database: "disk nearly full"
                                   // (SQLite needs room to checkpoint its write-ahead log)
};

struct Settings {
  std::string config_dir;
  std::vector<std::string> rule_packs;  // absolute paths
  ServerSettings server;
  PublicSettings public_page;           // gridgate.json "public"
  HealthSettings health;                // gridgate.json "health"
  std::string db_path;                  // absolute; may be overridden by --db
  // A PostgreSQL URL (database.url, overridden by GRIDGATE_DATABASE_URL, and by a --db URL):
  // when set it is the database and db_path is unused. Never logged unmasked.
  std::string db_url;
  std::string db_synchronous = "NORMAL";
  std::string log_level = "info";
  std::string log_format = "text";      // text | json (one JSON object per line)
  // Where the read-only assets live (web/, rules/): the installed /usr/share/gridgate, or what
  // `share_dir` / `gridgate --share-dir` say. The defaults of web_dir and rule_packs are in it.
  std::string share_dir;
  std::string web_dir;                  // static dashboard files
  nlohmann::json channels = nlohmann::json::object();  // adapters/channel_settings.h reads it
  nlohmann::json tickets = nlohmann::json::object();   // bot/ticket_policy.h reads it
  nlohmann::json notices = nlohmann::json::object();   // bot/notices reads it
  // gridgate.json "assessment": {"weights": {"on_time_accept": 0.2, …}} (bot/assessment.h); a
  // weight left out of "weights" is 0, no "weights" at all keeps the defaults.
  AssessmentWeights assessment_weights;
  nlohmann::json raw = nlohmann::json::object();
};

// Loads <config_dir>/gridgate.json (missing file = all defaults). Relative paths in it are
// relative to config_dir. Errors name the file and JSON path.
Result<Settings> loadSettings(const std::string& config_dir);

// Sets the share directory every later loadSettings() uses unless gridgate.json names its own
// `share_dir` (the `gridgate --share-dir DIR` flag; "" = back to the compiled-in default).
void setShareDirOverride(const std::string& dir);

// The rule pack a command uses when it is given none (generate, import, simulate): the share
// dir's rules/zh (the --share-dir flag's, else the installed one), or the source tree's
// config/rules/zh in a build that was never installed, as loadSettings() defaults it.
std::string defaultRulePackDir();

// Parses "HOST:PORT" into settings; InvalidArgument on anything else.
Status parseListen(const std::string& listen, ServerSettings* out);

}  // namespace gg
