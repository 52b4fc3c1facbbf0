#include "adapters/sms/sms_inbound.h"

#include <nlohmann/json.hpp>

#include "core/phone_kind.h"
#include "core/text.h"

namespace gg {
namespace {

// Gateways use ids of a few dozen characters; anything longer is not one.
constexpr size_t kMaxIdBytes = 128;
// A long SMS is at most a few concatenated parts (70 characters each); 2,000 bytes is generous.
constexpr size_t kMaxTextBytes = 2000;

std::string stringField(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<InboundEnvelope> parseSmsInbound(const std::string& body) {
  if (!isValidUtf8(body)) return invalidArgument("body is not valid UTF-8");
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return invalidArgument("body must be a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    if (k != "id" && k != "from" && k != "text" && k != "received_at") {
      return invalidArgument("unknown key \"" + k + "\"");
    }
    if (!it->is_string()) return invalidArgument(k + " must be a string");
  }
  InboundEnvelope env;
  env.channel = Channel::kSms;
  env.account = "sms";
  env.chat_type = ChatType::kPrivate;
  env.platform_msg_id = stringField(j, "id");
  if (env.platform_msg_id.empty() || env.platform_msg_id.size() > kMaxIdBytes) {
    return invalidArgument("id must be 1-128 characters");
  }
  env.sender_id = mobileForSms(stringField(j, "from"));
  if (env.sender_id.empty()) return invalidArgument("from must be a mobile number");
  env.text = stringField(j, "text");
  if (env.text.empty() || env.text.size() > kMaxTextBytes) return invalidArgument("text must be 1-2000 bytes");
  if (const std::string at = stringField(j, "received_at"); !at.empty()) {
    if (!parseIsoTime(at, &env.sent_at)) return invalidArgument("received_at must be ISO 8601");
  }
  return env;
}

}  // namespace gg
