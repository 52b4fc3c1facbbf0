#include "org/generator.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace gg {
namespace {

// A contact with a name, a phone and (for the command centre) a WeCom userid; the rest empty.
Contact makeContact(std::string name, std::string phone, std::string wecom_userid = "") {
  Contact c;
  c.name = std::move(name);
  c.phone = std::move(phone);
  c.wecom_userid = std::move(wecom_userid);
  return c;
}

using nlohmann::json;
namespace fs = std::filesystem;

// splitmix64: tiny, and unlike std:: distributions it gives the same numbers on every platform,
// which keeps generated configs byte-identical for a seed.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Returns a number in [0, n).
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }

 private:
  uint64_t state_;
};

template <size_t N>
const char* pick(Rng& rng, const char* const (&list)[N]) {
  return list[rng.below(N)];
}

constexpr const char* kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "范", "石", "贾",
    "夏", "付", "方", "白", "孟", "秦", "邱", "尹", "薛", "闫", "段", "侯", "史", "郝", "孔"};
constexpr const char* kGivenChars[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "红", "建",
    "文", "辉", "志", "国", "海", "燕", "春", "梅", "晓", "鹏", "宇", "浩", "凯", "婷",
    "雪", "琳", "慧", "佳", "欣", "涵", "博", "晨", "丹", "颖", "倩", "立", "新", "永",
    "德", "忠", "荣", "成", "振", "家", "庆", "宏", "云", "俊", "楠", "莉", "萍", "斌"};

// Community name stems with their pinyin ids.
constexpr const char* kCommunityStems[][2] = {
    {"滨河", "binhe"},   {"河西", "hexi"},     {"东湖", "donghu"},   {"柳园", "liuyuan"},
    {"新华", "xinhua"},  {"和平", "heping"},   {"朝阳", "chaoyang"}, {"光明", "guangming"},
    {"锦绣", "jinxiu"},  {"幸福", "xingfu"},   {"青年", "qingnian"}, {"长青", "changqing"},
    {"翠苑", "cuiyuan"}, {"金桥", "jinqiao"},  {"安居", "anju"},     {"康宁", "kangning"},
    {"丰乐", "fengle"},  {"文昌", "wenchang"}, {"明湖", "minghu"},   {"南关", "nanguan"},
    {"北苑", "beiyuan"}, {"杏林", "xinglin"},  {"芙蓉", "furong"},   {"泉景", "quanjing"}};
constexpr const char* kRounds[][2] = {{"", ""},       {"东", "-dong"}, {"西", "-xi"},
                                      {"南", "-nan"}, {"北", "-bei"},  {"中", "-zhong"}};

constexpr const char* kCompoundStems[] = {
    "滨悦", "金域", "锦华", "银座", "翠湖", "和园", "丽景", "阳光", "盛世", "恒泰", "紫荆",
    "怡和", "兴隆", "福瑞", "嘉禾", "春晖", "御景", "绿地", "华府", "泉城", "名仕", "雅居",
    "康桥", "枫林", "德馨", "舜华", "玉兰", "新苑", "荣盛", "万科", "明珠", "东方"};
constexpr const char* kCompoundSuffixes[] = {"新城", "花园", "家园", "小区", "苑",
                                             "公寓", "名都", "佳园", "府",   "东区"};
constexpr const char* kRoadStems[] = {"滨河", "历山", "文化", "解放", "和平", "建设", "经十",
                                      "花园", "工业", "山大", "青年", "舜耕", "燕山", "洪楼"};
constexpr const char* kRoadSuffixes[] = {"路", "街", "东路", "西路", "北街", "大道"};
constexpr const char* kGroupTags[] = {"elderly-heavy", "new-estate", "old-town", "mixed", "shops"};

constexpr const char* kOrdinals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

std::string personName(Rng& rng) {
  std::string name = pick(rng, kSurnames);
  name += pick(rng, kGivenChars);
  if (rng.chance(70)) name += pick(rng, kGivenChars);
  return name;
}

