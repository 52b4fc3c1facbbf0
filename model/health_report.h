#pragma once
// Something that can say why the gateway is degraded (the dispatcher's channel health), read by
// GET /healthz. A model type so the HTTP layer reads it without depending on the bot.

#include <string>
#include <vector>

namespace gg {

class HealthReport {
 public:
  virtual ~HealthReport() = default;
  // Returns one human-readable reason per problem now (empty when all is well). Thread-safe.
  virtual std::vector<std::string> reasons() const = 0;
};

}  // namespace gg
