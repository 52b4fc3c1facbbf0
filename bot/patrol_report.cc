#include "bot/patrol_report.h"

namespace gg {
namespace {

// Longest first: "巡查发现" must win over "发现".
constexpr std::string_view kLeads[] = {"巡查发现", "直报", "上报", "发现"};
// What may follow the lead word before the report itself.
constexpr std::string_view kSeparators[] = {"：", ":", "，", ",", " ", "　", "\t"};

std::string_view skipSpace(std::string_view s) {
  for (bool again = true; again;) {
    again = false;
    for (std::string_view sp : {std::string_view(" "), std::string_view("\t"), std::string_view("　")}) {
      if (s.substr(0, sp.size()) == sp) {
        s.remove_prefix(sp.size());
        again = true;
      }
    }
  }
  return s;
}

}  // namespace

std::optional<std::string> patrolReportBody(std::string_view text) {
  std::string_view s = skipSpace(text);
  // "@网格助手 直报：…" in a group: the mention is addressing, not content.
  if (!s.empty() && (s[0] == '@' || s.substr(0, 3) == "＠")) {
    const size_t end = s.find_first_of(" \t");
    if (end == std::string_view::npos) return std::nullopt;
    s = skipSpace(s.substr(end));
  }
  for (std::string_view lead : kLeads) {
    if (s.substr(0, lead.size()) != lead) continue;
    std::string_view rest = s.substr(lead.size());
    for (bool again = true; again;) {
      again = false;
      for (std::string_view sep : kSeparators) {
        if (rest.substr(0, sep.size()) == sep) {
          rest.remove_prefix(sep.size());
          again = true;
        }
      }
    }
    if (rest.empty()) return std::nullopt;
    return std::string(rest);
  }
  return std::nullopt;
}

}  // namespace gg
