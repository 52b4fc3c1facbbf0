#include "adapters/wecom/wecom_message.h"

#include <charconv>
#include <pugixml.hpp>

#include "core/text.h"

namespace gg {

bool isWeComUserId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '@' || c == '.';
    if (!ok) return false;
  }
  return true;
}


Result<std::optional<InboundEnvelope>> parseWeComMessage(std::string_view xml,
                                                         const std::string& corp_id) {
  if (!isValidUtf8(xml)) return invalidArgument("message XML is not valid UTF-8");
  pugi::xml_document doc;
  // parse_doctype keeps a DOCTYPE as a node so it can be refused: WeCom never sends one, and
  // pugixml would otherwise skip it and keep "&lol3;" or "&xxe;" as text (found by the hostile
  // suite: such messages were stored).
  auto parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype);
  if (!parsed)
    return invalidArgument(std::string("malformed message XML: ") + parsed.description());
  for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_doctype) return invalidArgument("message XML with a DOCTYPE");
  }
  pugi::xml_node root = doc.child("xml");
  if (!root) return invalidArgument("message XML has no <xml> root");
  auto field = [&](const char* name) { return std::string(root.child(name).text().as_string()); };

  std::string to = field("ToUserName");
  if (to != corp_id) return invalidArgument("ToUserName does not match the CorpID");
  std::string type = field("MsgType");
  if (type.empty()) return invalidArgument("MsgType missing");
  if (type == "event") return std::optional<InboundEnvelope>();

  InboundEnvelope env;
  env.channel = Channel::kWeCom;
  env.account = corp_id;
  env.platform_msg_id = field("MsgId");
  env.chat_type = ChatType::kPrivate;
  env.sender_id = field("FromUserName");
  if (env.platform_msg_id.empty()) return invalidArgument("MsgId missing");
  if (env.sender_id.empty()) return invalidArgument("FromUserName missing");
  // WeCom's own rules: a UserID is 1-64 bytes of letters, digits and _-@. ; a MsgId is a decimal
  // 64-bit number. Anything else cannot be replied to and is refused here.
  if (!isWeComUserId(env.sender_id)) {
    return invalidArgument("FromUserName must be 1-64 letters, digits or _-@.");
  }
  if (env.platform_msg_id.size() > 20 ||
      env.platform_msg_id.find_first_not_of("0123456789") != std::string::npos) {
    return invalidArgument("MsgId must be a decimal number");
  }
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
  // A time outside 1..kMaxCreateTime (year 2100) is treated as absent: multiplying it into
  // milliseconds would overflow (found by fuzz/wecom_xml_fuzz), and no real callback has one.
  constexpr int64_t kMaxCreateTime = 4102444800;
  if (ec == std::errc() && end == created.data() + created.size() && secs > 0 && secs <= kMaxCreateTime) {
    env.sent_at = secs * kSecond;
  }
  return std::optional<InboundEnvelope>(std::move(env));
}

}  // namespace gg
