#pragma once
// What every route and background worker of one running gateway shares. Owned by `serve` (or a
// test); everything here outlives the HTTP server.

#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "model/health_report.h"
#include "org/model.h"
#include "server/settings.h"
#include "storage/store.h"

namespace gg {

class ResponsibilityList;  // bot/responsibilities.h

struct AppContext {
  Settings settings;
  std::shared_ptr<const OrgIndex> org;
  Store* store = nullptr;
  Clock* clock = nullptr;
  // The dispatcher's view of its channels: a channel failing N sends in a row degrades /healthz.
  // nullptr when nothing sends (a test of the routes alone).
  const HealthReport* channel_health = nullptr;
  // The reverse-WebSocket URL OneBot clients must use (GET /healthz "onebot_ws"); "" = none.
  std::string onebot_ws_url;
  // The responsibility list (职责任务清单, <config>/responsibilities.json), checked against the
  // rule pack and the departments; null when the context was built without one (an empty list).
  std::shared_ptr<const ResponsibilityList> responsibilities;
};

}  // namespace gg
