#include "intents/literal_scanner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

namespace gg {
namespace {

using Occ = std::pair<int, uint32_t>;

// What the matcher did before the automaton: std::string::find from at + 1 for every literal.
std::vector<Occ> byFind(const std::vector<std::string>& lits, const std::string& text) {
  std::vector<Occ> out;
  for (size_t l = 0; l < lits.size(); ++l) {
    for (size_t at = text.find(lits[l]); at != std::string::npos; at = text.find(lits[l], at + 1)) {
      out.emplace_back(static_cast<int>(l), static_cast<uint32_t>(at));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Occ> byScan(const LiteralScanner& s, const std::string& text) {
  std::vector<LiteralScanner::Occurrence> found;
  s.scan(text, &found);
  std::vector<Occ> out;
  for (const auto& o : found) out.emplace_back(o.literal, o.begin);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(LiteralScanner, OverlappingAndNestedOccurrences) {
  const std::vector<std::string> lits = {"电梯", "电梯坏", "梯坏了", "坏", "11", "a电"};
  LiteralScanner s;
  s.build(lits);
  for (const std::string text : {"电梯坏了电梯坏了", "1111", "a电梯", "", "无关的话"}) {
    EXPECT_EQ(byScan(s, text), byFind(lits, text)) << text;
  }
}

// Random literals and texts over a small alphabet (Han, Latin, digits, punctuation) plus stray
// and truncated bytes: the automaton reports exactly the byte occurrences find reports.
TEST(LiteralScanner, OracleEqualsFind) {
  const std::vector<std::string> alphabet = {"电", "梯", "坏", "了", "a", "1", "，", "😀",
                                             "\xC3\xA9"};
  const std::vector<std::string> junk = {"\xE7", "\x94", "\xE7\x94", "\xC0\x80", "\xED\xA0\x80"};
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::set<std::string> uniq;
    const int n = 1 + static_cast<int>(rng() % 12);
    while (static_cast<int>(uniq.size()) < n) {
      std::string l;
      for (int k = 0, len = 1 + static_cast<int>(rng() % 4); k < len; ++k) {
        l += alphabet[rng() % alphabet.size()];
      }
      uniq.insert(l);
    }
    const std::vector<std::string> lits(uniq.begin(), uniq.end());
    LiteralScanner s;
    s.build(lits);
    for (int t = 0; t < 20; ++t) {
      std::string text;
      for (int k = 0, len = static_cast<int>(rng() % 30); k < len; ++k) {
        text += rng() % 10 == 0 ? junk[rng() % junk.size()] : alphabet[rng() % alphabet.size()];
      }
      ASSERT_EQ(byScan(s, text), byFind(lits, text)) << "round " << round << " text " << text;
    }
  }
}

}  // namespace
}  // namespace gg
