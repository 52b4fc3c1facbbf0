#include "adapters/onebot/onebot_event.h"

#include <nlohmann/json.hpp>

#include "adapters/crypto.h"
#include "adapters/onebot/cq_code.h"
#include "core/text.h"

namespace gg {
namespace {

using nlohmann::json;

// OneBot ids are int64 in v11 but some implementations send strings; accept both.
std::optional<std::string> idField(const json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end()) return std::nullopt;
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());
  if (it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
  return std::nullopt;
}

std::string stringField(const json& obj, const char* name) {
  auto it = obj.find(name);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<std::vector<CqSegment>> segmentsOf(const json& message) {
  if (message.is_string()) return parseCqString(message.get<std::string>());
  if (!message.is_array()) return invalidArgument("message must be a string or a segment array");
  std::vector<CqSegment> out;
  for (const auto& item : message) {
    if (!item.is_object() || !item.contains("type") || !item["type"].is_string()) {
      return invalidArgument("message segment without a type");
    }
    CqSegment seg;
    seg.type = item["type"].get<std::string>();
    auto data = item.find("data");
    if (data != item.end() && data->is_object()) {
      for (auto it = data->begin(); it != data->end(); ++it) {
        // Array values are unescaped already; numbers appear in some implementations.
        if (it->is_string())
          seg.data[it.key()] = it->get<std::string>();
        else if (it->is_number())
          seg.data[it.key()] = it->dump();
      }
    }
    out.push_back(std::move(seg));
  }
  return out;
}

void trim(std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  s = b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

std::string oneBotSignature(std::string_view secret, std::string_view raw_body) {
  return "sha1=" + toHex(hmacSha1(secret, raw_body));
}

Status verifyOneBotSignature(std::string_view secret, std::string_view raw_body,
                             std::string_view signature_header) {
  if (secret.empty()) return Status::ok();
  if (signature_header.empty()) return unauthenticated("X-Signature missing");
  if (!constantTimeEquals(signature_header, oneBotSignature(secret, raw_body))) {
    return unauthenticated("X-Signature mismatch");
  }
  return Status::ok();
}

Result<std::optional<InboundEnvelope>> parseOneBotEvent(std::string_view raw_body) {
  if (!isValidUtf8(raw_body)) return invalidArgument("body is not valid UTF-8");
  json ev = json::parse(raw_body, nullptr, /*allow_exceptions=*/false);
  if (ev.is_discarded() || !ev.is_object()) return invalidArgument("body is not a JSON object");
  std::string post_type = stringField(ev, "post_type");
  if (post_type.empty()) return invalidArgument("post_type missing");
  // message_sent is how some clients echo the bot's own sends; treat it as a message from self.
  if (post_type != "message" && post_type != "message_sent") {
    return std::optional<InboundEnvelope>();
  }

  InboundEnvelope env;
  env.channel = "onebot";
  auto self_id = idField(ev, "self_id");
  auto message_id = idField(ev, "message_id");
  auto user_id = idField(ev, "user_id");
  if (!self_id) return invalidArgument("self_id missing");
  if (!message_id) return invalidArgument("message_id missing");
  if (!user_id) return invalidArgument("user_id missing");
  env.account = *self_id;
  env.platform_msg_id = *message_id;
  env.sender_id = *user_id;
  env.from_self = post_type == "message_sent" || *user_id == *self_id;

  std::string message_type = stringField(ev, "message_type");
  if (message_type == "group") {
    auto group_id = idField(ev, "group_id");
    if (!group_id) return invalidArgument("group_id missing");
    env.chat_type = "group";
    env.group_id = *group_id;
  } else if (message_type == "private") {
    env.chat_type = "private";
  } else {
    return invalidArgument("message_type must be group or private");
  }

  auto sender = ev.find("sender");
  if (sender != ev.end() && sender->is_object()) {
    env.sender_name = stringField(*sender, "card");
    if (env.sender_name.empty()) env.sender_name = stringField(*sender, "nickname");
    env.sender_role = stringField(*sender, "role");
  }
  auto anon = ev.find("anonymous");
  if (anon != ev.end() && anon->is_object() && env.sender_name.empty()) {
    env.sender_name = stringField(*anon, "name");
  }
  auto time = ev.find("time");
  if (time != ev.end() && time->is_number_integer()) env.sent_at = time->get<int64_t>() * kSecond;

  auto message = ev.find("message");
  if (message == ev.end()) return invalidArgument("message missing");
  auto segments = segmentsOf(*message);
  if (!segments.isOk()) return segments.status();
  std::string text;
  for (const CqSegment& seg : *segments) {
    auto get = [&](const char* k) {
      auto it = seg.data.find(k);
      return it == seg.data.end() ? std::string() : it->second;
    };
    if (seg.type == "text") {
      text += get("text");
    } else if (seg.type == "at") {
      std::string qq = get("qq");
      if (qq == env.account) {
        env.mentions_bot = true;  // the rule engine should not see the bot's own handle
      } else if (qq == "all") {
        text += "@全体成员";
      } else {
        std::string name = get("name");
        text += "@" + (name.empty() ? qq : name);
      }
    } else if (seg.type == "reply") {
      env.reply_to = get("id");
    } else if (seg.type == "face") {
      text += "[表情]";
    } else if (seg.type == "image") {
      text += "[图片]";
    } else if (seg.type == "record") {
      text += "[语音]";
    } else if (seg.type == "video") {
      text += "[视频]";
    } else {
      text += "[" + seg.type + "]";
    }
  }
  trim(text);
  // Segment-array text could carry anything the JSON parser accepted; re-check the result.
  if (!isValidUtf8(text)) return invalidArgument("message text is not valid UTF-8");
  env.text = std::move(text);
  return std::optional<InboundEnvelope>(std::move(env));
}

}  // namespace gg
