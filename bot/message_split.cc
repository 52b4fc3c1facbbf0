#include "bot/message_split.h"

#include "core/text.h"

namespace gg {

size_t textLimitFor(const OutboundMessage& msg) {
  if (msg.channel == Channel::kOneBot) return kOneBotTextMaxBytes;
  if (msg.channel == Channel::kWeComRobot) {
    return msg.format == MessageFormat::kMarkdown ? kWeComRobotMarkdownMaxBytes : kWeComRobotTextMaxBytes;
  }
  if (msg.channel == Channel::kWeComApp) return kWeComAppTextMaxBytes;
  return 0;
}

std::vector<OutboundMessage> splitForChannel(const OutboundMessage& msg) {
  size_t limit = textLimitFor(msg);
  if (limit == 0 || msg.text.size() <= limit) return {msg};
  // Markdown mentions are written into the text as <@userid>; leave room for them.
  if (msg.channel == Channel::kWeComRobot && msg.format == MessageFormat::kMarkdown) {
    size_t extra = 0;
    for (const auto& id : msg.mention_user_ids) extra += id.size() + 4;
    limit = extra + 64 < limit ? limit - extra : limit / 2;
  }
  std::vector<OutboundMessage> out;
  for (auto& piece : splitUtf8(msg.text, limit)) {
    OutboundMessage part = msg;
    part.text = std::move(piece);
    if (!out.empty()) {
      part.mention_user_ids.clear();
      part.mention_mobiles.clear();
      part.mention_all = false;
      part.reply_to.clear();
    }
    out.push_back(std::move(part));
  }
  return out;
}

}  // namespace gg