std::string twoDigits(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

std::string gridOrdinal(int n) {  // 1-based, 第三网格 up to ten, then digits
  return n <= 10 ? kOrdinals[n - 1] : std::to_string(n);
}

std::vector<DutyWindow> dutyFor(WorkerRole role) {
  switch (role) {
    case WorkerRole::kLeader: return {};  // a leader is always reachable
    case WorkerRole::kFullTime: return {{{1, 2, 3, 4, 5}, 8 * 60 + 30, 17 * 60 + 30}};
    case WorkerRole::kPartTime:
      return {{{1, 2, 3, 4, 5}, 17 * 60 + 30, 21 * 60}, {{6, 7}, 9 * 60, 18 * 60}};
  }
  return {};
}

// Compound names unique across the street: stem x suffix, then 二期, 三期 … once they run out.
std::string compoundName(size_t k) {
  const size_t stems = std::size(kCompoundStems), suffixes = std::size(kCompoundSuffixes);
  // Suffix shifted by the stem so neighbouring grids do not all get "…新城"; still a bijection
  // over stems x suffixes.
  std::string name = std::string(kCompoundStems[k % stems]) +
                     kCompoundSuffixes[(k / stems + k % stems) % suffixes];
  const size_t phase = k / (stems * suffixes);
  if (phase > 0)
    name += (phase < 10 ? kOrdinals[phase] : std::to_string(phase + 1)) + std::string("期");
  return name;
}

std::string compoundAlias(size_t k) {
  std::string alias = kCompoundStems[k % std::size(kCompoundStems)];
  const size_t phase = k / (std::size(kCompoundStems) * std::size(kCompoundSuffixes));
  if (phase > 0) alias += phase < 10 ? kOrdinals[phase] : std::to_string(phase + 1);
  return alias;
}

std::vector<Department> departments(const std::string& street_name, Rng& rng) {
  struct Spec {
    const char* id;
    const char* name;
    const char* kind;
  };
  const Spec specs[] = {
      {"property-jiahe", "嘉禾物业服务有限公司", "property"},
      {"property-lvcheng", "绿城物业鲁东分公司", "property"},
      {"water", "鲁东水务集团客服中心", "water"},
      {"power", "国网鲁东供电公司", "power"},
      {"gas", "鲁东港华燃气公司", "gas"},
      {"heating", "鲁东热力公司", "heating"},
      {"urban-mgmt", "综合行政执法中队（城管）", "urban_management"},
      {"police", "河口分局滨河派出所", "police"},
      {"civil-affairs", "区民政局社会救助科", "civil_affairs"},
      {"medical-insurance", "区医疗保障局", "medical_insurance"},
      {"hr-social-security", "区人力资源和社会保障局", "human_resources"},
      {"market-supervision", "区市场监督管理局滨河所", "market_supervision"},
      {"fire", "河口区消防救援大队", "fire"},
  };
  std::vector<Department> out;
  int n = 0;
  for (const auto& s : specs) {
    Department d{s.id, s.name, s.kind, {}};
    if (d.kind == "urban_management") d.name = street_name + d.name;
    // A duty desk landline and a named person's mobile, as the dispatch sheets list them.
    d.contacts.push_back(makeContact("值班室", "0531-8661" + std::to_string(1000 + n * 7)));
    d.contacts.push_back(makeContact(personName(rng), "1390539" + std::to_string(1000 + n)));
    out.push_back(std::move(d));
    ++n;
  }
  return out;
}

}  // namespace

