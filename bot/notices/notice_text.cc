#include "bot/notices/notice_text.h"

#include <algorithm>
#include <cctype>

#include "bot/notices/schedule.h"

namespace gg {
namespace {

const Worker* contactWorker(const Grid* grid) {
  if (!grid || grid->workers.empty()) return nullptr;
  for (const auto& w : grid->workers) {
    if (w.role == WorkerRole::kLeader) return &w;
  }
  return &grid->workers.front();
}

std::string asciiLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Question markers in residents' group-chat Chinese (and plain "?").
const std::vector<std::string>& questionMarkers() {
  static const std::vector<std::string> kMarkers = {
      "?", "？", "吗", "么", "多少", "几号", "几点", "什么时候", "啥时候", "哪天", "哪里", "哪儿",
      "在哪", "去哪", "怎么", "咋", "如何", "能不能", "可不可以", "是不是", "有没有", "请问", "谁"};
  return kMarkers;
}

}  // namespace

std::map<std::string, std::string> noticeVars(const NoticeDraft& d, const Grid* grid,
                                              const Community* community) {
  std::map<std::string, std::string> vars;
  vars["title"] = d.title;
  if (d.deadline) {
    vars["deadline"] = formatChineseDate(d.deadline);
    vars["deadline_md"] = formatChineseMonthDay(d.deadline);
  }
  if (grid) vars["grid_name"] = grid->name;
  if (community) vars["community_name"] = community->name;
  if (const Worker* w = contactWorker(grid)) {
    vars["worker_name"] = w->name;
    vars["worker_phone"] = w->phone;
  }
  for (const auto& [k, v] : d.vars.items()) {
    if (v.is_string()) vars[k] = v.get<std::string>();
  }
  return vars;
}

std::string renderTemplate(const std::string& tmpl, const std::map<std::string, std::string>& vars) {
  std::string out;
  out.reserve(tmpl.size() + 64);
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] == '{') {
      const auto close = tmpl.find('}', i + 1);
      if (close != std::string::npos) {
        const auto it = vars.find(tmpl.substr(i + 1, close - i - 1));
        if (it != vars.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += tmpl[i++];
  }
  return out;
}

std::string noticeText(const NoticeDraft& d, const std::string& send_kind, Millis due_at,
                       const std::map<std::string, std::string>& vars, const MessageCatalog& say) {
  std::string body = renderTemplate(d.body, vars);
  for (const auto& link : d.links) body += "\n" + link;
  if (send_kind.rfind("reminder:", 0) == 0) {
    std::string countdown;
    if (d.deadline > due_at) {
      const Millis days = (chinaMidnight(d.deadline) - chinaMidnight(due_at)) / kDay;
      countdown = days > 0 ? say.text("notice.days_left", {{"days", std::to_string(days)}})
                           : say.text("notice.due_today");
    }
    return say.text("notice.reminder", {{"countdown", countdown}, {"body", body}});
  }
  if (d.urgent) return say.text("notice.urgent", {{"body", body}});
  return body;
}

std::string answerText(const NoticeDraft& d, const std::map<std::string, std::string>& vars,
                       const MessageCatalog& say) {
  if (d.vars.contains("answer") && d.vars["answer"].is_string()) {
    return renderTemplate(d.vars["answer"].get<std::string>(), vars);
  }
  std::string contact;
  const auto name = vars.find("worker_name");
  const auto phone = vars.find("worker_phone");
  if (name != vars.end()) {
    contact = say.text("notice.answer_contact",
                       {{"worker", name->second}, {"phone", phone != vars.end() ? "(" + phone->second + ")" : ""}});
  }
  return say.text("notice.answer", {{"title", d.title}, {"body", renderTemplate(d.body, vars)}, {"contact", contact}});
}

bool isQuestionAbout(const std::string& text, const std::vector<std::string>& keywords) {
  const std::string lower = asciiLower(text);
  const bool topical = std::any_of(keywords.begin(), keywords.end(), [&](const std::string& k) {
    return lower.find(asciiLower(k)) != std::string::npos;
  });
  if (!topical) return false;
  return std::any_of(questionMarkers().begin(), questionMarkers().end(),
                     [&](const std::string& m) { return lower.find(m) != std::string::npos; });
}

}  // namespace gg
