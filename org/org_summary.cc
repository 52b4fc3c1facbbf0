// orgSummary: the counts `gridgate check` prints and /api/org returns for a loaded street.
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "org/loader.h"

namespace gg {

using nlohmann::json;

json orgSummary(const Org& org) {
  size_t grids = 0, leaders = 0, fulltime = 0, parttime = 0, onebot = 0, wecom = 0;
  size_t compounds = 0, buildings = 0;
  for (const auto& c : org.communities) {
    std::map<std::string, std::set<std::string>> compound_buildings;
    for (const auto& g : c.grids) {
      ++grids;
      for (const auto& w : g.workers) {
        if (w.role == WorkerRole::kLeader) {
          ++leaders;
        } else if (w.role == WorkerRole::kFullTime) {
          ++fulltime;
        } else {
          ++parttime;
        }
      }
      for (const auto& b : g.groups) (b.channel == Channel::kWeCom ? wecom : onebot)++;
      // A compound split between grids is still one compound.
      for (const auto& cp : g.area.compounds) {
        auto& set = compound_buildings[cp.name];
        set.insert(cp.buildings.begin(), cp.buildings.end());
      }
    }
    compounds += compound_buildings.size();
    for (const auto& [name, set] : compound_buildings) buildings += set.size();
  }
  return json{{"street", {{"id", org.street.id}, {"name", org.street.name}}},
              {"communities", org.communities.size()},
              {"grids", grids},
              {"workers",
               {{"total", leaders + fulltime + parttime},
                {"leader", leaders},
                {"fulltime", fulltime},
                {"parttime", parttime}}},
              {"groups", {{"total", onebot + wecom}, {"onebot", onebot}, {"wecom", wecom}}},
              {"compounds", compounds},
              {"buildings", buildings},
              {"departments", org.departments.size()}};
}

}  // namespace gg
