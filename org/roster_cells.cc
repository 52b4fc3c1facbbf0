#include "org/roster_cells.h"

#include <algorithm>
#include <initializer_list>
#include <set>

#include "org/org_file_reader.h"

namespace gg::roster_detail {
namespace {

using org_detail::allDigits;
using org_detail::quote;

// Splits s at every occurrence of any separator. UTF-8 never starts a character inside another
// one, so a byte match of a separator's sequence is always a whole character.
std::vector<std::string> splitOn(std::string_view s, std::initializer_list<std::string_view> seps) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size();) {
    size_t matched = 0;
    if (i < s.size()) {
      for (std::string_view sep : seps) {
        if (s.substr(i, sep.size()) == sep) {
          matched = sep.size();
          break;
        }
      }
    }
    if (i == s.size() || matched > 0) {
      std::string item = trim(s.substr(start, i - start));
      if (!item.empty()) out.push_back(std::move(item));
      i += matched > 0 ? matched : 1;
      start = i;
    } else {
      ++i;
    }
  }
  return out;
}

std::string replaceAll(std::string s, std::string_view from, std::string_view to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) {
    s.replace(p, from.size(), to);
  }
  return s;
}

// The ASCII spelling of the punctuation people type in Chinese input mode; with ranges also
// the ways of writing "from - to" (not for names: 至善园 is a compound).
std::string asciiPunctuation(std::string s, bool ranges) {
  for (auto [from, to] : {std::pair{"：", ":"}, {"（", "("}, {"）", ")"}, {"，", ","}, {"、", ","},
                          {"～", "-"}, {"~", "-"}, {"－", "-"}, {"—", "-"}, {"–", "-"}}) {
    s = replaceAll(std::move(s), from, to);
  }
  if (ranges) {
    for (const char* word : {"至", "到"}) s = replaceAll(std::move(s), word, "-");
  }
  return s;
}

// "8:30" -> "08:30", so the loader's strict HH:MM reader takes it.
std::string clockText(std::string s) {
  s = trim(s);
  if (s.size() == 4 && s[1] == ':') s = "0" + s;
  return s;
}

std::optional<std::vector<int>> dutyDays(std::string days) {
  if (days.empty() || days == "每天" || days == "每日" || days == "全周") return std::vector<int>{};
  if (days == "工作日") return std::vector<int>{1, 2, 3, 4, 5};
  if (days == "周末" || days == "双休日") return std::vector<int>{6, 7};
  for (const char* prefix : {"星期", "周"}) {
    for (auto [name, digit] : {std::pair{"一", "1"}, {"二", "2"}, {"三", "3"}, {"四", "4"},
                               {"五", "5"}, {"六", "6"}, {"日", "7"}, {"天", "7"}}) {
      days = replaceAll(std::move(days), std::string(prefix) + name, digit);
    }
  }
  return org_detail::parseDays(days);
}

std::string dutyExample() {
  return " (write e.g. \"1-5 08:30-17:30\", \"工作日 08:30-17:30\"; several windows separated by ；)";
}

}  // namespace

std::string trim(std::string_view s) {
  auto strip = [&](bool front) {
    for (std::string_view ws : {" ", "\t", "\r", "\n", "\xE3\x80\x80", "\xC2\xA0"}) {
      if (front && s.substr(0, ws.size()) == ws) {
        s.remove_prefix(ws.size());
        return true;
      }
      if (!front && s.size() >= ws.size() && s.substr(s.size() - ws.size()) == ws) {
        s.remove_suffix(ws.size());
        return true;
      }
    }
    return false;
  };
  while (strip(true)) {
  }
  while (strip(false)) {
  }
  return std::string(s);
}

std::vector<std::string> splitList(std::string_view s) {
  return splitOn(s, {",", "，", "、", ";", "；", "\n", " ", "\xE3\x80\x80", "\t"});
}

std::vector<std::string> splitItems(std::string_view s) { return splitOn(s, {";", "；", "\n"}); }

Parsed<WorkerRole> parseRole(std::string_view raw) {
  std::string s = trim(raw);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s == "网格长" || s == "leader") return {WorkerRole::kLeader, ""};
  if (s == "专职网格员" || s == "专职" || s == "fulltime") return {WorkerRole::kFullTime, ""};
  if (s == "兼职网格员" || s == "兼职" || s == "parttime") return {WorkerRole::kPartTime, ""};
  return {WorkerRole::kFullTime,
          "unknown role " + quote(trim(raw)) +
              " (网格长, 专职网格员 or 兼职网格员; or leader, fulltime, parttime)"};
}

