#pragma once
// The platforms gridgate hears and speaks on. It lives in core, next to Urgency, because the org
// config (org/, below the domain model) binds groups and workers by channel, and the domain
// (model/), the store, the bot and the adapters all speak it. Inside the code it is this enum;
// the names below appear only at the edges (SQL rows, JSON, config files, the CLI).

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace gg {

enum class Channel : uint8_t {
  kNone,        // ""            only for an envelope or row being built
  kOneBot,      // "onebot"      QQ-style grid groups through a OneBot v11 implementation (both ways)
  kWeCom,       // "wecom"       messages into the WeCom self-built app's callback (inbound)
  kWeComRobot,  // "wecom_robot" a WeCom group robot's webhook (outbound only)
  kWeComApp,    // "wecom_app"   the WeCom app's private messages to members (outbound)
  kHotline,     // "hotline"     speech-recognised calls from the hotline feed (inbound)
  kSms,         // "sms"         text messages (both ways)
  kWeb,         // "web"         the resident page behind the grid's QR code (inbound)
  kApi,         // "api"         a worker's 直报 through the API (inbound)
};

std::string_view toString(Channel c);
// Parses a name above; "" and anything unknown are nullopt (the caller reports it).
std::optional<Channel> parseChannel(std::string_view text);

void to_json(nlohmann::json& j, Channel c);
inline std::ostream& operator<<(std::ostream& os, Channel c) { return os << toString(c); }

}  // namespace gg
