#include "adapters/wecom/wecom_message.h"

#include <charconv>
#include <pugixml.hpp>

#include "core/text.h"

namespace gg {

Result<std::optional<InboundEnvelope>> parseWeComMessage(std::string_view xml,
                                                         const std::string& corp_id) {
  if (!isValidUtf8(xml)) return invalidArgument("message XML is not valid UTF-8");
  pugi::xml_document doc;
  auto parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed)
    return invalidArgument(std::string("malformed message XML: ") + parsed.description());
  pugi::xml_node root = doc.child("xml");
  if (!root) return invalidArgument("message XML has no <xml> root");
  auto field = [&](const char* name) { return std::string(root.child(name).text().as_string()); };

  std::string to = field("ToUserName");
  if (to != corp_id) return invalidArgument("ToUserName does not match the CorpID");
  std::string type = field("MsgType");
  if (type.empty()) return invalidArgument("MsgType missing");
  if (type == "event") return std::optional<InboundEnvelope>();

  InboundEnvelope env;
  env.channel = "wecom";
  env.account = corp_id;
  env.platform_msg_id = field("MsgId");
  env.chat_type = "private";
  env.sender_id = field("FromUserName");
  if (env.platform_msg_id.empty()) return invalidArgument("MsgId missing");
  if (env.sender_id.empty()) return invalidArgument("FromUserName missing");
  if (type == "text") {
    env.text = field("Content");
  } else if (type == "image") {
    env.text = "[图片]";
  } else if (type == "voice") {
    env.text = "[语音]";
  } else if (type == "video") {
    env.text = "[视频]";
  } else if (type == "location") {
    env.text = "[位置] " + field("Label");
  } else if (type == "link") {
    env.text = "[链接] " + field("Title");
  } else {
    env.text = "[" + type + "]";
  }
  std::string created = field("CreateTime");
  int64_t secs = 0;
  auto [end, ec] = std::from_chars(created.data(), created.data() + created.size(), secs);
  if (ec == std::errc() && end == created.data() + created.size()) env.sent_at = secs * kSecond;
  return std::optional<InboundEnvelope>(std::move(env));
}

}  // namespace gg
