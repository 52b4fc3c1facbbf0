#pragma once
// JSON encoding of the envelope types, for the outbox rows and the API.

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "model/envelope.h"

namespace gg {

nlohmann::json toJson(const OutboundMessage& m);
// Decodes what toJson wrote; unknown fields are ignored, missing ones take their defaults.
// InvalidArgument naming the field and the value for a target_kind the code does not know.
Result<OutboundMessage> outboundFromJson(const nlohmann::json& j);
nlohmann::json toJson(const InboundEnvelope& e);

}  // namespace gg
