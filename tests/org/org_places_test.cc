#include "app/org_places.h"

#include <gtest/gtest.h>

namespace gg {
namespace {

TEST(OrgPlaces, EveryCommunityCompoundAndStreetInConfigOrder) {
  Org org;
  Community c;
  c.id = "c1";
  c.name = "东湖社区";
  Grid g;
  g.id = "g1";
  g.area.compounds.push_back(Compound{"幸福里", {"幸福小区"}, {"1", "2"}});
  g.area.streets.push_back("滨河路");
  c.grids.push_back(g);
  org.communities.push_back(c);
  auto places = placesFromOrg(org);
  ASSERT_EQ(places.size(), 3u);
  EXPECT_EQ(places[0].kind, "community");
  EXPECT_EQ(places[1].name, "幸福里");
  EXPECT_EQ(places[1].grid_id, "g1");
  EXPECT_EQ(places[1].community_id, "c1");
  EXPECT_EQ(places[2].kind, "street");
}

}  // namespace
}  // namespace gg
