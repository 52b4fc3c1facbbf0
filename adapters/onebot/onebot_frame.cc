#include "adapters/onebot/onebot_frame.h"

#include "core/numeric_id.h"
#include "core/text.h"

namespace gg {
namespace {

using nlohmann::json;

std::string stringOf(const json& obj, const char* name) {
  auto it = obj.find(name);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The same id rule as the event parser: a positive int64, as a number or a decimal string.
std::string selfIdOf(const json& obj) {
  auto it = obj.find("self_id");
  if (it == obj.end()) return "";
  std::optional<int64_t> v;
  if (it->is_number_integer() && !it->is_number_unsigned()) v = it->get<int64_t>();
  if (it->is_number_unsigned() && it->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX)) {
    v = static_cast<int64_t>(it->get<uint64_t>());
  }
  if (it->is_string()) v = parseDecimalId(it->get_ref<const std::string&>(), false);
  return v && *v > 0 ? std::to_string(*v) : std::string();
}

}  // namespace

Result<OneBotFrame> classifyOneBotFrame(std::string_view raw) {
  if (!isValidUtf8(raw)) return invalidArgument("frame is not valid UTF-8");
  OneBotFrame f;
  f.json = json::parse(raw, nullptr, /*allow_exceptions=*/false);
  if (f.json.is_discarded() || !f.json.is_object()) return invalidArgument("frame is not a JSON object");
  const std::string post_type = stringOf(f.json, "post_type");
  if (post_type.empty()) {
    auto echo = f.json.find("echo");
    const bool answer = f.json.contains("status") || f.json.contains("retcode");
    if (echo == f.json.end() || echo->is_null() || !answer) {
      return invalidArgument("frame is neither an event nor an API response");
    }
    f.kind = OneBotFrame::Kind::kResponse;
    f.echo = echo->is_string() ? echo->get<std::string>() : echo->dump();
    return f;
  }
  f.self_id = selfIdOf(f.json);
  if (f.self_id.empty()) return invalidArgument("self_id must be a positive integer id");
  if (post_type == "message" || post_type == "message_sent") {
    f.kind = OneBotFrame::Kind::kMessage;
  } else if (post_type == "meta_event") {
    f.kind = OneBotFrame::Kind::kMeta;
    f.meta_type = stringOf(f.json, "meta_event_type");
    f.meta_sub_type = stringOf(f.json, "sub_type");
    auto interval = f.json.find("interval");
    if (interval != f.json.end() && interval->is_number_integer() && interval->get<int64_t>() > 0) {
      f.interval_ms = interval->get<int64_t>();
    }
  } else {
    f.kind = OneBotFrame::Kind::kOtherEvent;
  }
  return f;
}

}  // namespace gg
