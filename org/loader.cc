#include "org/loader.h"

// Config format (JSON with comments; keys starting with "_" are ignored, any other unknown key is
// an error because a misspelt optional key would otherwise be silently dropped):
//
//   street.json        {"id", "name", "city", "contact": Contact,
//                       "contact_channels"?: {"worker"|"community"|"street"|"department":
//                       [Channel]}}
//   departments.json   {"departments": [{"id", "name", "kind", "contacts": [Contact, ...]}]}
//                      (optional file)
//   communities/*.json one community per file, files read in name order:
//     {"id", "name", "aliases": [..], "contact": Contact,
//      "grids": [{"id", "name", "workers": [Worker], "groups": [Group], "area": Area}],
//      "workers": [Worker with "grid": "<grid id>"]}   // roster form, e.g. 兼职网格员
//   Contact {"name", "phone", "wecom_userid"?, "onebot_user_id"?, "mobile"?, "onebot_group"?,
//            "channels"?: [Channel]}
//   Channel "wecom_app" | "onebot" | "sms" | "onebot_group" (first choice first; SMS only to a
//            mobile number; onebot_group posts in the contact's staff group)
//   Worker  {"id", "name", "role": "leader|fulltime|parttime", "phone", "wecom_userid"?,
//            "onebot_user_id"?, "channels"?: [Channel], "duty"?: [{"days"?: "1-5", "from": "08:30",
//            "to": "17:30"}], "grid"?}                       // no duty = always reachable
//   Group   {"channel": "onebot|wecom", "group_id", "tags"?: [..], "robot_webhook"?}
//   Area    {"compounds": [{"name", "aliases"?: [..], "buildings"?: ["1", 2, ..]}],
//            "streets"?: [..]}
// OneBot ids (group_id, onebot_user_id) and building numbers may be written as JSON integers;
// they are stored as strings. Ids are unique per kind across all files.

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>

#include "core/json_file.h"
#include "core/phone_kind.h"
#include "core/text.h"
#include "org/org_file_reader.h"

namespace gg {
namespace {

using nlohmann::json;
using namespace org_detail;
namespace fs = std::filesystem;

// Where something was defined, to point at the first definition when a duplicate shows up.
struct Origin {
  std::string file;
  std::string path;
  std::string owner;  // e.g. the grid a group is bound to
};

// A roster worker waiting for its grid reference to be resolved once every file is read.
struct PendingWorker {
  Worker worker;
  std::string file;
  std::string path;
  std::string grid_ref;
};

class Loader {
 public:
  explicit Loader(std::string dir) : dir_(std::move(dir)) {}

  Result<std::shared_ptr<const Org>> run() {
    loadStreet();
    loadDepartments();
    loadCommunities();
    attachRoster();
    checkLeaders();
    if (!errors_.empty()) {
      std::string msg;
      for (const auto& e : errors_) msg += (msg.empty() ? "" : "\n") + e;
      return invalidArgument(msg);
    }
    return std::shared_ptr<const Org>(std::make_shared<Org>(std::move(org_)));
  }

 private:
  // Reads a file relative to the config dir; nullopt (error recorded) when unreadable/malformed.
  std::optional<json> readFile(const std::string& rel, bool required) {
    const std::string full = (fs::path(dir_) / rel).string();
    std::error_code ec;
    if (!fs::exists(full, ec)) {
      if (required) errors_.push_back(rel + ": $: file is missing (looked in " + dir_ + ")");
      return std::nullopt;
    }
    auto text = readTextFile(full);
    if (!text.isOk()) {
      errors_.push_back(rel + ": $: cannot read file");
      return std::nullopt;
    }
    auto parsed = parseJsonText(*text, rel);
    if (!parsed.isOk()) {
      errors_.push_back(parsed.status().message());
      return std::nullopt;
    }
    return std::move(*parsed);
  }

