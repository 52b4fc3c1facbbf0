#include "core/channel.h"

#include <array>
#include <string>

#include <nlohmann/json.hpp>

#include "core/enum_names.h"

namespace gg {
namespace {
constexpr std::array<std::string_view, 9> kChannelNames = {
    "", "onebot", "wecom", "wecom_robot", "wecom_app", "hotline", "sms", "web", "api"};
}  // namespace

std::string_view toString(Channel c) { return kChannelNames[static_cast<size_t>(c)]; }

std::optional<Channel> parseChannel(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return parseIn<Channel>(kChannelNames, text);
}

void to_json(nlohmann::json& j, Channel c) { j = std::string(toString(c)); }

}  // namespace gg
