// 手机群发 end to end (issue 12, point 2): subscribers come from an imported list and from the
// residents who called or texted about a need in their grid; a notice with "sms": true reaches
// each subscriber of its grids once, through the SMS gateway, and a number that texted TD never.

#include "bot/sms_subscribers.h"
#include "tests/bot/reach_fixture.h"
#include "tests/support/status_matchers.h"

namespace gg::test {
namespace {

constexpr const char* kA = "13811110001";  // subscribed in binhe-01 and binhe-02
constexpr const char* kB = "13811110002";  // binhe-01
constexpr const char* kC = "13811110003";  // binhe-01, then texts TD
constexpr const char* kD = "13811110004";  // donghu-01: outside the notice's target

class SmsBroadcastE2E : public ReachE2E {
 protected:
  Result<SubscriberImport> import(const std::string& csv) {
    return importSubscribers(gateway_->store(), *gateway_->context().org, csv, clock_.now());
  }

  std::vector<SubscriberRecord> subscribers(const std::vector<std::string>& grids) {
    std::vector<SubscriberRecord> out;
    EXPECT_OK(gateway_->store().read([&](Tx& tx) {
      auto r = tx.subscribers().forGrids(grids);
      if (r.isOk()) out = *r;
      return r.status();
    }));
    return out;
  }

  int64_t createNotice(bool sms, const std::string& text) {
    const nlohmann::json body = {{"title", "通知"},
                                 {"body", text},
                                 {"target", {{"grids", {"binhe-01", "binhe-02"}}}},
                                 {"sms", sms}};
    int status = 0;
    auto created = api("POST", "/api/notices", token("admin"), body.dump(), &status);
    EXPECT_EQ(status, 201) << created.dump();
    return created.value("id", int64_t{0});
  }

  int textsWith(const std::string& to, const std::string& words) {
    int n = 0;
    for (const auto& t : sms_.textsTo(to)) n += t.find(words) != std::string::npos;
    return n;
  }
};

TEST_F(SmsBroadcastE2E, AnImportWithOneBadLineImportsNothingAndNamesEveryBadLine) {
  auto bad = import("grid,phone,name\nbinhe-01,13811110001,王阿姨\nnowhere,13811110002,李叔\n"
                    "binhe-01,0531-86601234,座机\nbinhe-01\n");
  ASSERT_STATUS(bad, Code::kInvalidArgument);
  const std::string why = bad.status().message();
  EXPECT_NE(why.find("line 3: unknown grid \"nowhere\""), std::string::npos) << why;
  EXPECT_NE(why.find("line 4: phone"), std::string::npos) << why;
  EXPECT_EQ(why.find("86601234"), std::string::npos) << "numbers are masked in errors: " << why;
  EXPECT_NE(why.find("line 5: expected grid,phone[,name]"), std::string::npos) << why;
  EXPECT_TRUE(subscribers({"binhe-01"}).empty());
}

TEST_F(SmsBroadcastE2E, AnImportAddsEachPairOnceAndAcceptsChineseCommasAndBom) {
  auto first = import("\xEF\xBB\xBFgrid,phone,name\nbinhe-01,13811110001,王阿姨\n"
                      "binhe-02，+86 138 1111 0001，王阿姨\n# a note\n\nbinhe-01,13811110002\n");
  ASSERT_OK(first);
  EXPECT_EQ(first->rows, 3);
  EXPECT_EQ(first->added, 3);
  auto again = import("binhe-01,13811110002,李叔\n");
  ASSERT_OK(again);
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->known, 1);
  // Each number once across the grids asked for.
  EXPECT_EQ(subscribers({"binhe-01", "binhe-02"}).size(), 2u);
}

TEST_F(SmsBroadcastE2E, ACallerWithANeedBecomesASubscriberOfTheirGrid) {
  ASSERT_EQ(postHotline("call-1", "13812345678", "滨悦新城3号楼电梯坏了，老人下不了楼"), 200);
  const std::string grid = ticket(1001).grid_id;
  ASSERT_FALSE(grid.empty());
  auto subs = subscribers({grid});
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].phone, "13812345678");
  EXPECT_EQ(subs[0].source, "hotline");
  // A landline caller cannot get 手机群发 and is not subscribed.
  ASSERT_EQ(postHotline("call-2", "0531-86601234", "滨悦新城5号楼楼道灯坏了"), 200);
  EXPECT_EQ(subscribers({grid}).size(), 1u);
}

TEST_F(SmsBroadcastE2E, AnSmsNoticeReachesEachSubscriberOnceAndNeverAnOptedOutNumber) {
  ASSERT_OK(import(std::string("binhe-01,") + kA + "\nbinhe-02," + kA + "\nbinhe-01," + kB +
                   "\nbinhe-01," + kC + "\ndonghu-01," + kD + "\n"));
  ASSERT_EQ(postSms("td-1", kC, "TD"), 200);
  deliver();
  const int64_t id = createNotice(true, "医保缴费开始了，缴费标准为375元，截止日期12月25日。");
  ASSERT_GT(id, 0);
  runFor(5 * kMinute, 30 * kSecond);
  EXPECT_EQ(textsWith(kA, "医保缴费开始了"), 1);
  EXPECT_EQ(textsWith(kB, "医保缴费开始了"), 1);
  EXPECT_EQ(textsWith(kC, "医保缴费开始了"), 0);
  EXPECT_EQ(textsWith(kD, "医保缴费开始了"), 0);
  // Per-number state in the notice, masked for a grid token.
  int status = 0;
  auto view = api("GET", "/api/notices/" + std::to_string(id), token("admin"), "", &status);
  ASSERT_EQ(status, 200);
  int sms_sent = 0;
  for (const auto& d : view["deliveries"]) {
    if (d["channel"] == "sms" && d["state"] == "sent") ++sms_sent;
  }
  EXPECT_EQ(sms_sent, 2) << view.dump(1);
  auto grid_view = api("GET", "/api/notices/" + std::to_string(id), token("grid", "binhe-01"), "",
                       &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(grid_view.dump().find(kB), std::string::npos) << "a grid token sees masked numbers";
}

TEST_F(SmsBroadcastE2E, ANoticeWithoutSmsTextsNobody) {
  ASSERT_OK(import(std::string("binhe-01,") + kA + "\n"));
  ASSERT_GT(createNotice(false, "垃圾分类宣传"), 0);
  runFor(5 * kMinute, 30 * kSecond);
  EXPECT_EQ(textsWith(kA, "垃圾分类宣传"), 0);
  EXPECT_FALSE(groupCalls().empty()) << "the groups still hear it";
}

TEST_F(SmsBroadcastE2E, AnUnknownKeyInANoticeIsStillRefused) {
  int status = 0;
  api("POST", "/api/notices", token("admin"),
      R"({"title": "t", "body": "b", "target": {"all": true}, "sms": "yes"})", &status);
  EXPECT_EQ(status, 400);
  api("POST", "/api/notices", token("admin"),
      R"({"title": "t", "body": "b", "target": {"all": true}, "channels": ["sms"]})", &status);
  EXPECT_EQ(status, 400);
}

}  // namespace
}  // namespace gg::test
