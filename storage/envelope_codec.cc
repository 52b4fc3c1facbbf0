#include "storage/envelope_codec.h"

namespace gg {

nlohmann::json toJson(const OutboundMessage& m) {
  return {{"channel", m.channel},         {"target_kind", m.target_kind},
          {"target", m.target},           {"text", m.text},
          {"format", m.format},           {"mention_user_ids", m.mention_user_ids},
          {"mention_mobiles", m.mention_mobiles}, {"mention_all", m.mention_all},
          {"reply_to", m.reply_to}};
}

Result<OutboundMessage> outboundFromJson(const nlohmann::json& j) {
  OutboundMessage m;
  const std::string channel = j.value("channel", "");
  if (!channel.empty()) {
    auto c = parseChannel(channel);
    if (!c) return invalidArgument("channel: unknown value \"" + channel + "\"");
    m.channel = *c;
  }
  // "" is what toJson writes for kNone; any other name must be one the code knows.
  const std::string kind = j.value("target_kind", "");
  if (!kind.empty()) {
    auto k = parseTargetKind(kind);
    if (!k) return invalidArgument("target_kind: unknown value \"" + kind + "\"");
    m.target_kind = *k;
  }
  m.target = j.value("target", "");
  m.text = j.value("text", "");
  const std::string format = j.value("format", "text");
  auto f = parseMessageFormat(format);
  if (!f) return invalidArgument("format: unknown value \"" + format + "\"");
  m.format = *f;
  m.mention_user_ids = j.value("mention_user_ids", std::vector<std::string>{});
  m.mention_mobiles = j.value("mention_mobiles", std::vector<std::string>{});
  m.mention_all = j.value("mention_all", false);
  m.reply_to = j.value("reply_to", "");
  return m;
}

nlohmann::json toJson(const InboundEnvelope& e) {
  return {{"channel", e.channel},       {"account", e.account},
          {"platform_msg_id", e.platform_msg_id}, {"chat_type", e.chat_type},
          {"group_id", e.group_id},     {"sender_id", e.sender_id},
          {"sender_name", e.sender_name}, {"sender_role", e.sender_role},
          {"text", e.text},             {"mentions_bot", e.mentions_bot},
          {"from_self", e.from_self},   {"asr", e.asr},
          {"reply_to", e.reply_to},     {"sent_at", e.sent_at}};
}

}  // namespace gg
