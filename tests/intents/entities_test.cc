#include "intents/entities.h"
#include "tests/support/status_matchers.h"

#include <gtest/gtest.h>

namespace gg {
namespace {

std::shared_ptr<const Gazetteer> testGazetteer() {
  std::vector<Place> places = {
      {"阳光花园", {"阳光小区"}, "compound", "c_east", "g_east_1"},
      {"阳光花园二期", {}, "compound", "c_east", "g_east_2"},
      {"东湖社区", {"东湖"}, "community", "c_east", ""},
      {"滨河路", {}, "street", "c_west", "g_west_3"},
  };
  auto g = Gazetteer::build(places, *Normalizer::shared());
  EXPECT_OK(g);
  return g.value();
}

Entities extract(const std::string& text, bool asr = false) {
  static EntityExtractor ex(testGazetteer());
  return ex.extract(Normalizer::shared()->normalize(text, asr));
}

TEST(Entities, PlacesFromGazetteerWithAliasesAndLongestName) {
  const std::string text = "阳光花园二期3号楼停水，阳光小区也停了";
  Entities e = extract(text);
  ASSERT_EQ(e.places.size(), 2u);
  EXPECT_EQ(e.places[0].name, "阳光花园二期");
  EXPECT_EQ(e.places[0].grid_id, "g_east_2");
  EXPECT_EQ(e.places[1].name, "阳光花园");
  EXPECT_EQ(e.places[1].matched, "阳光小区");
  EXPECT_EQ(e.places[1].grid_id, "g_east_1");
  EXPECT_EQ(text.substr(e.places[1].span.begin, e.places[1].span.end - e.places[1].span.begin),
            "阳光小区");
}

TEST(Entities, TraditionalPlaceNameMatches) {
  Entities e = extract("陽光花園的路燈壞了");
  ASSERT_EQ(e.places.size(), 1u);
  EXPECT_EQ(e.places[0].community_id, "c_east");
}

TEST(Entities, BuildingUnitRoomFromChineseNumerals) {
  Entities e = extract("三号楼二单元五零二室漏水");
  ASSERT_EQ(e.addresses.size(), 3u);
  EXPECT_EQ(e.addresses[0].kind, "building");
  EXPECT_EQ(e.addresses[0].value, "3");
  EXPECT_EQ(e.addresses[1].kind, "unit");
  EXPECT_EQ(e.addresses[1].value, "2");
  EXPECT_EQ(e.addresses[2].kind, "room");
  EXPECT_EQ(e.addresses[2].value, "502");
}

TEST(Entities, DashedAddress) {
  Entities e = extract("我住3-2-501");
  ASSERT_EQ(e.addresses.size(), 3u);
  EXPECT_EQ(e.addresses[0].value, "3");
  EXPECT_EQ(e.addresses[1].value, "2");
  EXPECT_EQ(e.addresses[2].value, "501");
}

TEST(Entities, PhonesIncludingSpokenDigits) {
  Entities e = extract("电话13812345678，座机0531-88881234");
  ASSERT_EQ(e.phones.size(), 2u);
  EXPECT_EQ(e.phones[0].number, "13812345678");
  EXPECT_EQ(e.phones[1].number, "053188881234");
  Entities spoken = extract("我电话是幺三八幺二三四五六七八", true);
  ASSERT_EQ(spoken.phones.size(), 1u);
  EXPECT_EQ(spoken.phones[0].number, "13812345678");
}

TEST(Entities, LongDigitRunIsNotAPhone) {
  EXPECT_TRUE(extract("订单号2138123456789").phones.empty());
  EXPECT_TRUE(extract("拨打12345").phones.empty());
}

TEST(Entities, RelativeTimes) {
  Entities e = extract("明天上午九点来修，今天下午3点半我不在");
  ASSERT_EQ(e.times.size(), 2u);
  EXPECT_EQ(e.times[0].day_offset, 1);
  EXPECT_EQ(e.times[0].part, "morning");
  EXPECT_EQ(e.times[0].hour, 9);
  EXPECT_EQ(e.times[1].day_offset, 0);
  EXPECT_EQ(e.times[1].part, "afternoon");
  EXPECT_EQ(e.times[1].hour, 15);
  EXPECT_EQ(e.times[1].minute, 30);
}

TEST(Entities, TimeWithoutHourAndYesterday) {
  Entities e = extract("昨晚开始停电，今晚能来吗");
  ASSERT_EQ(e.times.size(), 2u);
  EXPECT_EQ(e.times[0].day_offset, -1);
  EXPECT_EQ(e.times[0].part, "evening");
  EXPECT_EQ(e.times[0].hour, -1);
  EXPECT_EQ(e.times[1].text, "今晚");
}

// The scans are skipped when a cheap pass finds no cue for them: the cues must not hide the
// edge forms (a space before the address word, a landline with a dash, each time word).
TEST(Entities, CueEdgeForms) {
  Entities a = extract("3 号楼 2 单元漏水");
  ASSERT_EQ(a.addresses.size(), 2u);
  EXPECT_EQ(a.addresses[0].value, "3");
  EXPECT_EQ(a.addresses[1].kind, "unit");
  Entities d = extract("12-3-402");
  EXPECT_EQ(d.addresses.size(), 3u);
  Entities p = extract("打0531-1234567问问");
  ASSERT_EQ(p.phones.size(), 1u);
  EXPECT_EQ(p.phones[0].number, "05311234567");
  for (const char* w : {"今天", "今日", "今晚", "今早", "明天", "明日", "明早", "明晚",
                        "后天", "昨天", "昨晚", "昨日", "前天", "刚才", "上午", "下午",
                        "中午", "晚上", "早上", "凌晨", "傍晚", "夜里", "半夜"}) {
    EXPECT_EQ(extract(std::string("停水了") + w).times.size(), 1u) << w;
  }
  Entities none = extract("楼上楼下都没有水");
  EXPECT_TRUE(none.times.empty());
  EXPECT_TRUE(none.addresses.empty());
}

}  // namespace
}  // namespace gg
