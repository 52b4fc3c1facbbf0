#include <gtest/gtest.h>

#include "app/robot_webhooks.h"
#include "org/loader.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

// A group's robot: the secret map of the channel settings wins over the org file's binding (the
// key in the org file may be a placeholder; the real one comes from the environment), and a
// group bound to neither has no robot.
TEST(RobotWebhooks, SettingsFirstThenTheOrgBindingElseNone) {
  auto org = loadOrg(test::demoConfig());
  ASSERT_OK(org);
  const OrgIndex index(*org);
  WeComSettings settings;
  settings.robots["wr-binhe-05"] = "real-key-05";
  const RobotWebhooks robots(settings, index);
  EXPECT_EQ(robots.robotUrl("wr-binhe-05"), "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=real-key-05");
  EXPECT_EQ(robots.robotUrl("wr-binhe-02"), "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo-binhe-02");
  EXPECT_EQ(robots.robotUrl("81000101"), "") << "an OneBot group id is no WeCom group";
  EXPECT_EQ(robots.robotUrl("no-such-group"), "");
}

}  // namespace
}  // namespace gg
