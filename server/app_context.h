#pragma once
// What every route and background worker of one running gateway shares. Owned by `serve` (or a
// test); everything here outlives the HTTP server.

#include <memory>

#include "core/clock.h"
#include "org/model.h"
#include "server/settings.h"
#include "storage/store.h"

namespace gg {

struct AppContext {
  Settings settings;
  std::shared_ptr<const OrgIndex> org;
  Store* store = nullptr;
  Clock* clock = nullptr;
};

}  // namespace gg
