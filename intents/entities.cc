#include "intents/entities.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/text.h"

namespace gg {
namespace {

RE2::Options quietOptions() {
  RE2::Options o;
  o.set_log_errors(false);
  return o;
}

Span originalSpan(const NormalizedText& norm, size_t begin, size_t end) {
  auto [b, e] = norm.toOriginal(begin, end);
  return Span{b, e};
}

int dayOffset(const std::string& day) {
  if (day == "今天" || day == "今日" || day == "今晚" || day == "今早" || day == "刚才" ||
      day == "现在" || day == "") {
    return 0;
  }
  if (day == "明天" || day == "明日" || day == "明早" || day == "明晚") return 1;
  if (day == "后天") return 2;
  if (day == "昨天" || day == "昨晚" || day == "昨日") return -1;
  if (day == "前天") return -2;
  return 0;
}

std::string partOfDay(const std::string& day, const std::string& part) {
  const std::string p = part.empty() ? day : part;
  if (p.find("早") != std::string::npos || p == "上午" || p == "凌晨") return "morning";
  if (p == "中午") return "noon";
  if (p == "下午" || p == "傍晚") return "afternoon";
  if (p.find("晚") != std::string::npos || p == "夜里" || p == "半夜") return "evening";
  return "";
}

// Day words, longest first where one is a prefix of another.
constexpr const char* kDays[] = {"今天", "今日", "今晚", "今早", "明天", "明日", "明早", "明晚",
                                 "后天", "昨天", "昨晚", "昨日", "前天", "刚才"};

// What one pass over the text says about which entity scans can find anything: each flag is
// a necessary condition of its regex, so a scan skipped on it would have found nothing.
struct Cues {
  size_t longest_digit_run = 0;  // id numbers need 15+, phone numbers 7+
  bool address = false;  // a digit then '-' (3-2-501), or then (after ASCII spaces) the first
                         // character of an address word (号 栋 幢 座 单 楼 层 室)
  bool time = false;     // one of time_re_'s two-character day / part-of-day words
};

char32_t cjkAt(const unsigned char* p, size_t n, size_t i) {
  if (i + 2 >= n || p[i] < 0xE0 || p[i] > 0xEF) return 0;
  return (char32_t{p[i] & 0x0Fu} << 12) | (char32_t{p[i + 1] & 0x3Fu} << 6) | (p[i + 2] & 0x3Fu);
}

// time_re_'s words: 今天 今日 今晚 今早 明天 明日 明早 明晚 后天 昨天 昨晚 昨日 前天 刚才 and
// 上午 下午 中午 晚上 早上 凌晨 傍晚 夜里 半夜.
bool timeWord(char32_t a, char32_t b) {
  switch (a) {
    case U'今': return b == U'天' || b == U'日' || b == U'晚' || b == U'早';
    case U'明': return b == U'天' || b == U'日' || b == U'早' || b == U'晚';
    case U'后': case U'前': return b == U'天';
    case U'昨': return b == U'天' || b == U'晚' || b == U'日';
    case U'刚': return b == U'才';
    case U'上': case U'下': case U'中': return b == U'午';
    case U'晚': case U'早': return b == U'上';
    case U'凌': return b == U'晨';
    case U'傍': return b == U'晚';
    case U'夜': return b == U'里';
    case U'半': return b == U'夜';
    default: return false;
  }
}

// A bit per code point of U+4E00..U+9FFF: a table lookup, where a switch over random Han
// characters mispredicts its branches.
bool timeFirst(char32_t a) {
  static const std::vector<bool> kFirst = [] {
    std::vector<bool> v(0xA000 - 0x4E00, false);
    for (char32_t c : U"今明后前昨刚上下中晚早凌傍夜半") {
      if (c >= 0x4E00 && c < 0xA000) v[c - 0x4E00] = true;
    }
    return v;
  }();
  return a >= 0x4E00 && a < 0xA000 && kFirst[a - 0x4E00];
}

bool addressWordStart(char32_t c) {
  return c == U'号' || c == U'栋' || c == U'幢' || c == U'座' || c == U'单' || c == U'楼' ||
         c == U'层' || c == U'室';
}

bool isReSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

Cues scanCues(const std::string& t) {
  Cues c;
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  const size_t n = t.size();
  size_t run = 0;
  for (size_t i = 0; i < n; ++i) {
    if (p[i] >= '0' && p[i] <= '9') {
      c.longest_digit_run = std::max(c.longest_digit_run, ++run);
      if (!c.address) {
        size_t k = i + 1;
        if (k < n && p[k] == '-') {
          c.address = true;
        } else {
          while (k < n && isReSpace(t[k])) ++k;
          c.address = addressWordStart(cjkAt(p, n, k));
        }
      }
      continue;
    }
    run = 0;
    if (!c.time && p[i] >= 0xE4 && p[i] <= 0xE9) {
      const char32_t a = cjkAt(p, n, i);
      // The second character is decoded only after a first one that starts a time word.
      if (timeFirst(a)) c.time = timeWord(a, cjkAt(p, n, i + 3));
    }
  }
  return c;
}

}  // namespace

EntityExtractor::EntityExtractor(std::shared_ptr<const Gazetteer> gazetteer)
    : gazetteer_(std::move(gazetteer)),
      // 3-2-501 (building-unit-room) or a number followed by its address word.
      address_re_(R"((\d{1,3})-(\d{1,2})-(\d{3,4})|(\d{1,4})\s*(号楼|栋|幢|号院|座|单元|楼|层|室|号房))",
                  quietOptions()),
      phone_re_(R"((1[3-9]\d{9}|0\d{2,3}-?\d{7,8}))", quietOptions()),
      time_re_(
          "((?:今天|今日|今晚|今早|明天|明日|明早|明晚|后天|昨天|昨晚|昨日|前天|刚才)"
          "(?:上午|下午|中午|晚上|早上|凌晨|傍晚|夜里|半夜)?|"
          "(?:上午|下午|中午|晚上|早上|凌晨|傍晚|夜里|半夜))"
          "(?:(\\d{1,2})点(?:(\\d{1,2})分|(半))?)?",
          quietOptions()),
      digits_re_(R"((\d{15,19}x?))", quietOptions()) {}

Entities EntityExtractor::extract(const NormalizedText& norm) const {
  Entities out;
  const std::string& t = norm.text;
  if (gazetteer_) {
    for (const PlaceHit& h : gazetteer_->find(t)) {
      PlaceEntity p;
      p.name = h.place->name;
      p.matched = h.matched;
      p.kind = h.place->kind;
      p.community_id = h.place->community_id;
      p.grid_id = h.place->grid_id;
      p.span = originalSpan(norm, h.begin, h.end);
      out.places.push_back(std::move(p));
    }
  }
  const Cues cues = scanCues(t);
  const size_t longest_run = cues.longest_digit_run;
  if (cues.address) {
    re2::StringPiece in(t), whole, b, u, r, num, word;
    while (RE2::FindAndConsume(&in, address_re_, &b, &u, &r, &num, &word)) {
      // FindAndConsume gives the groups but not the whole match: rebuild it from the groups.
      const char* start = b.data() ? b.data() : num.data();
      const char* end = in.data();
      const size_t nb = static_cast<size_t>(start - t.data());
      const size_t ne = static_cast<size_t>(end - t.data());
      if (b.data()) {
        out.addresses.push_back({"building", std::string(b), originalSpan(norm, nb, ne)});
        out.addresses.push_back({"unit", std::string(u), originalSpan(norm, nb, ne)});
        out.addresses.push_back({"room", std::string(r), originalSpan(norm, nb, ne)});
        continue;
      }
      std::string w(word);
      std::string kind = "building";
      if (w == "单元") kind = "unit";
      else if (w == "楼" || w == "层") kind = "floor";
      else if (w == "室" || w == "号房") kind = "room";
      // "12楼" after a building number is a floor; on its own people usually mean a building
      // ("住在3楼" is ambiguous; keep it a floor, the worker reads the text anyway).
      // A number before its address word must not be the tail of a longer digit run.
      if (nb > 0 && t[nb - 1] >= '0' && t[nb - 1] <= '9') continue;
      out.addresses.push_back({kind, std::string(num), originalSpan(norm, nb, ne)});
      // "5号楼3单元502": a 3-4 digit run right after the unit (or after a building + floorless
      // form) is the room, not a floor; so is "502室" (matched above).
      if (kind == "unit" || kind == "building") {
        size_t k = ne;
        size_t d = k;
        while (d < t.size() && t[d] >= '0' && t[d] <= '9') ++d;
        const size_t len = d - k;
        const bool up_down = t.compare(d, 6, "楼上") == 0 || t.compare(d, 6, "楼下") == 0;
        const bool floor_word = (t.compare(d, 3, "楼") == 0 && !up_down) || t.compare(d, 3, "层") == 0 ||
                                t.compare(d, 6, "单元") == 0 || t.compare(d, 3, "栋") == 0;
        if (len >= 3 && len <= 4 && !floor_word && (kind == "unit" || t.compare(d, 3, "室") != 0)) {
          size_t end = d;
          if (t.compare(d, 3, "室") == 0 || t.compare(d, 3, "号") == 0) end = d + 3;
          out.addresses.push_back({"room", t.substr(k, len), originalSpan(norm, k, end)});
          in.remove_prefix(end - static_cast<size_t>(in.data() - t.data()));
        }
      }
    }
  }
  // ID / bank-card numbers: only when the text has a run of 15+ digits at all.
  if (longest_run >= 15) {
    re2::StringPiece in(t), m;
    while (RE2::FindAndConsume(&in, digits_re_, &m)) {
      const size_t nb = static_cast<size_t>(m.data() - t.data());
      const bool digit_before = nb > 0 && t[nb - 1] >= '0' && t[nb - 1] <= '9';
      const bool digit_after = in.size() > 0 && in[0] >= '0' && in[0] <= '9';
      if (digit_before || digit_after) continue;
      std::string num(m);
      std::string kind;
      if (num.size() == 18) kind = "id_card";
      else if (num.back() != 'x' && num.size() >= 16) kind = "bank_card";
      if (kind.empty()) continue;
      out.id_numbers.push_back({kind, num, originalSpan(norm, nb, nb + num.size())});
    }
  }
  if (longest_run >= 7) {  // 0\d{2,3}-?\d{7,8} needs 7 digits in a row, 1[3-9]\d{9} 11
    re2::StringPiece in(t), m;
    while (RE2::FindAndConsume(&in, phone_re_, &m)) {
      const size_t nb = static_cast<size_t>(m.data() - t.data());
      // A phone number is a whole run of digits, not the middle of a longer number.
      const bool digit_before = nb > 0 && t[nb - 1] >= '0' && t[nb - 1] <= '9';
      const bool digit_after = in.size() > 0 && in[0] >= '0' && in[0] <= '9';
      if (digit_before || digit_after || !isPhoneNumber(std::string(m))) continue;
      std::string digits;
      for (char c : m) {
        if (c >= '0' && c <= '9') digits += c;
      }
      out.phones.push_back({digits, originalSpan(norm, nb, nb + m.size())});
    }
  }
  if (cues.time) {
    re2::StringPiece in(t), when, hour, minute, half;
    while (RE2::FindAndConsume(&in, time_re_, &when, &hour, &minute, &half)) {
      std::string w(when);
      std::string day, part;
      for (const char* d : kDays) {
        if (w.rfind(d, 0) == 0) {
          day = d;
          break;
        }
      }
      part = w.substr(day.size());
      const size_t nb = static_cast<size_t>(when.data() - t.data());
      const size_t ne = static_cast<size_t>(in.data() - t.data());
      TimeEntity te;
      te.text = t.substr(nb, ne - nb);
      te.day_offset = dayOffset(day);
      te.part = partOfDay(day, part);
      if (!hour.empty()) {
        te.hour = std::stoi(std::string(hour));
        if ((te.part == "afternoon" || te.part == "evening") && te.hour < 12) te.hour += 12;
        te.minute = !minute.empty() ? std::stoi(std::string(minute)) : (!half.empty() ? 30 : 0);
      }
      te.span = originalSpan(norm, nb, ne);
      out.times.push_back(std::move(te));
    }
  }
  return out;
}

}  // namespace gg
