#include "app/robot_webhooks.h"

namespace gg {

std::string RobotWebhooks::robotUrl(const std::string& group_id) const {
  std::string url = settings_.robotUrl(group_id);
  if (url.empty()) {
    if (const GroupBinding* b = org_.group(Channel::kWeCom, group_id)) url = b->robot_webhook;
  }
  return url;
}

}  // namespace gg
