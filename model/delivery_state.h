#pragma once
// The closed vocabularies of what the bot sends: the state of an outbox row, of a notice and of
// one of its per-group deliveries, what caused a row (its source kind) and a message's format.
// As in model/domain.h: enums inside the code, strings only at the edges (SQL, JSON, the CLI),
// and an unknown string is the caller's error to report, never a silent default.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace gg {

// An outbox row: waiting, waiting as a fallback route, leased by a dispatcher, delivered, given
// up on, or withdrawn (its notice cancelled, another route delivered).
enum class OutboxStatus : uint8_t { kPending, kStandby, kSending, kSent, kDead, kCancelled };

// A notice (通知): waiting for approval, scheduled, going out, and how its fan-out ended.
enum class NoticeStatus : uint8_t { kPendingApproval, kScheduled, kSending, kDone, kPartial, kFailed, kCancelled };

// One notice's send to one group: waiting, handed to the outbox, and how it ended ("skipped":
// its group left the target, or the send came too late to matter).
enum class DeliveryStatus : uint8_t { kPending, kQueued, kSent, kFailed, kCancelled, kSkipped };

// What caused an outbox row (scoped listing, notice delivery states, the lane by default).
enum class SourceKind : uint8_t { kNone, kTicket, kNotice, kAlert, kReply, kDigest };

enum class MessageFormat : uint8_t { kText, kMarkdown };

std::string_view toString(OutboxStatus s);
std::string_view toString(NoticeStatus s);
std::string_view toString(DeliveryStatus s);
std::string_view toString(SourceKind k);
std::string_view toString(MessageFormat f);

std::optional<OutboxStatus> parseOutboxStatus(std::string_view text);
std::optional<NoticeStatus> parseNoticeStatus(std::string_view text);
std::optional<DeliveryStatus> parseDeliveryStatus(std::string_view text);
// Parses "ticket" | "notice" | "alert" | "reply" | "digest"; "" is no kind (nullopt).
std::optional<SourceKind> parseSourceKind(std::string_view text);
std::optional<MessageFormat> parseMessageFormat(std::string_view text);

void to_json(nlohmann::json& j, OutboxStatus s);
void to_json(nlohmann::json& j, NoticeStatus s);
void to_json(nlohmann::json& j, DeliveryStatus s);
void to_json(nlohmann::json& j, SourceKind k);
void to_json(nlohmann::json& j, MessageFormat f);

inline std::ostream& operator<<(std::ostream& os, OutboxStatus s) { return os << toString(s); }
inline std::ostream& operator<<(std::ostream& os, NoticeStatus s) { return os << toString(s); }
inline std::ostream& operator<<(std::ostream& os, DeliveryStatus s) { return os << toString(s); }
inline std::ostream& operator<<(std::ostream& os, SourceKind k) { return os << toString(k); }
inline std::ostream& operator<<(std::ostream& os, MessageFormat f) { return os << toString(f); }

}  // namespace gg
