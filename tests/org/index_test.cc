#include <gtest/gtest.h>

#include "org/loader.h"
#include "org/model.h"
#include "tests/org/org_files.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

class DemoIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    auto org = loadOrg(testing::demoDir());
    ASSERT_OK(org);
    index_ = std::make_unique<OrgIndex>(*org);
  }
  std::unique_ptr<OrgIndex> index_;
};

TEST_F(DemoIndex, FindsByIdAndKnowsParents) {
  const Grid* g = index_->grid("binhe-03");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->name, "滨河社区第三网格");
  EXPECT_EQ(g->community_id, "binhe");
  EXPECT_EQ(index_->community(g->community_id)->name, "滨河社区");
  const Worker* w = index_->worker("w-binhe-03-1");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->role, WorkerRole::kLeader);
  EXPECT_EQ(w->grid_id, "binhe-03");
  EXPECT_EQ(index_->department("water")->kind, "water");
  EXPECT_EQ(index_->department("police")->kind, "police");
}

TEST_F(DemoIndex, UnknownIdsGiveNull) {
  EXPECT_EQ(index_->grid("binhe-99"), nullptr);
  EXPECT_EQ(index_->community("nowhere"), nullptr);
  EXPECT_EQ(index_->worker("w-binhe-99-1"), nullptr);
  EXPECT_EQ(index_->department("bakery"), nullptr);
  EXPECT_EQ(index_->gridForGroup(Channel::kOneBot, "99999999"), nullptr);
  EXPECT_EQ(index_->workerByPlatformId(Channel::kOneBot, "1"), nullptr);
}

TEST_F(DemoIndex, GroupsMapToTheirGrid) {
  EXPECT_EQ(index_->gridForGroup(Channel::kOneBot, "81000101")->id, "binhe-01");
  EXPECT_EQ(index_->gridForGroup(Channel::kOneBot, "81000604")->id, "jinqiao-04");
  // The same group id on the other channel is a different group.
  EXPECT_EQ(index_->gridForGroup(Channel::kWeCom, "81000101"), nullptr);
  const GroupBinding* wecom = index_->group(Channel::kWeCom, "wr-binhe-02");
  ASSERT_NE(wecom, nullptr);
  EXPECT_EQ(wecom->grid_id, "binhe-02");
  EXPECT_EQ(wecom->robot_webhook,
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo-binhe-02");
  EXPECT_EQ(index_->allGroups().size(), 36u);
  const GroupBinding* old = index_->group(Channel::kOneBot, "81000103");
  ASSERT_NE(old, nullptr);
  EXPECT_NE(std::find(old->tags.begin(), old->tags.end(), "elderly-heavy"), old->tags.end());
}

TEST_F(DemoIndex, WorkersByPlatformIdentity) {
  const Worker* leader = index_->workerByPlatformId(Channel::kOneBot, "2810010101");
  ASSERT_NE(leader, nullptr);
  EXPECT_EQ(leader->id, "w-binhe-01-1");
  const Worker* same = index_->workerByPlatformId(Channel::kWeCom, "wg10101");
  EXPECT_EQ(same, leader);
  // A roster (part-time) worker is indexed like a nested one.
  const Worker* part = index_->workerByPlatformId(Channel::kOneBot, "2810010104");
  ASSERT_NE(part, nullptr);
  EXPECT_EQ(part->grid_id, "binhe-01");
  EXPECT_EQ(part->role, WorkerRole::kPartTime);
}

TEST_F(DemoIndex, AreasCarryCompoundsAliasesAndBuildings) {
  const Grid* g = index_->grid("binhe-02");
  ASSERT_NE(g, nullptr);
  ASSERT_EQ(g->area.compounds.size(), 1u);
  const Compound& c = g->area.compounds[0];
  EXPECT_EQ(c.name, "滨悦新城");
  EXPECT_EQ(c.aliases, (std::vector<std::string>{"滨悦", "滨悦小区"}));
  EXPECT_EQ(c.buildings.front(), "9");
  EXPECT_EQ(c.buildings.back(), "16");
  EXPECT_EQ(g->area.streets, (std::vector<std::string>{"滨河路", "望岳街"}));
}

}  // namespace
}  // namespace gg