Result<Org> generateOrg(const GeneratorOptions& o) {
  if (o.communities < 1) return invalidArgument("communities must be at least 1");
  if (o.grids < o.communities) return invalidArgument("grids must be at least communities");
  if (o.workers < o.grids)
    return invalidArgument("workers must be at least grids (one leader each)");
  if (o.grids > kMaxGeneratedGrids) {
    return invalidArgument("grids must be at most " + std::to_string(kMaxGeneratedGrids));
  }
  if (o.workers > kMaxGeneratedWorkers) {
    return invalidArgument("workers must be at most " + std::to_string(kMaxGeneratedWorkers));
  }
  Rng rng(o.seed);
  Org org;
  org.street.id = "binhe-st";
  org.street.name = "滨河街道";
  org.street.city = "鲁东市河口区";
  org.street.contact = makeContact("滨河街道指挥中心", "0531-86601234", "binhe-center");
  org.departments = departments(org.street.name, rng);

  const int extra_workers = o.workers - o.grids;  // non-leaders, spread evenly over grids
  int grid_seq = 0;
  size_t worker_seq = 0, compound_seq = rng.below(std::size(kCompoundStems));
  for (int ci = 0; ci < o.communities; ++ci) {
    const size_t stems = std::size(kCommunityStems);
    const size_t round = ci / stems;
    Community c;
    const auto& stem = kCommunityStems[ci % stems];
    if (round < std::size(kRounds)) {
      c.id = std::string(stem[1]) + kRounds[round][1];
      c.name = std::string(stem[0]) + kRounds[round][0] + "社区";
    } else {
      c.id = std::string(stem[1]) + "-" + std::to_string(round);
      c.name = std::string(stem[0]) + std::to_string(round) + "社区";
    }
    c.aliases = {std::string(stem[0]) + (round < std::size(kRounds) ? kRounds[round][0] : "")};
    c.contact =
        makeContact(personName(rng), "1390532" + twoDigits(ci / 100 % 100) + twoDigits(ci % 100));
    // Two to four roads run through a community; each grid serves one or two of them.
    std::vector<std::string> roads;
    const size_t road_count = 2 + rng.below(3);
    for (size_t r = 0; r < road_count; ++r) {
      roads.push_back(std::string(pick(rng, kRoadStems)) + pick(rng, kRoadSuffixes));
    }
    const int grids_here = o.grids / o.communities + (ci < o.grids % o.communities ? 1 : 0);
    for (int gi = 1; gi <= grids_here; ++gi, ++grid_seq) {
      Grid g;
      g.id = c.id + "-" + twoDigits(gi);
      g.name = c.name + "第" + gridOrdinal(gi) + "网格";
      g.community_id = c.id;

      int non_leaders = extra_workers / o.grids + (grid_seq < extra_workers % o.grids ? 1 : 0);
      std::vector<WorkerRole> roles = {WorkerRole::kLeader};
      for (int k = 0; k < non_leaders; ++k) {
        // First helper full-time, then mostly part-time (the reports: 36 full-time, 110 part-time).
        const bool full = k == 0 || (k == 1 && rng.chance(30));
        roles.push_back(full ? WorkerRole::kFullTime : WorkerRole::kPartTime);
      }
      for (size_t k = 0; k < roles.size(); ++k, ++worker_seq) {
        Worker w;
        w.id = "w-" + g.id + "-" + std::to_string(k + 1);
        w.name = personName(rng);
        w.role = roles[k];
        w.phone = std::to_string(13905310000ULL + worker_seq);
        w.onebot_user_id = std::to_string(2100000000ULL + worker_seq);
        w.wecom_userid = "gw" + std::to_string(100000 + worker_seq);
        w.duty = dutyFor(w.role);
        w.grid_id = g.id;
        g.workers.push_back(std::move(w));
      }

      GroupBinding ob;
      ob.channel = Channel::kOneBot;
      ob.group_id = std::to_string(81000000 + grid_seq + 1);
      ob.tags = {pick(rng, kGroupTags)};
      ob.grid_id = g.id;
      g.groups.push_back(ob);
      if (grid_seq % 3 == 0) {
        GroupBinding wc;
        wc.channel = Channel::kWeCom;
        wc.group_id = "wr-" + g.id;
        wc.tags = ob.tags;
        wc.robot_webhook = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo-" + g.id;
        wc.grid_id = g.id;
        g.groups.push_back(wc);
      }

      const size_t compounds = 1 + rng.below(3);
      for (size_t k = 0; k < compounds; ++k, ++compound_seq) {
        Compound cp;
        cp.name = compoundName(compound_seq);
        cp.aliases = {compoundAlias(compound_seq)};
        const size_t buildings = 4 + rng.below(15);
        for (size_t b = 1; b <= buildings; ++b) cp.buildings.push_back(std::to_string(b));
        g.area.compounds.push_back(std::move(cp));
      }
      g.area.streets.push_back(roads[rng.below(roads.size())]);
      if (rng.chance(40)) {
        const std::string& second = roads[rng.below(roads.size())];
        if (second != g.area.streets[0]) g.area.streets.push_back(second);
      }
      c.grids.push_back(std::move(g));
    }
    org.communities.push_back(std::move(c));
  }
  return org;
}

