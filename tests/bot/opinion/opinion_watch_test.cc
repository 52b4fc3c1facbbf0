#include <gtest/gtest.h>

#include "bot/opinion/opinion_watch.h"
#include "tests/bot/notices/notice_fixture.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

using test::at;

class OpinionWatchTest : public test::NoticeFixture {
 protected:
  // Stores a group message from sender and feeds it to the watch, as the pipeline does.
  void say(OpinionWatch& w, const std::string& sender, bool negative, bool escalation = false,
           const std::string& group = "81000101") {
    InboundEnvelope e;
    e.channel = Channel::kOneBot;
    e.account = "10001";
    e.platform_msg_id = "m" + std::to_string(++seq_);
    e.chat_type = ChatType::kGroup;
    e.group_id = group;
    e.sender_id = sender;
    e.text = "物业太不像话了";
    ASSERT_OK(store_->write([&](Tx& tx) -> Status {
      auto ins = tx.messages().insert(e, clock_.now());
      if (!ins.isOk()) return ins.status();
      MessageRecord m;
      m.id = ins->id;
      m.envelope = e;
      m.grid_id = "binhe-01";
      m.community_id = "binhe";
      if (!through_classification_) {
        return w.observe(tx, m, negative, false, escalation, "property_service", clock_.now());
      }
      Classification c;
      c.intent = "property_service";
      c.label = "物业服务";
      c.flags.negative = negative;
      c.flags.escalation_threat = escalation;
      return w.observeMessage(tx, m, c, clock_.now());
    }));
  }

  std::vector<AlertRecord> alerts() {
    std::vector<AlertRecord> out;
    EXPECT_OK(store_->read([&](Tx& tx) {
      auto r = tx.alerts().list("", false, 100, 0);
      if (r.isOk()) out = *r;
      return r.status();
    }));
    return out;
  }

  int seq_ = 0;
  bool through_classification_ = false;
};

// What the community reads and what the 大屏 shows: the topic in Chinese, never an intent id,
// and the count the summary states is the count stored, also after the episode grew.
TEST_F(OpinionWatchTest, AlertNamesTheTopicInChineseAndStatesTheStoredCount) {
  through_classification_ = true;
  OpinionWatch w(*store_, *org_, OpinionSettings{});
  for (const char* s : {"a", "b", "c", "a", "b"}) say(w, s, true);
  ASSERT_EQ(alerts().size(), 1u);
  EXPECT_EQ(alerts()[0].subject, "物业服务");
  auto out = test::outboxRows(*store_, "alert");
  ASSERT_FALSE(out.empty());
  EXPECT_NE(out.back().message.text.find("物业服务"), std::string::npos) << out.back().message.text;
  EXPECT_EQ(out.back().message.text.find("property_service"), std::string::npos) << out.back().message.text;
  for (const char* s : {"d", "e", "f"}) say(w, s, true);
  const AlertRecord a = alerts()[0];
  EXPECT_EQ(a.negative_count, 8);
  EXPECT_NE(a.summary.find("8条"), std::string::npos) << a.summary;
  EXPECT_NE(a.summary.find(std::to_string(a.residents) + "位居民"), std::string::npos) << a.summary;
  EXPECT_EQ(a.summary.find("property_service"), std::string::npos) << a.summary;
}

TEST_F(OpinionWatchTest, CrossingTheThresholdRaisesExactlyOneAlert) {
  OpinionWatch w(*store_, *org_, OpinionSettings{});
  // 4 negative messages from 3 residents: below ≥5.
  say(w, "a", true);
  say(w, "b", true);
  say(w, "c", true);
  say(w, "a", true);
  say(w, "d", false);  // not negative: not counted
  EXPECT_TRUE(alerts().empty());
  clock_.advance(kMinute);
  say(w, "b", true, true);  // the 5th, with a 12345 threat
  auto a = alerts();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].community_id, "binhe");
  EXPECT_EQ(a[0].negative_count, 5);
  EXPECT_EQ(a[0].residents, 3);
  EXPECT_EQ(a[0].escalations, 1);
  EXPECT_EQ(a[0].cleared_at, 0);
  auto out = test::outboxRows(*store_, "alert");
  // The contact's WeCom route first; its SMS route waits behind it as the fallback.
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].status, OutboxStatus::kStandby);
  EXPECT_EQ(out[0].message.channel, Channel::kSms);
  out.erase(out.begin());
  EXPECT_EQ(out[0].message.channel, Channel::kWeComApp);
  EXPECT_EQ(out[0].message.target_kind, TargetKind::kUser);
  EXPECT_EQ(out[0].message.target, "sq-binhe");
  EXPECT_NE(out[0].message.text.find("舆情预警"), std::string::npos);
  // More of the same: still one alert, one message.
  for (int i = 0; i < 5; ++i) say(w, "e" + std::to_string(i), true);
  EXPECT_EQ(alerts().size(), 1u);
  EXPECT_EQ(test::outboxRows(*store_, "alert").size(), 2u);  // one message, two routes
  EXPECT_EQ(alerts()[0].residents, 8);
  // A quiet window clears it; a new crossing is a new alert.
  clock_.advance(31 * kMinute);
  ASSERT_OK(w.sweep(clock_.now()));
  ASSERT_NE(alerts()[0].cleared_at, 0);
  for (const char* s : {"a", "b", "c", "a", "b"}) say(w, s, true);
  EXPECT_EQ(alerts().size(), 2u);
  EXPECT_EQ(test::outboxRows(*store_, "alert").size(), 4u);
}

TEST_F(OpinionWatchTest, MessagesOutsideTheWindowDoNotAddUp) {
  OpinionWatch w(*store_, *org_, OpinionSettings{});
  for (const char* s : {"a", "b", "c", "a"}) {
    say(w, s, true);
    clock_.advance(10 * kMinute);
  }
  say(w, "b", true);  // 5 in 40 minutes, but at most 4 in any 30
  EXPECT_TRUE(alerts().empty());
  // The watch is counting, not asleep: one minute later two more make 5 within 30 minutes
  // (20, 30, 40, 41, 41), and that is an alert.
  clock_.advance(kMinute);
  say(w, "d", true);
  say(w, "e", true);
  auto a = alerts();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].negative_count, 5);
}

TEST_F(OpinionWatchTest, DailyDigestGoesOutOncePerDay) {
  OpinionWatch w(*store_, *org_, OpinionSettings{});
  for (const char* s : {"a", "b", "c"}) say(w, s, true);
  clock_.set(at("2026-11-23T19:59:00+08:00"));
  ASSERT_OK(w.dailyDigest(clock_.now()));
  EXPECT_TRUE(test::outboxRows(*store_, "digest").empty());
  clock_.set(at("2026-11-23T20:00:00+08:00"));
  ASSERT_OK(w.dailyDigest(clock_.now()));
  clock_.set(at("2026-11-23T21:00:00+08:00"));
  ASSERT_OK(w.dailyDigest(clock_.now()));
  auto rows = test::outboxRows(*store_, "digest");
  ASSERT_EQ(rows.size(), 2u);  // only binhe had anything to report: WeCom, SMS as the fallback
  EXPECT_EQ(rows[0].status, OutboxStatus::kStandby);
  rows.erase(rows.begin());
  EXPECT_EQ(rows[0].message.target, "sq-binhe");
  EXPECT_NE(rows[0].message.text.find("property_service"), std::string::npos)
      << rows[0].message.text;
  EXPECT_NE(rows[0].message.text.find("升温"), std::string::npos) << rows[0].message.text;
}

}  // namespace
}  // namespace gg
