#include "intents/normalizer.h"
#include "tests/support/status_matchers.h"

#include <gtest/gtest.h>

namespace gg {
namespace {

const Normalizer& full() {
  static auto n = Normalizer::create();
  return *n.value();
}

std::string norm(std::string_view s, bool asr = false) { return full().normalize(s, asr).text; }

TEST(Normalizer, OpenCcTableIsBuilt) {
  auto n = Normalizer::create();
  ASSERT_OK(n);
  EXPECT_GT(n.value()->t2sSize(), 2000u);
}

TEST(Normalizer, FullWidthToHalfWidth) {
  EXPECT_EQ(norm("ＡＢＣ１２３！"), "abc123!");
  EXPECT_EQ(norm("电话：１３８"), "电话:138");
}

TEST(Normalizer, TraditionalToSimplified) {
  EXPECT_EQ(norm("電梯壞了"), "电梯坏了");
  EXPECT_EQ(norm("燃氣洩漏"), "燃气泄漏");
  EXPECT_EQ(norm("簡體字不變"), "简体字不变");
}

TEST(Normalizer, ChineseNumeralsInAddresses) {
  EXPECT_EQ(norm("三号楼二单元"), "3号楼2单元");
  EXPECT_EQ(norm("住十二楼"), "住12楼");
  EXPECT_EQ(norm("五栋一单元三零二室"), "5栋1单元302室");
  EXPECT_EQ(norm("第三次了"), "第3次了");
  EXPECT_EQ(norm("等了两个小时"), "等了2个小时");
  EXPECT_EQ(norm("一百二十元"), "120元");
  EXPECT_EQ(norm("幺三八幺二三四五六七八"), "13812345678");
}

TEST(Normalizer, NumeralWordsStayWords) {
  EXPECT_EQ(norm("等一下"), "等一下");
  EXPECT_EQ(norm("一直没人管"), "一直没人管");
  EXPECT_EQ(norm("十分感谢"), "十分感谢");
  EXPECT_EQ(norm("万一出事"), "万一出事");
  EXPECT_EQ(norm("好一点了"), "好一点了");
  EXPECT_EQ(norm("两个人"), "两个人");
}

TEST(Normalizer, EmojiAndDecorationsDropped) {
  EXPECT_EQ(norm("电梯坏了😡😡"), "电梯坏了");
  EXPECT_EQ(norm("谢谢👍🏻❤️"), "谢谢");
  EXPECT_EQ(norm("★★停水通知★★"), "停水通知");
  EXPECT_EQ(norm("又停水了[捂脸][捂脸]"), "又停水了");
  EXPECT_EQ(norm("[图片]"), "");
}

TEST(Normalizer, RepeatedPunctuationFolded) {
  EXPECT_EQ(norm("快来人！！！！"), "快来人!");
  EXPECT_EQ(norm("什么时候修？？？。。。"), "什么时候修?");
  EXPECT_EQ(norm("停电了。。。"), "停电了。");
  EXPECT_EQ(norm("真的吗?!?!"), "真的吗?");
}

TEST(Normalizer, WhitespaceCollapsed) {
  EXPECT_EQ(norm("  电梯   坏了 \n"), "电梯坏了");
  EXPECT_EQ(norm("wifi  down"), "wifi down");
}

TEST(Normalizer, AsrFillersOnlyForHotline) {
  EXPECT_EQ(norm("嗯那个就是说我家停水了啊", true), "我家停水了");
  EXPECT_EQ(norm("嗯那个就是说我家停水了啊", false), "嗯那个就是说我家停水了啊");
  EXPECT_EQ(norm("呃三号楼嗯二单元", true), "3号楼2单元");
}

TEST(Normalizer, LatinCaseFolded) {
  EXPECT_EQ(norm("KTV太吵"), "ktv太吵");
  EXPECT_EQ(norm("ＷｉＦｉ"), "wifi");
}

TEST(Normalizer, OffsetsMapBackToOriginal) {
  const std::string original = "😡三號樓電梯壞了！！";
  NormalizedText n = full().normalize(original, false);
  ASSERT_EQ(n.text, "3号楼电梯坏了!");
  const size_t at = n.text.find("电梯");
  auto [b, e] = n.toOriginal(at, at + std::string("电梯").size());
  EXPECT_EQ(original.substr(b, e - b), "電梯");
  // A converted numeral maps to the whole run it came from.
  auto [nb, ne] = n.toOriginal(0, 1);
  EXPECT_EQ(original.substr(nb, ne - nb), "三");
  // Folded punctuation maps to the first mark.
  auto [pb, pe] = n.toOriginal(n.text.size() - 1, n.text.size());
  EXPECT_EQ(original.substr(pb, pe - pb), "！");
}

TEST(Normalizer, WithoutOpenCcStillNormalizes) {
  Normalizer bare;
  EXPECT_EQ(bare.normalize("ＡＢ三号楼", false).text, "ab3号楼");
  EXPECT_EQ(bare.normalize("電梯", false).text, "電梯");
}

TEST(Normalizer, InvalidUtf8BytesDropped) { EXPECT_EQ(norm(std::string("停\xff水")), "停水"); }

}  // namespace
}  // namespace gg
