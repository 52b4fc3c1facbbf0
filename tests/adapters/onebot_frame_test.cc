// What a OneBot WebSocket frame is, and the reverse-WebSocket upgrade check, without sockets.

#include <gtest/gtest.h>

#include "adapters/onebot/onebot_frame.h"
#include "adapters/onebot/ws_server.h"
#include "tests/adapters/shared_vectors.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

TEST(OneBotFrame, OfficialFailedResponseIsAResponseWithItsEcho) {
  auto v = testing::loadProtocolVectors("onebot_v11_events.json");
  if (!v) GTEST_SKIP() << "GRIDGATE_SHARED_DIR not available";
  auto f = classifyOneBotFrame((*v)["websocket_api"]["failed_response_verbatim"].dump());
  ASSERT_OK(f);
  EXPECT_EQ(f->kind, OneBotFrame::Kind::kResponse);
  EXPECT_EQ(f->echo, "123");
}

TEST(OneBotFrame, HeartbeatLifecycleMessageAndJunk) {
  auto hb = classifyOneBotFrame(
      R"({"time":1,"self_id":10001,"post_type":"meta_event","meta_event_type":"heartbeat","interval":15000,"status":{}})");
  ASSERT_OK(hb);
  EXPECT_EQ(hb->kind, OneBotFrame::Kind::kMeta);
  EXPECT_EQ(hb->meta_type, "heartbeat");
  EXPECT_EQ(hb->interval_ms, 15000);
  EXPECT_EQ(hb->self_id, "10001");
  auto lc = classifyOneBotFrame(
      R"({"time":1,"self_id":"10001","post_type":"meta_event","meta_event_type":"lifecycle","sub_type":"connect"})");
  ASSERT_OK(lc);
  EXPECT_EQ(lc->meta_sub_type, "connect");
  auto msg =
      classifyOneBotFrame(R"({"self_id":10001,"post_type":"message","message_type":"group"})");
  ASSERT_OK(msg);
  EXPECT_EQ(msg->kind, OneBotFrame::Kind::kMessage);
  EXPECT_FALSE(classifyOneBotFrame("not json").isOk());
  EXPECT_FALSE(classifyOneBotFrame("[1]").isOk());
  EXPECT_FALSE(classifyOneBotFrame(R"({"echo":"1"})").isOk());  // neither event nor answer
  EXPECT_FALSE(classifyOneBotFrame(R"({"post_type":"message","self_id":-5})").isOk());
  EXPECT_FALSE(classifyOneBotFrame(std::string("{\"a\":\"\xff\"}")).isOk());
}

TEST(WsUpgrade, PathTokenSelfIdAndRole) {
  std::string role, why;
  EXPECT_EQ(checkWsUpgrade("/onebot/v11/ws", "Bearer t", "10001", "Universal", "t", &role, &why),
            0);
  EXPECT_EQ(role, "universal");
  EXPECT_EQ(checkWsUpgrade("/onebot/v11/ws/", "Token t", "10001", "", "t", &role, &why), 0);
  EXPECT_EQ(
      checkWsUpgrade("/onebot/v11/ws/api?access_token=t", "", "10001", "API", "t", &role, &why), 0);
  EXPECT_EQ(role, "api");
  EXPECT_EQ(checkWsUpgrade("/onebot/v11/ws/event?access_token=a%2Bb", "", "10001", "", "a+b", &role,
                           &why),
            0);
  EXPECT_EQ(role, "event");
  EXPECT_EQ(checkWsUpgrade("/onebot/v11/ws", "Bearer x", "10001", "", "t", &role, &why), 401);
  EXPECT_EQ(checkWsUpgrade("/onebot/v11/ws", "", "10001", "", "t", &role, &why), 401);
  EXPECT_EQ(checkWsUpgrade("/ws", "Bearer t", "10001", "", "t", &role, &why), 404);
  EXPECT_EQ(checkWsUpgrade("/onebot/v11/ws", "Bearer t", "0", "", "t", &role, &why), 400);
  EXPECT_EQ(checkWsUpgrade("/onebot/v11/ws", "Bearer t", "", "", "t", &role, &why), 400);
  EXPECT_EQ(checkWsUpgrade("/onebot/v11/ws", "Bearer t", "10001", "Robot", "t", &role, &why), 400);
  EXPECT_EQ(checkWsUpgrade("/onebot/v11/ws/api", "Bearer t", "10001", "Event", "t", &role, &why),
            400);
}

}  // namespace
}  // namespace gg
