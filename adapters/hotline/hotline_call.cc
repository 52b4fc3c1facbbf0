#include "adapters/hotline/hotline_call.h"

#include <algorithm>

#include "core/text.h"

namespace gg {
namespace {

using nlohmann::json;

struct Segment {
  int64_t start_ms;
  size_t index;
  std::string text;
};

}  // namespace

Result<InboundEnvelope> parseHotlineCall(const json& call) {
  if (!call.is_object()) return invalidArgument("call must be a JSON object");
  auto str = [&](const char* name) -> std::string {
    auto it = call.find(name);
    return it != call.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  InboundEnvelope env;
  env.channel = Channel::kHotline;
  env.account = "hotline";
  env.chat_type = ChatType::kCall;
  env.asr = true;
  env.platform_msg_id = str("call_id");
  if (env.platform_msg_id.empty()) return invalidArgument("call_id missing or not a string");
  if (env.platform_msg_id.size() > 128) return invalidArgument("call_id longer than 128 bytes");

  std::string caller = str("caller");
  if (caller.rfind("+86", 0) == 0)
    caller = caller.substr(3);
  else if (caller.size() == 13 && caller.rfind("86", 0) == 0)
    caller = caller.substr(2);
  if (!isPhoneNumber(caller)) return invalidArgument("caller is not a phone number");
  env.sender_id = caller;

  std::string started = str("started_at");
  if (!parseIsoTime(started, &env.sent_at)) return invalidArgument("started_at is not ISO 8601");

  auto segs = call.find("segments");
  if (segs == call.end() || !segs->is_array()) return invalidArgument("segments must be an array");
  std::vector<Segment> kept;
  for (size_t i = 0; i < segs->size(); ++i) {
    const json& s = (*segs)[i];
    std::string where = "segments[" + std::to_string(i) + "]";
    if (!s.is_object()) return invalidArgument(where + " is not an object");
    auto speaker = s.find("speaker");
    auto text = s.find("text");
    if (speaker == s.end() || !speaker->is_string() ||
        (*speaker != "caller" && *speaker != "agent")) {
      return invalidArgument(where + ".speaker must be caller or agent");
    }
    if (text == s.end() || !text->is_string()) return invalidArgument(where + ".text missing");
    auto start = s.find("start_ms");
    auto end = s.find("end_ms");
    // Offsets into the call: never before its start (found by the hostile suite: -1 was kept).
    if (start == s.end() || !start->is_number_integer() || end == s.end() ||
        !end->is_number_integer() || start->get<int64_t>() < 0 || end->get<int64_t>() < start->get<int64_t>()) {
      return invalidArgument(where + ".start_ms/end_ms must be integers with 0 <= start <= end");
    }
    auto final = s.find("final");
    if (final == s.end() || !final->is_boolean()) {
      return invalidArgument(where + ".final must be a boolean");
    }
    if (*speaker == "caller" && final->get<bool>() && !text->get<std::string>().empty()) {
      kept.push_back(Segment{start->get<int64_t>(), i, text->get<std::string>()});
    }
  }
  if (kept.empty()) return invalidArgument("no final caller speech");
  std::stable_sort(kept.begin(), kept.end(),
                   [](const Segment& a, const Segment& b) { return a.start_ms < b.start_ms; });
  for (const Segment& s : kept) {
    if (!env.text.empty()) env.text += ' ';
    env.text += s.text;
  }
  if (!isValidUtf8(env.text)) return invalidArgument("segment text is not valid UTF-8");
  return env;
}

Result<InboundEnvelope> parseHotlineCallText(std::string_view raw) {
  if (raw.size() > kMaxHotlineCallBytes) return tooLarge("call larger than 1 MiB");
  if (!isValidUtf8(raw)) return invalidArgument("call is not valid UTF-8");
  json call = json::parse(raw, nullptr, /*allow_exceptions=*/false);
  if (call.is_discarded()) return invalidArgument("call is not valid JSON");
  return parseHotlineCall(call);
}

}  // namespace gg
