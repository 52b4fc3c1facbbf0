#include "bot/message_split.h"

#include <gtest/gtest.h>

#include "core/text.h"

namespace gg {
namespace {

TEST(MessageSplit, ShortMessageUnchanged) {
  OutboundMessage m;
  m.channel = Channel::kWeComRobot;
  m.text = "你好";
  auto parts = splitForChannel(m);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].text, "你好");
}

TEST(MessageSplit, LongChineseSplitsOnCharacterBoundaries) {
  OutboundMessage m;
  m.channel = Channel::kWeComRobot;
  for (int i = 0; i < 1500; ++i) m.text += "电";  // 4500 bytes
  m.mention_mobiles = {"13800001111"};
  m.reply_to = "x";
  auto parts = splitForChannel(m);
  ASSERT_GE(parts.size(), 3u);
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    EXPECT_LE(parts[i].text.size(), kWeComRobotTextMaxBytes);
    EXPECT_TRUE(isValidUtf8(parts[i].text));
    EXPECT_EQ(parts[i].mention_mobiles.empty(), i != 0);
    joined += parts[i].text;
  }
  EXPECT_EQ(joined, m.text);
}

TEST(MessageSplit, LimitsPerChannel) {
  OutboundMessage m;
  m.channel = Channel::kWeComRobot;
  m.format = MessageFormat::kMarkdown;
  EXPECT_EQ(textLimitFor(m), kWeComRobotMarkdownMaxBytes);
  m.channel = Channel::kWeComApp;
  EXPECT_EQ(textLimitFor(m), kWeComAppTextMaxBytes);
  m.channel = Channel::kOneBot;
  EXPECT_EQ(textLimitFor(m), kOneBotTextMaxBytes);
  m.channel = Channel::kSms;
  EXPECT_EQ(textLimitFor(m), 0u);
}

}  // namespace
}  // namespace gg