namespace {

json contactToJson(const Contact& c) {
  json j{{"name", c.name}, {"phone", c.phone}};
  if (!c.wecom_userid.empty()) j["wecom_userid"] = c.wecom_userid;
  if (!c.onebot_user_id.empty()) j["onebot_user_id"] = c.onebot_user_id;
  return j;
}

std::string clockText(int minute) { return twoDigits(minute / 60) + ":" + twoDigits(minute % 60); }

// Writes weekdays back as ranges ("1-5", "6-7", "1-3,6").
std::string daysText(const std::vector<int>& days) {
  std::string out;
  for (size_t i = 0; i < days.size();) {
    size_t j = i;
    while (j + 1 < days.size() && days[j + 1] == days[j] + 1) ++j;
    if (!out.empty()) out += ",";
    out += std::to_string(days[i]);
    if (j > i) out += "-" + std::to_string(days[j]);
    i = j + 1;
  }
  return out;
}

json workerToJson(const Worker& w) {
  json j{{"id", w.id}, {"name", w.name}, {"role", workerRoleName(w.role)}, {"phone", w.phone}};
  if (!w.wecom_userid.empty()) j["wecom_userid"] = w.wecom_userid;
  if (!w.onebot_user_id.empty()) j["onebot_user_id"] = w.onebot_user_id;
  if (!w.duty.empty()) {
    json duty = json::array();
    for (const auto& d : w.duty) {
      json dj;
      if (!d.weekdays.empty()) dj["days"] = daysText(d.weekdays);
      dj["from"] = clockText(d.start_minute);
      dj["to"] = clockText(d.end_minute);
      duty.push_back(dj);
    }
    j["duty"] = duty;
  }
  return j;
}

json groupToJson(const GroupBinding& b) {
  json j{{"channel", b.channel}, {"group_id", b.group_id}};
  if (!b.tags.empty()) j["tags"] = b.tags;
  if (!b.robot_webhook.empty()) j["robot_webhook"] = b.robot_webhook;
  return j;
}

json areaToJson(const ServiceArea& a) {
  json compounds = json::array();
  for (const auto& c : a.compounds) {
    compounds.push_back({{"name", c.name}, {"aliases", c.aliases}, {"buildings", c.buildings}});
  }
  return json{{"compounds", compounds}, {"streets", a.streets}};
}

Status writeFile(const fs::path& path, const json& doc) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << doc.dump(2) << "\n";
  out.close();
  if (!out) return internalError(path.string() + ": cannot write file");
  return Status::ok();
}

}  // namespace

json streetToJson(const Org& org) {
  json j{{"id", org.street.id}, {"name", org.street.name}};
  if (!org.street.city.empty()) j["city"] = org.street.city;
  j["contact"] = contactToJson(org.street.contact);
  return j;
}

json departmentsToJson(const Org& org) {
  json arr = json::array();
  for (const auto& d : org.departments) {
    json contacts = json::array();
    for (const auto& c : d.contacts) contacts.push_back(contactToJson(c));
    arr.push_back({{"id", d.id}, {"name", d.name}, {"kind", d.kind}, {"contacts", contacts}});
  }
  return json{{"departments", arr}};
}

json communityToJson(const Community& c) {
  json grids = json::array();
  for (const auto& g : c.grids) {
    json workers = json::array(), groups = json::array();
    for (const auto& w : g.workers) workers.push_back(workerToJson(w));
    for (const auto& b : g.groups) groups.push_back(groupToJson(b));
    grids.push_back({{"id", g.id},
                     {"name", g.name},
                     {"workers", workers},
                     {"groups", groups},
                     {"area", areaToJson(g.area)}});
  }
  json j{{"id", c.id}, {"name", c.name}};
  if (!c.aliases.empty()) j["aliases"] = c.aliases;
  j["contact"] = contactToJson(c.contact);
  j["grids"] = grids;
  return j;
}

Status writeOrgConfig(const Org& org, const std::string& dir) {
  std::error_code ec;
  const fs::path root(dir);
  fs::create_directories(root / "communities", ec);
  if (ec) return internalError((root / "communities").string() + ": " + ec.message());
  GG_RETURN_IF_ERROR(writeFile(root / "street.json", streetToJson(org)));
  GG_RETURN_IF_ERROR(writeFile(root / "departments.json", departmentsToJson(org)));
  for (const auto& c : org.communities) {
    GG_RETURN_IF_ERROR(writeFile(root / "communities" / (c.id + ".json"), communityToJson(c)));
  }
  return Status::ok();
}

}  // namespace gg
