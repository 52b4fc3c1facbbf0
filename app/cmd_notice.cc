#include "app/cmd_notice.h"

#include <cstdlib>
#include <iostream>

#include "app/bootstrap.h"
#include "bot/notices/notice_service.h"
#include "core/json_file.h"

namespace gg {
namespace {

struct NoticeOptions {
  std::string config = "config/demo";
  std::string db;
  std::string actor;
  std::string file;
  std::string title;
  std::string body;
  bool all = false;
  std::vector<std::string> communities;
  std::vector<std::string> grids;
  std::vector<std::string> tags;
  std::vector<std::string> groups;
  std::string send_at;
  std::string deadline;
  std::vector<std::string> reminders;  // "7d@09:00"
  std::vector<std::string> keywords;
  std::vector<std::string> vars;       // "amount=400元"
  bool mention_all = false;
  bool urgent = false;
  std::string status;
  int64_t id = 0;
};

[[noreturn]] void fail(const Status& s) {
  std::cerr << "error: " << s.message() << "\n";
  throw CLI::RuntimeError(1);
}

Principal cliPrincipal(const NoticeOptions& o) {
  Principal p;
  p.role = Role::kAdmin;
  std::string who = o.actor;
  if (who.empty()) {
    const char* user = std::getenv("USER");
    who = user ? user : "unknown";
  }
  p.name = "cli:" + who;
  return p;
}

// Runs fn with a NoticeService over the configured database.
template <typename F>
void withService(const NoticeOptions& o, F&& fn) {
  auto loaded = loadConfig(o.config, o.db, true);
  if (!loaded.isOk()) fail(loaded.status());
  auto settings = parseNoticeSettings(loaded->settings.notices);
  if (!settings.isOk()) fail(settings.status());
  SystemClock clock;
  NoticeService service(*loaded->store, *loaded->org, clock, *settings);
  fn(service, clock);
}

nlohmann::json bodyFromFlags(const NoticeOptions& o) {
  nlohmann::json j = nlohmann::json::object();
  if (!o.file.empty()) {
    auto parsed = readJsonFile(o.file);
    if (!parsed.isOk()) fail(parsed.status());
    j = *parsed;
  }
  if (!o.title.empty()) j["title"] = o.title;
  if (!o.body.empty()) j["body"] = o.body;
  if (o.all || !o.communities.empty() || !o.grids.empty() || !o.tags.empty() || !o.groups.empty()) {
    j["target"] = {{"all", o.all}, {"communities", o.communities}, {"grids", o.grids},
                   {"tags", o.tags}, {"groups", o.groups}};
  }
  if (!o.send_at.empty()) j["send_at"] = o.send_at;
  if (!o.deadline.empty()) j["deadline"] = o.deadline;
  for (const auto& r : o.reminders) {
    const auto at = r.find('@');
    nlohmann::json one = {{"before", r.substr(0, at)}};
    if (at != std::string::npos) one["at"] = r.substr(at + 1);
    j["reminders"].push_back(one);
  }
  for (const auto& k : o.keywords) j["keywords"].push_back(k);
  for (const auto& v : o.vars) {
    const auto eq = v.find('=');
    if (eq == std::string::npos) fail(invalidArgument("--var expects NAME=VALUE, got " + v));
    j["vars"][v.substr(0, eq)] = v.substr(eq + 1);
  }
  if (o.mention_all) j["mention_all"] = true;
  if (o.urgent) j["urgent"] = true;
  return j;
}

}  // namespace

void addNoticeCommands(CLI::App& app) {
  auto o = std::make_shared<NoticeOptions>();
  auto* notice = app.add_subcommand("notice", "Create, inspect, approve and cancel notices");
  notice->require_subcommand(1);
  notice->add_option("--config", o->config, "config directory")->capture_default_str();
  notice->add_option("--db", o->db, "database file (default: from the config)");
  notice->add_option("--actor", o->actor, "who is acting, for the audit trail (default: $USER)");

  auto* create = notice->add_subcommand("create", "Create a notice (JSON file and/or flags)");
  create->fallthrough();
  create->add_option("--file", o->file, "JSON notice as accepted by POST /api/notices");
  create->add_option("--title", o->title);
  create->add_option("--body", o->body, "template: {amount} {deadline} {grid_name} {worker_name} …");
  create->add_flag("--all", o->all, "target every group");
  create->add_option("--community", o->communities, "target a community (repeatable)");
  create->add_option("--grid", o->grids, "target a grid (repeatable)");
  create->add_option("--tag", o->tags, "target groups with a tag (repeatable)");
  create->add_option("--group", o->groups, "target a group id (repeatable)");
  create->add_option("--send-at", o->send_at, "ISO 8601 or \"+1d 08:00\"; default now");
  create->add_option("--deadline", o->deadline, "ISO 8601 or \"+7d 23:59\"");
  create->add_option("--reminder", o->reminders, "BEFORE[@HH:MM], e.g. 7d@09:00 (repeatable)");
  create->add_option("--keyword", o->keywords, "answer questions containing it (repeatable)");
  create->add_option("--var", o->vars, "NAME=VALUE template variable (repeatable)");
  create->add_flag("--mention-all", o->mention_all, "@全体成员 (needs a second approval)");
  create->add_flag("--urgent", o->urgent);
  create->callback([o] {
    withService(*o, [&](NoticeService& s, Clock& clock) {
      auto draft = parseNoticeDraft(bodyFromFlags(*o), clock.now());
      if (!draft.isOk()) fail(draft.status());
      auto created = s.create(cliPrincipal(*o), *draft);
      if (!created.isOk()) fail(created.status());
      std::cout << created->id << "\t" << toString(created->status) << "\n";
    });
  });

  auto* list = notice->add_subcommand("list", "List notices");
  list->fallthrough();
  list->add_option("--status", o->status, "pending_approval|scheduled|sending|done|partial|failed|cancelled");
  list->callback([o] {
    withService(*o, [&](NoticeService& s, Clock&) {
      std::optional<NoticeStatus> status;
      if (!o->status.empty() && !(status = parseNoticeStatus(o->status))) {
        fail(invalidArgument("--status must be pending_approval, scheduled, sending, done, partial, failed or cancelled"));
      }
      auto rows = s.list(cliPrincipal(*o), status, 200, 0);
      if (!rows.isOk()) fail(rows.status());
      std::cout << "id\tstatus\tsend_at\tdeadline\ttitle\n";
      for (const auto& n : *rows) {
        std::cout << n["id"] << "\t" << n["status"].get<std::string>() << "\t"
                  << n["send_at"].get<std::string>() << "\t"
                  << (n["deadline"].is_null() ? "-" : n["deadline"].get<std::string>()) << "\t"
                  << n["title"].get<std::string>() << "\n";
      }
    });
  });

  auto* show = notice->add_subcommand("show", "Show a notice with its delivery states (JSON)");
  show->fallthrough();
  show->add_option("id", o->id)->required();
  show->callback([o] {
    withService(*o, [&](NoticeService& s, Clock&) {
      auto view = s.view(cliPrincipal(*o), o->id);
      if (!view.isOk()) fail(view.status());
      std::cout << view->dump(2) << "\n";
    });
  });

  auto* approve = notice->add_subcommand("approve", "Approve a notice (not by its creator)");
  approve->fallthrough();
  approve->add_option("id", o->id)->required();
  approve->callback([o] {
    withService(*o, [&](NoticeService& s, Clock&) {
      Status st = s.approve(cliPrincipal(*o), o->id);
      if (!st.isOk()) fail(st);
      std::cout << "approved notice " << o->id << "\n";
    });
  });

  auto* cancel = notice->add_subcommand("cancel", "Cancel a notice and its pending sends");
  cancel->fallthrough();
  cancel->add_option("id", o->id)->required();
  cancel->callback([o] {
    withService(*o, [&](NoticeService& s, Clock&) {
      Status st = s.cancel(cliPrincipal(*o), o->id);
      if (!st.isOk()) fail(st);
      std::cout << "cancelled notice " << o->id << "\n";
    });
  });
}

}  // namespace gg
