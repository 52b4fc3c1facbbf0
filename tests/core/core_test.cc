#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include "core/log.h"
#include "core/log_format.h"

#include "core/clock.h"
#include "core/json_file.h"
#include "core/text.h"
#include "tests/support/status_matchers.h"

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
  EXPECT_FALSE(isValidUtf8("\xE7\x94"));            // truncated
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));            // overlong
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));        // surrogate
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

// Every way a number is written in a chat line or a name field, found from outside.
TEST(Text, MasksPersonalNumbersHoweverTheyAreWritten) {
  EXPECT_EQ(maskPhonesInText("王阿姨13811112222"), "王阿姨138****2222");
  EXPECT_EQ(maskPhonesInText("打138-1111-3333找我"), "打138-****-3333找我");
  EXPECT_EQ(maskPhonesInText("138 1111 3333"), "138 **** 3333");
  EXPECT_EQ(maskPhonesInText("+8613811113333"), "+86138****3333");
  EXPECT_EQ(maskPhonesInText("+86 138 1111 3333"), "+86 138 **** 3333");
  EXPECT_EQ(maskPhonesInText("008613811113333"), "0086138****3333");
  EXPECT_EQ(maskPhonesInText("电话１３８１１１１３３３３"), "电话１３８****３３３３");
  EXPECT_EQ(maskPhonesInText("call-20260501-13812345678-01"), "call-20260501-138****5678-01");
  EXPECT_EQ(maskPhonesInText("座机0531-88881234"), "座机053*-******34");
  // Resident ID numbers (with or without a valid check digit, X last) and card numbers.
  EXPECT_EQ(maskPhonesInText("医保交了吗 370283199001011195"), "医保交了吗 3702**********1195");
  EXPECT_EQ(maskPhonesInText("11010519491231002X"), "1101**********002X");
  EXPECT_EQ(maskPhonesInText("卡号6222021234567890128"), "卡号***************0128");
  // What is not a personal number stays: dates, amounts, room numbers, ticket numbers.
  for (const char* keep : {"2026-12-01 09:30", "缴费标准为375元", "5号楼3单元502", "工单1001",
                           "12345热线", "1234567890123456"}) {
    EXPECT_EQ(maskPhonesInText(keep), keep);
  }
}

TEST(JsonFile, ReportsLineAndColumnAndAcceptsComments) {
  auto ok = parseJsonText("{\n // a comment\n \"a\": 1 /* x */\n}", "x.json");
  ASSERT_OK(ok);
  EXPECT_EQ((*ok)["a"], 1);
  auto bad = parseJsonText("{\n  \"a\": 1,\n  \"b\" 2\n}", "dir/x.json");
  ASSERT_FALSE(bad.isOk());
  EXPECT_NE(bad.status().message().find("dir/x.json:3:"), std::string::npos)
      << bad.status().message();
}

}  // namespace
// Log lines carry China time and its zone, so they read the same as every other time shown.
TEST(Log, LinesCarryChinaTimeWithItsZoneAndMaskNumbers) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  sink->set_formatter(log::makeFormatter());
  auto logger = std::make_shared<spdlog::logger>("test-zone", sink);
  logger->info("{}", maskPhonesInText("call from 13812345678"));
  const std::string line = out.str();
  EXPECT_TRUE(
      std::regex_search(line, std::regex(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00 info )")))
      << line;
  EXPECT_NE(line.find("138****5678"), std::string::npos) << line;
}

// log_format "json": one parseable object a line, the same China time, and a message with
// quotes, backslashes and a newline stays one line (a value cannot forge another entry).
TEST(Log, JsonLinesParseAndStayOneLine) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  sink->set_formatter(log::makeFormatterFor("json"));
  auto logger = std::make_shared<spdlog::logger>("test-json", sink);
  logger->warn("{}", maskPhonesInText("file=\"a\\b\nforged info x\" from 13812345678 路灯"));
  const std::string text = out.str();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.find('\n'), text.size() - 1) << text;  // the only newline ends the line
  auto j = nlohmann::json::parse(text.substr(0, text.size() - 1), nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << text;
  EXPECT_EQ(j["level"], "warning");
  EXPECT_TRUE(std::regex_match(j["time"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00)")))
      << j.dump();
  EXPECT_EQ(j["msg"], "file=\"a\\b\nforged info x\" from 138****5678 路灯");
}

}  // namespace gg
