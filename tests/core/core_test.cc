#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/json_file.h"
#include "core/text.h"

namespace gg {
namespace {

TEST(ChinaTime, FormatsAndParsesIndependentOfMachineZone) {
  Millis t = 0;
  ASSERT_TRUE(parseIsoTime("2026-12-25T09:00:00+08:00", &t));
  EXPECT_EQ(formatChinaTime(t), "2026-12-25T09:00:00+08:00");
  Millis z = 0;
  ASSERT_TRUE(parseIsoTime("2026-12-25T01:00:00Z", &z));
  EXPECT_EQ(z, t);
  Millis local = 0;
  ASSERT_TRUE(parseIsoTime("2026-12-25T09:00", &local));  // no zone = China time
  EXPECT_EQ(local, t);
  Millis day = 0;
  ASSERT_TRUE(parseIsoTime("2026-12-25", &day));
  EXPECT_EQ(chinaMidnight(t), day);
  EXPECT_EQ(formatChinaDate(day), "2026-12-25");
  EXPECT_FALSE(parseIsoTime("25/12/2026", &t));
  EXPECT_FALSE(parseIsoTime("2026-13-01", &t));
  EXPECT_FALSE(parseIsoTime("2026-12-25T09:00:00+0800", &t));
}

TEST(Utf8, ValidatesAndSplitsOnCharacterBoundaries) {
  EXPECT_TRUE(isValidUtf8("电梯坏了"));
  EXPECT_FALSE(isValidUtf8("\xE7\x94"));          // truncated
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // surrogate
  const std::string text = "一二三四五六七八九十";  // 30 bytes
  auto parts = splitUtf8(text, 7);
  std::string joined;
  for (const auto& p : parts) {
    EXPECT_LE(p.size(), 7u);
    EXPECT_TRUE(isValidUtf8(p)) << p;
    joined += p;
  }
  EXPECT_EQ(joined, text);
}

TEST(Phones, ValidateAndMask) {
  EXPECT_TRUE(isPhoneNumber("13812345678"));
  EXPECT_TRUE(isPhoneNumber("0531-88881234"));
  EXPECT_FALSE(isPhoneNumber("1381234"));
  EXPECT_FALSE(isPhoneNumber("12345678901"));
  EXPECT_FALSE(isPhoneNumber("abc"));
  EXPECT_EQ(maskPhone("13812345678"), "138****5678");
  EXPECT_EQ(maskPhonesInText("电话13812345678，订单号1234"), "电话138****5678，订单号1234");
}

TEST(JsonFile, ReportsLineAndColumnAndAcceptsComments) {
  auto ok = parseJsonText("{\n // a comment\n \"a\": 1 /* x */\n}", "x.json");
  ASSERT_TRUE(ok.isOk());
  EXPECT_EQ((*ok)["a"], 1);
  auto bad = parseJsonText("{\n  \"a\": 1,\n  \"b\" 2\n}", "dir/x.json");
  ASSERT_FALSE(bad.isOk());
  EXPECT_NE(bad.status().message().find("dir/x.json:3:"), std::string::npos)
      << bad.status().message();
}

}  // namespace
}  // namespace gg
