#include "model/delivery_state.h"

#include <array>

#include <nlohmann/json.hpp>

#include "core/enum_names.h"

namespace gg {
namespace {

// One table per enum, in enum order (as model/domain.cc).
constexpr std::array<std::string_view, 6> kOutboxNames = {"pending", "standby", "sending",
                                                          "sent",    "dead",    "cancelled"};
constexpr std::array<std::string_view, 7> kNoticeNames = {"pending_approval", "scheduled", "sending", "done",
                                                          "partial",          "failed",    "cancelled"};
constexpr std::array<std::string_view, 6> kDeliveryNames = {"pending", "queued",    "sent",
                                                            "failed",  "cancelled", "skipped"};
constexpr std::array<std::string_view, 6> kSourceNames = {"", "ticket", "notice", "alert", "reply", "digest"};
constexpr std::array<std::string_view, 2> kFormatNames = {"text", "markdown"};

}  // namespace

std::string_view toString(OutboxStatus s) { return kOutboxNames[static_cast<size_t>(s)]; }
std::string_view toString(NoticeStatus s) { return kNoticeNames[static_cast<size_t>(s)]; }
std::string_view toString(DeliveryStatus s) { return kDeliveryNames[static_cast<size_t>(s)]; }
std::string_view toString(SourceKind k) { return kSourceNames[static_cast<size_t>(k)]; }
std::string_view toString(MessageFormat f) { return kFormatNames[static_cast<size_t>(f)]; }

std::optional<OutboxStatus> parseOutboxStatus(std::string_view text) { return parseIn<OutboxStatus>(kOutboxNames, text); }
std::optional<NoticeStatus> parseNoticeStatus(std::string_view text) { return parseIn<NoticeStatus>(kNoticeNames, text); }
std::optional<DeliveryStatus> parseDeliveryStatus(std::string_view text) {
  return parseIn<DeliveryStatus>(kDeliveryNames, text);
}
std::optional<SourceKind> parseSourceKind(std::string_view text) {
  if (text.empty()) return std::nullopt;  // "" is kNone's spelling only for rows being built
  return parseIn<SourceKind>(kSourceNames, text);
}
std::optional<MessageFormat> parseMessageFormat(std::string_view text) {
  return parseIn<MessageFormat>(kFormatNames, text);
}

void to_json(nlohmann::json& j, OutboxStatus s) { j = std::string(toString(s)); }
void to_json(nlohmann::json& j, NoticeStatus s) { j = std::string(toString(s)); }
void to_json(nlohmann::json& j, DeliveryStatus s) { j = std::string(toString(s)); }
void to_json(nlohmann::json& j, SourceKind k) { j = std::string(toString(k)); }
void to_json(nlohmann::json& j, MessageFormat f) { j = std::string(toString(f)); }

}  // namespace gg
