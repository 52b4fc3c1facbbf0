#include "bot/chat_commands.h"

#include <utility>
#include <vector>

namespace gg {
namespace {

const std::vector<std::pair<std::string, std::string>>& verbs() {
  static const std::vector<std::pair<std::string, std::string>> kVerbs = {
      {"接单", "accept"},   {"受理", "accept"},   {"办结", "resolve"},  {"已办结", "resolve"},
      {"转派", "transfer"}, {"升级", "escalate"}, {"上报", "escalate"}, {"退回", "reject"},
      {"评价", "rate"},     {"评分", "rate"},     {"未解决", "reopen"}, {"没修好", "reopen"},
      {"重新办理", "reopen"}};
  return kVerbs;
}

// Skips ASCII and ideographic spaces, '#', '＃' and '：' ':' separators.
size_t skipSeparators(const std::string& s, size_t i) {
  for (;;) {
    if (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '#' || s[i] == ':')) { ++i; continue; }
    if (s.compare(i, 3, "\xE3\x80\x80") == 0 || s.compare(i, 3, "\xEF\xBC\x83") == 0 ||
        s.compare(i, 3, "\xEF\xBC\x9A") == 0) {  // 　 ＃ ：
      i += 3;
      continue;
    }
    return i;
  }
}

// Reads ASCII or full-width digits at i.
std::string readDigits(const std::string& s, size_t* i) {
  std::string out;
  while (*i < s.size()) {
    if (s[*i] >= '0' && s[*i] <= '9') {
      out += s[(*i)++];
    } else if (s.compare(*i, 2, "\xEF\xBC") == 0 && *i + 2 < s.size() &&
               static_cast<unsigned char>(s[*i + 2]) >= 0x90 && static_cast<unsigned char>(s[*i + 2]) <= 0x99) {
      out += static_cast<char>('0' + (static_cast<unsigned char>(s[*i + 2]) - 0x90));
      *i += 3;
    } else {
      break;
    }
  }
  return out;
}

std::string trim(const std::string& s) {
  size_t b = skipSeparators(s, 0);
  size_t e = s.size();
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\r' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

}  // namespace

std::optional<ChatCommand> parseChatCommand(const std::string& raw) {
  const std::string text = trim(raw);
  for (const auto& [verb, action] : verbs()) {
    if (text.compare(0, verb.size(), verb) != 0) continue;
    size_t i = skipSeparators(text, verb.size());
    if (text.compare(i, 6, "工单") == 0) i = skipSeparators(text, i + 6);
    const std::string digits = readDigits(text, &i);
    if (digits.empty() || digits.size() > 12) return std::nullopt;
    if (text.compare(i, 3, "号") == 0) i += 3;
    // "没修好3号楼的电梯" and "受理2号楼楼下的垃圾" name a building, not a ticket: a number
    // followed by a place word is an address, and the line is a resident's message.
    for (const char* place : {"楼", "栋", "幢", "单元", "室", "层", "门", "院", "区", "户"}) {
      if (text.compare(i, std::char_traits<char>::length(place), place) == 0) return std::nullopt;
    }
    ChatCommand c;
    c.action = action;
    c.ticket_id = std::stoll(digits);
    c.argument = trim(text.substr(i));
    return c;
  }
  return std::nullopt;
}

}  // namespace gg