  // Records id in `seen`; a second definition is an error pointing at the first.
  bool claim(std::map<std::string, Origin>& seen, const std::string& kind, const std::string& id,
             FileReader& r, const std::string& path, const std::string& owner = "") {
    if (id.empty()) return false;
    auto [it, inserted] = seen.emplace(id, Origin{r.file(), path, owner});
    if (!inserted) {
      r.error(path, "duplicate " + kind + " " + quote(id) + " (first defined at " +
                        it->second.file + ": " + it->second.path + ")");
      return false;
    }
    return true;
  }

  void loadStreet() {
    auto doc = readFile("street.json", true);
    if (!doc) return;
    FileReader r("street.json", &errors_);
    if (!r.expectObject(*doc, "$")) return;
    r.checkKeys(*doc, "$", {"id", "name", "city", "contact", "contact_channels"});
    org_.street.id = r.id(*doc, "$");
    if (const json* cc = r.member(*doc, "$", "contact_channels", false)) {
      if (r.expectObject(*cc, "$.contact_channels")) {
        r.checkKeys(*cc, "$.contact_channels", {"worker", "community", "street", "department"});
        for (const char* role : {"worker", "community", "street", "department"}) {
          if (cc->contains(role)) {
            org_.street.contact_channels[role] = r.channelList(*cc, "$.contact_channels", role);
          }
        }
      }
    }
    org_.street.name = r.string(*doc, "$", "name", true);
    org_.street.city = r.string(*doc, "$", "city", false);
    if (const json* c = r.member(*doc, "$", "contact", true)) {
      org_.street.contact = r.contact(*c, "$.contact");
    }
  }

  void loadDepartments() {
    auto doc = readFile("departments.json", false);
    if (!doc) return;
    FileReader r("departments.json", &errors_);
    if (!r.expectObject(*doc, "$")) return;
    r.checkKeys(*doc, "$", {"departments"});
    const json* arr = r.array(*doc, "$", "departments", true);
    if (!arr) return;
    for (size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "$.departments[" + std::to_string(i) + "]";
      const json& v = (*arr)[i];
      if (!r.expectObject(v, path)) continue;
      r.checkKeys(v, path, {"id", "name", "kind", "contacts"});
      Department d;
      d.id = r.id(v, path);
      claim(departments_, "department id", d.id, r, path + ".id");
      d.name = r.string(v, path, "name", true);
      d.kind = r.string(v, path, "kind", true);
      if (!d.kind.empty() && std::none_of(kDepartmentKinds, kDepartmentKinds + kDepartmentKindCount,
                                          [&](const char* k) { return d.kind == k; })) {
        std::string known;
        for (size_t k = 0; k < kDepartmentKindCount; ++k)
          known += (known.empty() ? "" : ", ") + std::string(kDepartmentKinds[k]);
        r.error(path + ".kind",
                "unknown department kind " + quote(d.kind) + " (one of " + known + ")");
      }
      if (const json* contacts = r.array(v, path, "contacts", true)) {
        if (contacts->empty()) r.error(path + ".contacts", "needs at least one contact");
        for (size_t j = 0; j < contacts->size(); ++j) {
          d.contacts.push_back(
              r.contact((*contacts)[j], path + ".contacts[" + std::to_string(j) + "]"));
        }
      }
      org_.departments.push_back(std::move(d));
    }
  }

  void loadCommunities() {
    const fs::path cdir = fs::path(dir_) / "communities";
    std::error_code ec;
    std::vector<std::string> names;
    if (fs::is_directory(cdir, ec)) {
      for (const auto& entry : fs::directory_iterator(cdir, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
          names.push_back(entry.path().filename().string());
        }
      }
    }
    std::sort(names.begin(), names.end());
    if (names.empty()) {
      errors_.push_back("communities/: $: no community files (communities/*.json) in " + dir_);
      return;
    }
    for (const auto& name : names) {
      const std::string rel = "communities/" + name;
      auto doc = readFile(rel, true);
      if (!doc) continue;
      FileReader r(rel, &errors_);
      loadCommunity(*doc, r);
    }
  }

