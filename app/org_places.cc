#include "app/org_places.h"

namespace gg {

std::vector<Place> placesFromOrg(const Org& org) {
  std::vector<Place> out;
  for (const Community& c : org.communities) {
    out.push_back(Place{c.name, c.aliases, "community", c.id, ""});
    for (const Grid& g : c.grids) {
      for (const Compound& cp : g.area.compounds) {
        out.push_back(Place{cp.name, cp.aliases, "compound", c.id, g.id});
      }
      for (const std::string& road : g.area.streets) {
        out.push_back(Place{road, {}, "street", c.id, g.id});
      }
    }
  }
  return out;
}

}  // namespace gg
