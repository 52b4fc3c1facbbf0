// NoticeService::seedNotices: the demo / deployment notices written in <config>/notices.json.

#include <filesystem>

#include "bot/notices/notice_service.h"
#include "core/json_file.h"
#include "core/log.h"

namespace gg {

Status NoticeService::seedNotices(const std::string& config_dir) {
  const std::string file = (std::filesystem::path(config_dir) / "notices.json").string();
  if (!std::filesystem::exists(file)) return Status::ok();
  auto parsed = readJsonFile(file);
  if (!parsed.isOk()) return parsed.status();
  const nlohmann::json& j = *parsed;
  if (!j.is_object() || !j.contains("notices") || !j["notices"].is_array()) {
    return invalidArgument(file + ": expected {\"notices\": [...]}");
  }
  // Config files are written by the street's administrators: they act as an admin and their
  // notices count as approved by the file itself.
  Principal config;
  config.role = Role::kAdmin;
  config.name = "config";
  const Millis now = clock_.now();
  for (size_t i = 0; i < j["notices"].size(); ++i) {
    const auto& item = j["notices"][i];
    const std::string where = file + ": notices[" + std::to_string(i) + "]";
    if (!item.is_object() || !item.contains("key") || !item["key"].is_string() ||
        item["key"].get<std::string>().empty()) {
      return invalidArgument(where + ".key: required");
    }
    const std::string key = item["key"];
    nlohmann::json body = item;
    body.erase("key");  // the seed's identity, not part of the notice
    auto draft = parseNoticeDraft(body, now);
    if (!draft.isOk()) return invalidArgument(where + "." + draft.status().message());
    GG_RETURN_IF_ERROR(checkScope(config, *draft, nullptr));
    Status s = store_.write([&](Tx& tx) -> Status {
      auto existing = tx.notices().seededNotice(key);
      if (!existing.isOk()) return existing.status();
      if (existing->has_value()) return Status::ok();
      NoticeRecord n;
      applyDraft(*draft, &n);
      n.status = NoticeStatus::kScheduled;
      n.created_by = "config:" + key;
      n.approved_by = "config";
      n.created_at = now;
      n.updated_at = now;
      auto id = tx.notices().insert(n);
      if (!id.isOk()) return id.status();
      n.id = *id;
      GG_RETURN_IF_ERROR(tx.notices().recordSeed(key, n.id, now));
      GG_RETURN_IF_ERROR(tx.notices().appendAudit({0, n.id, now, n.created_by, "create",
                                                   "seeded from " + file}));
      GG_RETURN_IF_ERROR(scheduleDeliveries(tx, n, *draft));
      log::info("notice seeded key={} id={}", key, n.id);
      return Status::ok();
    });
    GG_RETURN_IF_ERROR(s);
  }
  return Status::ok();
}

}  // namespace gg