  void loadCommunity(const json& doc, FileReader& r) {
    if (!r.expectObject(doc, "$")) return;
    r.checkKeys(doc, "$", {"id", "name", "aliases", "contact", "grids", "workers"});
    Community c;
    c.id = r.id(doc, "$");
    claim(communities_, "community id", c.id, r, "$.id");
    c.name = r.string(doc, "$", "name", true);
    c.aliases = r.stringList(doc, "$", "aliases");
    if (const json* contact = r.member(doc, "$", "contact", true)) {
      c.contact = r.contact(*contact, "$.contact");
    }
    if (const json* grids = r.array(doc, "$", "grids", true)) {
      if (grids->empty()) r.error("$.grids", "a community needs at least one grid");
      for (size_t i = 0; i < grids->size(); ++i) {
        Grid g = grid((*grids)[i], "$.grids[" + std::to_string(i) + "]", c.id, r);
        c.grids.push_back(std::move(g));
      }
    }
    if (const json* roster = r.array(doc, "$", "workers", false)) {
      for (size_t i = 0; i < roster->size(); ++i) {
        const std::string path = "$.workers[" + std::to_string(i) + "]";
        PendingWorker p{worker((*roster)[i], path, "", r), r.file(), path, ""};
        if ((*roster)[i].is_object()) p.grid_ref = r.string((*roster)[i], path, "grid", true);
        pending_.push_back(std::move(p));
      }
    }
    org_.communities.push_back(std::move(c));
  }

  Grid grid(const json& v, const std::string& path, const std::string& community_id,
            FileReader& r) {
    Grid g;
    if (!r.expectObject(v, path)) return g;
    r.checkKeys(v, path, {"id", "name", "workers", "groups", "area"});
    g.id = r.id(v, path);
    g.community_id = community_id;
    if (claim(grids_, "grid id", g.id, r, path + ".id")) grid_origins_[g.id] = {r.file(), path, ""};
    g.name = r.string(v, path, "name", true);
    if (const json* workers = r.array(v, path, "workers", false)) {
      for (size_t i = 0; i < workers->size(); ++i) {
        const std::string wpath = path + ".workers[" + std::to_string(i) + "]";
        Worker w = worker((*workers)[i], wpath, g.id, r);
        if ((*workers)[i].is_object() && (*workers)[i].contains("grid")) {
          const std::string ref = r.string((*workers)[i], wpath, "grid", false);
          if (!ref.empty() && ref != g.id) {
            r.error(wpath + ".grid", quote(ref) + " contradicts the enclosing grid " + quote(g.id));
          }
        }
        g.workers.push_back(std::move(w));
      }
    }
    if (const json* groups = r.array(v, path, "groups", false)) {
      for (size_t i = 0; i < groups->size(); ++i) {
        g.groups.push_back(
            group((*groups)[i], path + ".groups[" + std::to_string(i) + "]", g.id, r));
      }
    }
    if (const json* area = r.member(v, path, "area", false))
      g.area = serviceArea(*area, path + ".area", r);
    return g;
  }

  Worker worker(const json& v, const std::string& path, const std::string& grid_id, FileReader& r) {
    Worker w;
    w.grid_id = grid_id;
    if (!r.expectObject(v, path)) return w;
    r.checkKeys(v, path,
                {"id", "name", "role", "phone", "wecom_userid", "onebot_user_id", "channels",
                 "duty", "grid"});
    w.id = r.id(v, path);
    claim(workers_, "worker id", w.id, r, path + ".id");
    w.name = r.string(v, path, "name", true);
    const std::string role = r.string(v, path, "role", true);
    if (role == "leader") {
      w.role = WorkerRole::kLeader;
    } else if (role == "fulltime") {
      w.role = WorkerRole::kFullTime;
    } else if (role == "parttime") {
      w.role = WorkerRole::kPartTime;
    } else if (!role.empty()) {
      r.error(path + ".role", quote(role) + " is not a role (leader, fulltime or parttime)");
    }
    w.phone = r.phone(v, path, true);
    w.wecom_userid = r.string(v, path, "wecom_userid", false);
    w.onebot_user_id = r.onebotUserId(v, path);
    w.channels = r.channelList(v, path, "channels");
    // A platform identity must map to one worker, or replies would be attributed to the wrong one.
    claim(onebot_users_, "onebot_user_id", w.onebot_user_id, r, path + ".onebot_user_id");
    claim(wecom_users_, "wecom_userid", w.wecom_userid, r, path + ".wecom_userid");
    if (const json* duty = r.array(v, path, "duty", false)) {
      for (size_t i = 0; i < duty->size(); ++i) {
        if (auto d = dutyWindow((*duty)[i], path + ".duty[" + std::to_string(i) + "]", r)) {
          w.duty.push_back(*d);
        }
      }
    }
    return w;
  }