Parsed<std::vector<DutyWindow>> parseDuty(std::string_view cell) {
  Parsed<std::vector<DutyWindow>> out;
  const std::string all = trim(cell);
  if (all.empty() || all == "全天" || all == "24小时") return out;  // always on duty
  for (const std::string& raw : splitItems(all)) {
    const std::string item = asciiPunctuation(raw, true);
    // The time range starts at the hour before the first ':'; what comes before it is the days.
    const size_t colon = item.find(':');
    size_t start = colon == std::string::npos ? 0 : colon;
    while (start > 0 && start + 2 > colon && item[start - 1] >= '0' && item[start - 1] <= '9') {
      --start;
    }
    if (colon == std::string::npos || start == colon) {
      out.problem = quote(raw) + " has no time range" + dutyExample();
      return out;
    }
    std::string days = trim(item.substr(0, start)), range = item.substr(start);
    range.erase(std::remove(range.begin(), range.end(), ' '), range.end());
    const size_t dash = range.find('-');
    auto days_list = dutyDays(days);
    if (!days_list) {
      out.problem = quote(raw) + ": " + quote(days) + " are not weekdays 1-7" + dutyExample();
      return out;
    }
    const std::string from = dash == std::string::npos ? "" : clockText(range.substr(0, dash));
    const std::string to = dash == std::string::npos ? "" : clockText(range.substr(dash + 1));
    auto a = org_detail::parseClock(from, false);
    auto b = org_detail::parseClock(to, true);
    if (!a || !b) {
      out.problem = quote(raw) + " is not a duty window" + dutyExample();
      return out;
    }
    if (*a == *b) {
      out.problem = quote(raw) + " is an empty duty window (from and to are the same)";
      return out;
    }
    out.value.push_back({*days_list, *a, *b});
  }
  return out;
}

namespace {

// Appends the buildings of one token ("1-8", "12", "A座", "3号楼") to c; returns a problem or "".
std::string addBuildings(const std::string& raw, Compound* c, std::set<std::string>* seen) {
  std::string token = asciiPunctuation(raw, true);
  for (std::string_view suffix : {"号楼", "栋", "幢", "号", "楼"}) {
    if (token.size() > suffix.size() && token.substr(token.size() - suffix.size()) == suffix) {
      token.resize(token.size() - suffix.size());
      break;
    }
  }
  std::vector<std::string> names;
  const size_t dash = token.find('-');
  if (dash != std::string::npos && allDigits(token.substr(0, dash)) &&
      allDigits(token.substr(dash + 1)) && dash < 6 && token.size() - dash < 7) {
    const int from = std::stoi(token.substr(0, dash)), to = std::stoi(token.substr(dash + 1));
    if (from > to || to - from >= kMaxBuildingRange) {
      return "building range " + quote(raw) + " is backwards or wider than " +
             std::to_string(kMaxBuildingRange);
    }
    for (int b = from; b <= to; ++b) names.push_back(std::to_string(b));
  } else {
    names.push_back(token);
  }
  for (auto& n : names) {
    if (!seen->insert(n).second) {
      return "compound " + quote(c->name) + ": building " + quote(n) + " is listed twice";
    }
    c->buildings.push_back(std::move(n));
  }
  return "";
}

}  // namespace

Parsed<std::vector<Compound>> parseCompounds(std::string_view cell) {
  Parsed<std::vector<Compound>> out;
  std::set<std::string> names;
  for (const std::string& raw : splitItems(cell)) {
    const std::string item = asciiPunctuation(raw, false);
    Compound c;
    std::string buildings;
    const size_t open = item.find('('), colon = item.find(':');
    if (open != std::string::npos && (colon == std::string::npos || open < colon)) {
      const size_t close = item.find(')', open);
      if (close == std::string::npos) {
        out.problem = quote(raw) + ": the aliases' bracket （ is never closed";
        return out;
      }
      c.name = trim(item.substr(0, open));
      c.aliases = splitOn(item.substr(open + 1, close - open - 1), {",", "/", " "});
      const std::string rest = trim(item.substr(close + 1));
      if (!rest.empty() && rest[0] != ':') {
        out.problem = quote(raw) + ": expected ：and the buildings after the aliases";
        return out;
      }
      if (!rest.empty()) buildings = rest.substr(1);
    } else if (colon != std::string::npos) {
      c.name = trim(item.substr(0, colon));
      buildings = item.substr(colon + 1);
    } else {
      c.name = trim(item);
    }
    if (c.name.empty()) {
      out.problem = quote(raw) + " has no compound name (write e.g. \"滨悦新城（滨悦）：1-8\")";
      return out;
    }
    if (!names.insert(c.name).second) {
      out.problem = "compound " + quote(c.name) + " is listed twice in this grid";
      return out;
    }
    std::set<std::string> seen;
    for (const std::string& token : splitList(buildings)) {
      if (std::string p = addBuildings(token, &c, &seen); !p.empty()) {
        out.problem = p;
        return out;
      }
    }
    out.value.push_back(std::move(c));
  }
  return out;
}

bool isWecomUserId(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '@' || c == '.';
  });
}

}  // namespace gg::roster_detail
