#include "adapters/onebot/onebot_event.h"

#include <nlohmann/json.hpp>

#include "adapters/crypto.h"
#include "adapters/onebot/cq_code.h"
#include "core/numeric_id.h"
#include "core/text.h"

namespace gg {
namespace {

using nlohmann::json;

// OneBot ids are int64 in v11 but some implementations send decimal strings; accept both and
// return the canonical decimal form. Anything else (floats, >= 2^63, "12a", "007") is a 400 at
// the hook: an id that cannot be addressed later would make an acknowledgement unsendable.
// message_id may be negative (go-cqhttp hashes it into int32); account, user and group ids not.
Result<std::string> requireId(const json& obj, const char* name, bool allow_negative) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return invalidArgument(std::string(name) + " missing");
  std::optional<int64_t> value;
  if (it->is_number_integer() && !it->is_number_unsigned()) {
    value = it->get<int64_t>();
  } else if (it->is_number_unsigned()) {
    const uint64_t u = it->get<uint64_t>();
    if (u <= static_cast<uint64_t>(INT64_MAX)) value = static_cast<int64_t>(u);
  } else if (it->is_string()) {
    value = parseDecimalId(it->get_ref<const std::string&>(), allow_negative);
  }
  if (!value || (!allow_negative && *value <= 0) || (allow_negative && *value == INT64_MIN)) {
    return invalidArgument(std::string(name) + (allow_negative ? " must be an integer id"
                                                               : " must be a positive integer id"));
  }
  return std::to_string(*value);
}

std::string stringField(const json& obj, const char* name) {
  auto it = obj.find(name);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// An optional text field (a nickname, a card): absent or null is fine, anything but a string
// is a 400 — a display name of 1e300 or {} is not what any implementation sends.
Status optionalString(const json& obj, const char* where, const char* name) {
  // QQ caps a nickname at 36 bytes and a group card at 60; far above that is not a name.
  constexpr size_t kMaxNameBytes = 1024;
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return Status::ok();
  if (!it->is_string()) return invalidArgument(std::string(where) + name + " must be a string");
  if (it->get_ref<const std::string&>().size() > kMaxNameBytes) {
    return invalidArgument(std::string(where) + name + " longer than " + std::to_string(kMaxNameBytes) + " bytes");
  }
  return Status::ok();
}

// The optional sender object and event time, checked for type as strictly as the ids are.
Status checkOptionalParts(const json& ev, const std::string& user_id) {
  auto sender = ev.find("sender");
  if (sender != ev.end() && !sender->is_null()) {
    if (!sender->is_object()) return invalidArgument("sender must be an object");
    for (const char* k : {"card", "nickname", "role"}) GG_RETURN_IF_ERROR(optionalString(*sender, "sender.", k));
    if (sender->contains("user_id") && !(*sender)["user_id"].is_null()) {
      auto id = requireId(*sender, "user_id", /*allow_negative=*/false);
      if (!id.isOk()) return invalidArgument("sender.user_id must be a positive integer id");
      if (*id != user_id) return invalidArgument("sender.user_id is not user_id");
    }
  }
  auto time = ev.find("time");
  // Seconds since 1970, up to the year 9999: a time beyond that would overflow milliseconds.
  constexpr int64_t kMaxTimeSeconds = 253402300799;
  if (time != ev.end() && !time->is_null()) {
    if (!time->is_number_integer() || (time->is_number_unsigned() && time->get<uint64_t>() > kMaxTimeSeconds) ||
        time->get<int64_t>() < 0 || time->get<int64_t>() > kMaxTimeSeconds) {
      return invalidArgument("time must be Unix seconds");
    }
  }
  return Status::ok();
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
    if (data != item.end() && !data->is_object()) return invalidArgument("message segment data must be an object");
    if (data != item.end()) {
      for (auto it = data->begin(); it != data->end(); ++it) {
        // Array values are unescaped already; integers appear in some implementations.
        if (it->is_string())
          seg.data[it.key()] = it->get<std::string>();
        else if (it->is_number_integer() && !(seg.type == "text" && it.key() == "text"))
          seg.data[it.key()] = it->dump();
        else if (!it->is_null())
          return invalidArgument("message segment " + seg.type + "." + it.key() + " must be a string or an integer");
      }
    }
    if (seg.type == "text" && !seg.data.count("text")) return invalidArgument("text segment without text");
    if (seg.type == "at") {
      auto qq = seg.data.find("qq");
      if (qq == seg.data.end() || (qq->second != "all" && !parseDecimalId(qq->second, /*allow_negative=*/false))) {
        return invalidArgument("at segment qq must be a positive id or all");
      }
    }
    out.push_back(std::move(seg));
  }
  if (out.empty()) return invalidArgument("message is empty");
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
  env.channel = Channel::kOneBot;
  auto self_id = requireId(ev, "self_id", /*allow_negative=*/false);
  if (!self_id.isOk()) return self_id.status();
  auto message_id = requireId(ev, "message_id", /*allow_negative=*/true);
  if (!message_id.isOk()) return message_id.status();
  auto user_id = requireId(ev, "user_id", /*allow_negative=*/false);
  if (!user_id.isOk()) return user_id.status();
  env.account = *self_id;
  env.platform_msg_id = *message_id;
  env.sender_id = *user_id;
  env.from_self = post_type == "message_sent" || *user_id == *self_id;

  GG_RETURN_IF_ERROR(checkOptionalParts(ev, *user_id));

  std::string message_type = stringField(ev, "message_type");
  if (message_type == "group") {
    auto group_id = requireId(ev, "group_id", /*allow_negative=*/false);
    if (!group_id.isOk()) return group_id.status();
    env.chat_type = ChatType::kGroup;
    env.group_id = *group_id;
  } else if (message_type == "private") {
    env.chat_type = ChatType::kPrivate;
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
      // Only a well-formed message id may be quoted back; a forged one is dropped, not echoed.
      std::string id = get("id");
      if (parseDecimalId(id, /*allow_negative=*/true)) env.reply_to = id;
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