  std::optional<DutyWindow> dutyWindow(const json& v, const std::string& path, FileReader& r) {
    if (!r.expectObject(v, path)) return std::nullopt;
    r.checkKeys(v, path, {"days", "from", "to"});
    DutyWindow d;
    bool ok = true;
    const std::string days = r.string(v, path, "days", false);
    if (!days.empty()) {
      auto parsed = parseDays(days);
      if (!parsed) {
        r.error(path + ".days", quote(days) +
                                    " is not a list of weekdays 1-7 such as \"1-5\" or "
                                    "\"6,7\"");
        ok = false;
      } else {
        d.weekdays = *parsed;
      }
    }
    const std::string from = r.string(v, path, "from", true);
    const std::string to = r.string(v, path, "to", true);
    auto start = parseClock(from, false);
    auto end = parseClock(to, true);
    if (!from.empty() && !start) {
      r.error(path + ".from", quote(from) + " is not a time of day HH:MM (00:00-23:59)");
    }
    if (!to.empty() && !end) {
      r.error(path + ".to", quote(to) + " is not a time of day HH:MM (00:00-24:00)");
    }
    if (!start || !end) return std::nullopt;
    if (*start == *end) {
      r.error(path, "duty window from " + from + " to " + to + " is empty");
      return std::nullopt;
    }
    d.start_minute = *start;
    d.end_minute = *end;
    if (!ok) return std::nullopt;
    return d;
  }

  GroupBinding group(const json& v, const std::string& path, const std::string& grid_id,
                     FileReader& r) {
    GroupBinding b;
    b.grid_id = grid_id;
    if (!r.expectObject(v, path)) return b;
    r.checkKeys(v, path, {"channel", "group_id", "tags", "robot_webhook"});
    const std::string channel = r.string(v, path, "channel", true);
    const std::optional<Channel> parsed = parseChannel(channel);
    if (parsed == Channel::kOneBot || parsed == Channel::kWeCom) {
      b.channel = *parsed;
    } else if (!channel.empty()) {
      r.error(path + ".channel", quote(channel) + " is not a channel (onebot or wecom)");
    }
    b.group_id = r.string(v, path, "group_id", true, /*allow_int=*/b.channel == Channel::kOneBot);
    if (b.channel == Channel::kOneBot && !b.group_id.empty() && !allDigits(b.group_id)) {
      r.error(path + ".group_id", quote(b.group_id) + " is not a OneBot group number");
    }
    b.tags = r.stringList(v, path, "tags");
    b.robot_webhook = r.string(v, path, "robot_webhook", false);
    if (!b.robot_webhook.empty()) {
      if (b.channel == Channel::kOneBot) {
        r.error(path + ".robot_webhook", "a group robot webhook only exists for wecom groups");
      } else if (b.robot_webhook.rfind("https://", 0) != 0) {
        r.error(path + ".robot_webhook", quote(b.robot_webhook) + " is not an https:// URL");
      }
    }
    if (b.channel != Channel::kNone && !b.group_id.empty()) {
      const std::string key = channel + "\n" + b.group_id;
      auto [it, inserted] = groups_.emplace(key, Origin{r.file(), path, grid_id});
      if (!inserted && it->second.owner == grid_id) {
        r.error(path, channel + " group " + quote(b.group_id) + " is listed twice (first at " +
                          it->second.file + ": " + it->second.path + ")");
      } else if (!inserted) {
        r.error(path, channel + " group " + quote(b.group_id) +
                          " is bound to two grids: " + quote(it->second.owner) + " (" +
                          it->second.file + ": " + it->second.path + ") and " + quote(grid_id));
      }
    }
    return b;
  }

