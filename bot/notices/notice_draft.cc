#include "bot/notices/notice_draft.h"

#include "core/json_file.h"

#include "bot/notices/schedule.h"
#include "core/text.h"

namespace gg {
namespace {

Status readString(const nlohmann::json& j, const char* key, bool required, size_t max_bytes,
                  std::string* out) {
  if (!j.contains(key) || j[key].is_null()) {
    return required ? invalidArgument(std::string(key) + ": required") : Status::ok();
  }
  if (!j[key].is_string()) return invalidArgument(std::string(key) + ": expected a string");
  *out = j[key].get<std::string>();
  if (!isValidUtf8(*out)) return invalidArgument(std::string(key) + ": invalid UTF-8");
  if (required && out->empty()) return invalidArgument(std::string(key) + ": must not be empty");
  if (out->size() > max_bytes) {
    return invalidArgument(std::string(key) + ": longer than " + std::to_string(max_bytes) +
                           " bytes");
  }
  return Status::ok();
}

Status readTime(const nlohmann::json& j, const char* key, Millis now, Millis* out) {
  if (!j.contains(key) || j[key].is_null()) return Status::ok();
  if (!j[key].is_string() || !parseWhen(j[key].get<std::string>(), now, out)) {
    return invalidArgument(std::string(key) +
                           ": expected ISO 8601 (2026-12-25T09:00:00+08:00) or \"+1d 08:00\"");
  }
  return Status::ok();
}

Status readStrings(const nlohmann::json& j, const char* key, size_t max_items,
                   std::vector<std::string>* out) {
  if (!j.contains(key) || j[key].is_null()) return Status::ok();
  if (!j[key].is_array()) return invalidArgument(std::string(key) + ": expected a list");
  if (j[key].size() > max_items) {
    return invalidArgument(std::string(key) + ": more than " + std::to_string(max_items));
  }
  for (const auto& v : j[key]) {
    if (!v.is_string() || v.get<std::string>().empty() || !isValidUtf8(v.get<std::string>())) {
      return invalidArgument(std::string(key) + ": expected non-empty UTF-8 strings");
    }
    out->push_back(v.get<std::string>());
  }
  return Status::ok();
}

}  // namespace

Result<NoticeDraft> parseNoticeDraft(const nlohmann::json& j, Millis now) {
  if (!j.is_object()) return invalidArgument("notice: expected a JSON object");
  // An unknown key (e.g. "channels": ["sms"]) would otherwise be silently dropped.
  GG_RETURN_IF_ERROR(rejectUnknownKeys(j, {"title", "body", "target", "send_at", "deadline", "reminders",
                                           "keywords", "links", "mention_all", "urgent", "sms", "vars"},
                                       "notice"));
  NoticeDraft d;
  GG_RETURN_IF_ERROR(readString(j, "title", true, kMaxTitleBytes, &d.title));
  GG_RETURN_IF_ERROR(readString(j, "body", true, kMaxBodyBytes, &d.body));
  if (!j.contains("target")) return invalidArgument("target: required");
  auto target = parseNoticeTarget(j["target"]);
  if (!target.isOk()) return target.status();
  d.target = std::move(target).value();
  d.send_at = now;
  GG_RETURN_IF_ERROR(readTime(j, "send_at", now, &d.send_at));
  GG_RETURN_IF_ERROR(readTime(j, "deadline", now, &d.deadline));
  if (d.deadline != 0 && d.deadline <= d.send_at) {
    return invalidArgument("deadline: must be after send_at");
  }
  if (j.contains("reminders") && !j["reminders"].is_null()) {
    if (!j["reminders"].is_array()) return invalidArgument("reminders: expected a list");
    if (j["reminders"].size() > kMaxReminders) {
      return invalidArgument("reminders: more than " + std::to_string(kMaxReminders));
    }
    for (const auto& r : j["reminders"]) {
      if (!r.is_object()) return invalidArgument("reminders: expected {\"before\", \"at\"}");
      GG_RETURN_IF_ERROR(rejectUnknownKeys(r, {"before", "at"}, "notice.reminders[]"));
      NoticeReminder rem;
      GG_RETURN_IF_ERROR(readString(r, "before", true, 16, &rem.before));
      GG_RETURN_IF_ERROR(readString(r, "at", false, 16, &rem.at));
      if (!parseDuration(rem.before, &rem.before_ms)) {
        return invalidArgument("reminders.before: expected e.g. \"7d\", \"12h\", \"30m\"");
      }
      if (!rem.at.empty() && !parseClockTime(rem.at, &rem.at_minute)) {
        return invalidArgument("reminders.at: expected HH:MM");
      }
      for (const auto& other : d.reminders) {
        if (other.sendKind() == rem.sendKind()) return invalidArgument("reminders: duplicate");
      }
      d.reminders.push_back(rem);
    }
    if (!d.reminders.empty() && d.deadline == 0) {
      return invalidArgument("reminders: need a deadline to count back from");
    }
  }
  GG_RETURN_IF_ERROR(readStrings(j, "keywords", kMaxKeywords, &d.keywords));
  GG_RETURN_IF_ERROR(readStrings(j, "links", 10, &d.links));
  if (j.contains("vars") && !j["vars"].is_null()) {
    if (!j["vars"].is_object()) return invalidArgument("vars: expected an object");
    for (const auto& [k, v] : j["vars"].items()) {
      if (!v.is_string() || !isValidUtf8(v.get<std::string>())) {
        return invalidArgument("vars." + k + ": expected a UTF-8 string");
      }
    }
    d.vars = j["vars"];
  }
  for (const char* key : {"mention_all", "urgent", "sms"}) {
    if (j.contains(key) && !j[key].is_null() && !j[key].is_boolean()) {
      return invalidArgument(std::string(key) + ": expected true or false");
    }
  }
  d.mention_all = j.value("mention_all", false);
  d.urgent = j.value("urgent", false);
  d.sms = j.value("sms", false);
  return d;
}

nlohmann::json draftToJson(const NoticeDraft& d) {
  nlohmann::json reminders = nlohmann::json::array();
  for (const auto& r : d.reminders) {
    nlohmann::json one = {{"before", r.before}};
    if (!r.at.empty()) one["at"] = r.at;
    reminders.push_back(one);
  }
  nlohmann::json j = {{"title", d.title},       {"body", d.body},
                      {"target", toJson(d.target)}, {"send_at", formatChinaTime(d.send_at)},
                      {"reminders", reminders}, {"keywords", d.keywords},
                      {"links", d.links},       {"vars", d.vars},
                      {"mention_all", d.mention_all}, {"urgent", d.urgent},
                      {"sms", d.sms}};
  j["deadline"] = d.deadline ? nlohmann::json(formatChinaTime(d.deadline)) : nlohmann::json();
  return j;
}

void applyDraft(const NoticeDraft& d, NoticeRecord* rec) {
  rec->title = d.title;
  rec->body = d.body;
  rec->target = toJson(d.target).dump();
  nlohmann::json reminders = draftToJson(d)["reminders"];
  rec->reminders = reminders.dump();
  rec->keywords = nlohmann::json(d.keywords).dump();
  rec->vars = d.vars.dump();
  rec->links = nlohmann::json(d.links).dump();
  rec->send_at = d.send_at;
  rec->deadline = d.deadline;
  rec->mention_all = d.mention_all;
  rec->urgent = d.urgent;
  rec->sms = d.sms;
}

Result<NoticeDraft> draftFromRecord(const NoticeRecord& rec) {
  auto parse = [](const std::string& text) { return nlohmann::json::parse(text, nullptr, false); };
  nlohmann::json j = {{"title", rec.title}, {"body", rec.body}};
  j["target"] = parse(rec.target);
  j["reminders"] = parse(rec.reminders);
  j["keywords"] = parse(rec.keywords);
  j["vars"] = parse(rec.vars);
  j["links"] = parse(rec.links);
  j["send_at"] = formatChinaTime(rec.send_at);
  if (rec.deadline) j["deadline"] = formatChinaTime(rec.deadline);
  j["mention_all"] = rec.mention_all;
  j["urgent"] = rec.urgent;
  j["sms"] = rec.sms;
  for (const char* k : {"target", "reminders", "keywords", "vars", "links"}) {
    if (j[k].is_discarded()) {
      return invalidArgument("notice " + std::to_string(rec.id) + ": corrupt " + k);
    }
  }
  return parseNoticeDraft(j, rec.send_at);
}

}  // namespace gg
