#pragma once
// The street's WeCom group robots: a group's webhook URL from the secret map of the channel
// settings (channels.wecom_robot, from the environment or a file outside git) first, else from
// the group's binding in the org files. The WeCom robot sender asks it per row.

#include <memory>
#include <string>

#include "adapters/wecom/wecom_robot_sender.h"
#include "adapters/wecom/wecom_settings.h"
#include "org/model.h"

namespace gg {

class RobotWebhooks : public RobotDirectory {
 public:
  // org must outlive this (the gateway owns both).
  RobotWebhooks(WeComSettings settings, const OrgIndex& org) : settings_(std::move(settings)), org_(org) {}
  std::string robotUrl(const std::string& group_id) const override;

 private:
  WeComSettings settings_;
  const OrgIndex& org_;
};

}  // namespace gg
