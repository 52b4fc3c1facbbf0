#include "intents/normalizer.h"

#include <opencc/opencc.h>

#include <mutex>

#include "core/log.h"

namespace gg {
namespace {

// One character of the message being normalized, with the original byte range it came from.
struct Unit {
  char32_t cp;
  uint32_t begin;
  uint32_t end;
};

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes one UTF-8 character at s[i]; returns kInvalid and advances one byte on malformed input.
char32_t decode(std::string_view s, size_t* i) {
  const auto c = static_cast<unsigned char>(s[*i]);
  size_t n;
  char32_t cp;
  if (c < 0x80) {
    ++*i;
    return c;
  }
  if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; }
  else { ++*i; return kInvalid; }
  if (*i + n > s.size()) { ++*i; return kInvalid; }
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[*i + k]);
    if ((cc & 0xC0) != 0x80) { ++*i; return kInvalid; }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *i += n;
  return cp;
}

void encode(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// encode() into p (room for 4 bytes); returns the byte count.
size_t encodeTo(char32_t cp, char* p) {
  if (cp < 0x80) {
    p[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    p[0] = static_cast<char>(0xC0 | (cp >> 6));
    p[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    p[0] = static_cast<char>(0xE0 | (cp >> 12));
    p[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    p[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  p[0] = static_cast<char>(0xF0 | (cp >> 18));
  p[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  p[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  p[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

bool isHan(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

// Emoji, pictographs, dingbats, arrows, geometric shapes, joiners, selectors, private use.
bool isDecoration(char32_t cp) {
  // Most characters are ASCII or Chinese: below U+00A9 and between U+3031 and U+DFFF nothing
  // below is a decoration, so two compares decide them.
  if (cp < 0xA9 || (cp > 0x3030 && cp < 0xE000)) return false;
  return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
         (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x2190 && cp <= 0x21FF) ||
         (cp >= 0x25A0 && cp <= 0x25FF) || (cp >= 0x2700 && cp <= 0x27BF) ||
         (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x200D ||
         cp == 0x200B || cp == 0x200C || cp == 0xFEFF || cp == 0x3030 || cp == 0x2022 ||
         (cp >= 0x2460 && cp <= 0x24FF && false) || cp == 0x20E3 || cp == 0x2122 ||
         cp == 0x00A9 || cp == 0x00AE || (cp >= 0xE0020 && cp <= 0xE007F) || cp == 0x02DC ||
         cp == 0x2605 || cp == 0x2606 || cp == 0x2665 || cp == 0x2764;
}

bool isPunct(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) ||
           (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7E);
  }
  return (cp >= 0x3001 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x3011) ||
         (cp >= 0x2010 && cp <= 0x2027) || cp == 0x00B7 || cp == 0xFF5E || cp == 0x2026;
}

bool isSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0xA0;
}

// Value of a Chinese digit, or -1.
int digitValue(char32_t cp) {
  switch (cp) {
    case U'零': case U'〇': return 0;
    case U'一': case U'幺': return 1;
    case U'二': case U'两': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

int unitValue(char32_t cp) {
  switch (cp) {
    case U'十': return 10;
    case U'百': return 100;
    case U'千': return 1000;
    case U'万': return 10000;
    default: return 0;
  }
}

bool startsWith(const std::vector<Unit>& u, size_t i, std::u32string_view word) {
  if (i + word.size() > u.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (u[i + k].cp != word[k]) return false;
  }
  return true;
}

// Suffixes after which a numeral run is a number: addresses, counts, times, money, ages.
constexpr std::u32string_view kAddressSuffixes[] = {U"号", U"楼", U"栋", U"幢", U"单元", U"层",
                                                    U"室", U"户", U"期", U"组", U"座", U"号院"};
constexpr std::u32string_view kCountSuffixes[] = {
    U"区", U"路", U"米", U"元", U"块钱", U"岁", U"点", U"年", U"月", U"日", U"天", U"小时",
    U"分钟", U"个小时", U"个月", U"周", U"次", U"个人", U"位", U"名", U"辆", U"公里", U"号线",
    U"万", U"千", U"百", U"平", U"度", U"斤", U"块"};

bool followedBy(const std::vector<Unit>& u, size_t i,
                const std::u32string_view* list, size_t n) {
  for (size_t k = 0; k < n; ++k) {
    if (startsWith(u, i, list[k])) return true;
  }
  return false;
}

// Converts runs of Chinese numerals that stand for numbers into ASCII digits, in place.
void convertNumerals(std::vector<Unit>* units) {
  std::vector<Unit>& u = *units;
  std::vector<Unit> out;
  out.reserve(u.size());
  size_t i = 0;
  while (i < u.size()) {
    if (digitValue(u[i].cp) < 0 && unitValue(u[i].cp) != 10) {
      out.push_back(u[i++]);
      continue;
    }
    size_t j = i;
    bool has_unit = false;
    while (j < u.size() && (digitValue(u[j].cp) >= 0 || unitValue(u[j].cp) > 0)) {
      has_unit |= unitValue(u[j].cp) > 0;
      ++j;
    }
    // A trailing 万/千/百 after digits is part of the number only when the run parses; a run
    // must not start with 万/千/百 (万一 = "in case").
    const size_t len = j - i;
    const bool after_di = i > 0 && u[i - 1].cp == U'第';
    const bool address = followedBy(u, j, kAddressSuffixes, std::size(kAddressSuffixes));
    const bool count = followedBy(u, j, kCountSuffixes, std::size(kCountSuffixes));
    bool convert = false;
    // Approximate numbers: 三四天, 七八个, 两三次 are ranges ("3-4天"), never fused into 34.
    if (len == 2 && !has_unit && digitValue(u[i + 1].cp) == digitValue(u[i].cp) + 1 &&
        digitValue(u[i].cp) >= 1 && !after_di &&
        (count || startsWith(u, j, U"个") || startsWith(u, j, U"家") || startsWith(u, j, U"户") ||
         startsWith(u, j, U"层") || startsWith(u, j, U"回") || startsWith(u, j, U"遍") ||
         startsWith(u, j, U"趟"))) {
      const char a = static_cast<char>('0' + digitValue(u[i].cp));
      const char b = static_cast<char>('0' + digitValue(u[i + 1].cp));
      out.push_back(Unit{static_cast<char32_t>(a), u[i].begin, u[i].end});
      out.push_back(Unit{U'-', u[i].begin, u[i + 1].end});
      out.push_back(Unit{static_cast<char32_t>(b), u[i + 1].begin, u[i + 1].end});
      i = j;
      continue;
    }
    if (len == 1 && u[i].cp == U'一' && i > 0 && u[i - 1].cp == U'万') {
      convert = false;  // 万一 = "in case", never 万 + 1楼
    } else if (len == 1 && (u[i].cp == U'一' || u[i].cp == U'两' || u[i].cp == U'幺')) {
      // 一下/一点/一个/两个 are words, not numbers; only addresses and ordinals convert
      // (两单元 is unit 2; 两栋楼 stays two buildings).
      convert = after_di || (address && u[i].cp != U'两') || (u[i].cp == U'两' && startsWith(u, j, U"单元")) ||
                (u[i].cp == U'两' && (startsWith(u, j, U"点") || startsWith(u, j, U"岁") ||
                                      startsWith(u, j, U"个小时") || startsWith(u, j, U"天")));
    } else if (len == 1 && u[i].cp == U'十') {
      convert = after_di || address || (count && !startsWith(u, j, U"分"));
    } else if (!has_unit && len >= 3) {
      convert = true;  // spoken digit strings: 幺三八…, 三零二
    } else {
      convert = after_di || address || count;
    }
    if (!convert) {
      for (size_t k = i; k < j; ++k) out.push_back(u[k]);
      i = j;
      continue;
    }
    std::string digits;
    if (!has_unit) {
      for (size_t k = i; k < j; ++k) digits.push_back(static_cast<char>('0' + digitValue(u[k].cp)));
    } else {
      long long total = 0, section = 0, num = 0;
      for (size_t k = i; k < j; ++k) {
        const int d = digitValue(u[k].cp);
        const int unit = unitValue(u[k].cp);
        if (d >= 0) {
          num = d;
        } else if (unit == 10000) {
          total += (section + num) * 10000;
          section = num = 0;
        } else {
          section += (num == 0 && unit == 10 ? 1 : num) * unit;
          num = 0;
        }
      }
      digits = std::to_string(total + section + num);
    }
    const uint32_t b = u[i].begin;
    const uint32_t e = u[j - 1].end;
    for (char c : digits) out.push_back(Unit{static_cast<char32_t>(c), b, e});
    i = j;
  }
  u.swap(out);
}

constexpr std::u32string_view kFillers[] = {U"就是说", U"那个", U"嗯", U"啊", U"呃", U"唔"};

void dropFillers(std::vector<Unit>* units) {
  std::vector<Unit>& u = *units;
  std::vector<Unit> out;
  out.reserve(u.size());
  for (size_t i = 0; i < u.size();) {
    bool dropped = false;
    for (auto f : kFillers) {
      if (startsWith(u, i, f)) {
        i += f.size();
        dropped = true;
        break;
      }
    }
    if (!dropped) out.push_back(u[i++]);
  }
  u.swap(out);
}

// Drops WeChat-style emoji tags: '[' followed by 1-4 Han characters and ']'.
void dropEmojiTags(std::vector<Unit>* units) {
  std::vector<Unit>& u = *units;
  std::vector<Unit> out;
  out.reserve(u.size());
  for (size_t i = 0; i < u.size();) {
    if (u[i].cp == '[' || u[i].cp == U'【') {
      size_t j = i + 1;
      while (j < u.size() && j - i <= 5 && isHan(u[j].cp)) ++j;
      if (j < u.size() && j > i + 1 && j - i <= 5 && u[j].cp == ']') {
        i = j + 1;
        continue;
      }
    }
    out.push_back(u[i++]);
  }
  u.swap(out);
}

}  // namespace

std::pair<size_t, size_t> NormalizedText::toOriginal(size_t begin, size_t end) const {
  if (begin >= end || end > text.size()) return {0, 0};
  return {orig_begin[begin], orig_end[end - 1]};
}

Normalizer::Normalizer() : t2s_(0x10000, 0), t2s_bits_(0x10000 / 64, 0) {}

Result<std::shared_ptr<const Normalizer>> Normalizer::create() {
  auto n = std::make_shared<Normalizer>();
  std::string all;
  std::vector<char32_t> cps;
  auto addRange = [&](char32_t a, char32_t b) {
    for (char32_t c = a; c <= b; ++c) {
      cps.push_back(c);
      encode(c, &all);
      all.push_back('\n');
    }
  };
  addRange(0x3400, 0x4DBF);
  addRange(0x4E00, 0x9FFF);
  addRange(0xF900, 0xFAFF);
  std::string converted;
  try {
    opencc::SimpleConverter conv("t2s.json");
    converted = conv.Convert(all);
  } catch (const std::exception& e) {
    return internalError(std::string("opencc t2s unavailable: ") + e.what());
  }
  size_t pos = 0;
  for (char32_t src : cps) {
    const size_t nl = converted.find('\n', pos);
    if (nl == std::string::npos) return internalError("opencc t2s: output lost alignment");
    std::string_view piece(converted.data() + pos, nl - pos);
    pos = nl + 1;
    size_t k = 0;
    if (piece.empty()) continue;
    const char32_t dst = decode(piece, &k);
    if (k == piece.size() && dst != src && dst != kInvalid && dst < 0x10000) {
      n->t2s_[src] = dst;
      if (dst != 0) n->t2s_bits_[src >> 6] |= uint64_t{1} << (src & 63);
      ++n->t2s_size_;
    }
  }
  return std::shared_ptr<const Normalizer>(std::move(n));
}

std::shared_ptr<const Normalizer> Normalizer::shared() {
  static std::shared_ptr<const Normalizer> instance = [] {
    auto r = create();
    if (r.isOk()) return r.value();
    log::warn("normalizer: traditional->simplified disabled: {}", r.status().message());
    return std::shared_ptr<const Normalizer>(std::make_shared<Normalizer>());
  }();
  return instance;
}

NormalizedText Normalizer::normalize(std::string_view text, bool asr) const {
  NormalizedText out;
  normalizeInto(text, asr, &out);
  return out;
}

void Normalizer::normalizeInto(std::string_view text, bool asr, NormalizedText* result) const {
  // Per-thread scratch: the units of every message reuse one buffer.
  thread_local std::vector<Unit> units;
  units.clear();
  units.reserve(text.size());
  // Passes that cannot change this message are skipped: a WeChat tag needs a '[' or '【', a
  // numeral run starts at a Chinese digit or 十.
  bool maybe_tag = false, maybe_numeral = false;
  for (size_t i = 0; i < text.size();) {
    const auto begin = static_cast<uint32_t>(i);
    char32_t cp = decode(text, &i);
    if (cp == kInvalid) continue;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (cp == 0x3000) cp = ' ';
    if (cp < 0x10000 && (t2s_bits_[cp >> 6] >> (cp & 63) & 1)) cp = t2s_[cp];
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    if (isDecoration(cp)) continue;
    if (cp < 0x20 && !isSpace(cp)) continue;
    units.push_back(Unit{cp, begin, static_cast<uint32_t>(i)});
    maybe_tag |= cp == '[' || cp == U'【';
    maybe_numeral |= digitValue(cp) >= 0 || unitValue(cp) == 10;
  }
  if (maybe_tag) dropEmojiTags(&units);
  if (asr) dropFillers(&units);
  if (maybe_numeral) convertNumerals(&units);
  // Building forms: 8#楼 / 8# / 8＃ -> 8号楼 (the # after a number is the building mark).
  for (size_t k = 1; k < units.size(); ++k) {
    if (units[k].cp != '#' || units[k - 1].cp < '0' || units[k - 1].cp > '9') continue;
    Unit hao{U'号', units[k].begin, units[k].end};
    if (k + 1 < units.size() && units[k + 1].cp == U'楼') {
      units[k] = hao;
    } else {
      units[k] = hao;
      units.insert(units.begin() + static_cast<long>(k) + 1, Unit{U'楼', hao.begin, hao.end});
    }
  }

  // Written through pointers into buffers sized for the worst case (4 bytes a unit), then cut
  // to length: no capacity check per byte.
  NormalizedText& out = *result;
  const size_t cap = units.size() * 4;
  out.text.resize(cap);
  out.orig_begin.resize(cap);
  out.orig_end.resize(cap);
  size_t o = 0;
  char32_t prev = ' ';  // leading spaces and punctuation runs are dropped
  bool prev_punct = false;
  for (size_t k = 0; k < units.size(); ++k) {
    Unit u = units[k];
    if (isSpace(u.cp)) {
      // Keep one space only between Latin letters/digits, where it separates words.
      if (prev == ' ' || k + 1 >= units.size()) continue;
      const char32_t next = units[k + 1].cp;
      const bool ascii_word = prev < 0x80 && next < 0x80 && !isPunct(prev) && !isSpace(next);
      if (!ascii_word) {
        // In a hotline transcript a space is a pause: it ends a clause (so negation or a
        // hypothesis spoken in one breath group does not reach into the next).
        if (!asr || prev_punct || isPunct(next) || isSpace(next)) continue;
        u.cp = ',';
        prev_punct = true;
      } else {
        u.cp = ' ';
      }
    } else if (isPunct(u.cp)) {
      if (prev_punct) continue;  // fold ！！！ / ？？ / 。。。 to the first mark
      prev_punct = true;
    } else {
      prev_punct = false;
    }
    const size_t n = encodeTo(u.cp, &out.text[o]);
    for (size_t b = o; b < o + n; ++b) {
      out.orig_begin[b] = u.begin;
      out.orig_end[b] = u.end;
    }
    o += n;
    prev = u.cp;
  }
  out.text.resize(o);
  out.orig_begin.resize(o);
  out.orig_end.resize(o);
}

}  // namespace gg