  ServiceArea serviceArea(const json& v, const std::string& path, FileReader& r) {
    ServiceArea a;
    if (!r.expectObject(v, path)) return a;
    r.checkKeys(v, path, {"compounds", "streets"});
    std::set<std::string> names;
    if (const json* compounds = r.array(v, path, "compounds", false)) {
      for (size_t i = 0; i < compounds->size(); ++i) {
        const std::string cpath = path + ".compounds[" + std::to_string(i) + "]";
        const json& cv = (*compounds)[i];
        if (!r.expectObject(cv, cpath)) continue;
        r.checkKeys(cv, cpath, {"name", "aliases", "buildings"});
        Compound c;
        c.name = r.string(cv, cpath, "name", true);
        if (!c.name.empty() && !names.insert(c.name).second) {
          r.error(cpath + ".name", "compound " + quote(c.name) + " is listed twice in this grid");
        }
        c.aliases = r.stringList(cv, cpath, "aliases");
        c.buildings = r.stringList(cv, cpath, "buildings", /*allow_int=*/true);
        std::set<std::string> seen;
        for (const auto& b : c.buildings) {
          if (!seen.insert(b).second) {
            r.error(cpath + ".buildings", "building " + quote(b) + " is listed twice");
          }
        }
        a.compounds.push_back(std::move(c));
      }
    }
    a.streets = r.stringList(v, path, "streets");
    return a;
  }

  // Attaches roster workers (community "workers" with a "grid" reference) to their grids.
  void attachRoster() {
    std::map<std::string, Grid*> grids;
    for (auto& c : org_.communities) {
      for (auto& g : c.grids) {
        if (!g.id.empty()) grids.emplace(g.id, &g);
      }
    }
    for (auto& p : pending_) {
      if (p.grid_ref.empty()) continue;  // missing "grid" already reported
      auto it = grids.find(p.grid_ref);
      if (it == grids.end()) {
        errors_.push_back(p.file + ": " + p.path + ".grid: unknown grid " + quote(p.grid_ref) +
                          " (no grid has this id)");
        continue;
      }
      p.worker.grid_id = p.grid_ref;
      it->second->workers.push_back(std::move(p.worker));
    }
  }

  void checkLeaders() {
    for (const auto& c : org_.communities) {
      for (const auto& g : c.grids) {
        auto origin = grid_origins_.find(g.id);
        if (g.id.empty() || origin == grid_origins_.end()) continue;
        const auto leaders = std::count_if(g.workers.begin(), g.workers.end(), [](const Worker& w) {
          return w.role == WorkerRole::kLeader;
        });
        const std::string where = origin->second.file + ": " + origin->second.path + ": ";
        if (leaders == 0) {
          errors_.push_back(where + "grid " + quote(g.id) +
                            " has no leader (a worker with \"role\": \"leader\")");
        } else if (leaders > 1) {
          errors_.push_back(where + "grid " + quote(g.id) + " has " + std::to_string(leaders) +
                            " leaders; exactly one is allowed");
        }
      }
    }
  }

  std::string dir_;
  Org org_;
  std::vector<std::string> errors_;
  std::vector<PendingWorker> pending_;
  std::map<std::string, Origin> communities_, grids_, workers_, departments_;
  std::map<std::string, Origin> onebot_users_, wecom_users_, groups_;
  std::map<std::string, Origin> grid_origins_;
};

}  // namespace

Result<std::shared_ptr<const Org>> loadOrg(const std::string& config_dir) {
  // The JSON library and the filesystem throw; nothing may escape the loader as an exception.
  try {
    return Loader(config_dir).run();
  } catch (const std::exception& e) {
    return invalidArgument(config_dir + ": $: cannot load organisation: " + e.what());
  }
}

}  // namespace gg
