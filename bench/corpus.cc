#include "bench/corpus.h"

#include <nlohmann/json.hpp>

#include <random>
#include <set>

namespace gg::bench {
namespace {

const std::vector<std::string> kPlaces = {
    "阳光花园", "幸福里小区", "滨河路", "东湖社区", "3号楼", "五号楼二单元", "12栋", "老街",
    "菜市场门口", "学校旁边", "后巷", "1单元", "小区南门", "地下车库", "7号楼", "楼下"};
const std::vector<std::string> kProblems = {
    "电梯又坏了", "电梯卡住了有人被困", "楼道灯不亮好几天了", "停水了什么时候来水",
    "突然停电了", "厨房有股煤气味", "下水道堵了污水冒出来", "垃圾桶满了没人清",
    "路灯坏了晚上好黑", "井盖没了很危险", "有人在楼顶私自搭建", "门口好多摆摊的",
    "车停在消防通道上", "广场舞太吵了睡不着", "楼上扔东西下来", "狗不拴绳吓到孩子",
    "隔壁独居老人好几天没见", "低保怎么申请", "医保怎么交", "养老金什么时候调整",
    "孩子入学要什么材料", "疫苗在哪里打", "接到诈骗电话", "身份证丢了怎么补办",
    "楼上漏水到我家", "物业不作为", "暖气不热", "油烟太大", "水管爆了", "冒烟了好像着火",
    "电动车在楼道充电", "出租车不打表", "快递丢了", "工资被拖欠", "和邻居吵起来了",
    "路面塌了一个坑", "小广告贴满了墙", "树枝挡住窗户", "拆迁补偿还没给", "天花板渗水",
    "公交末班车太早", "超市卖过期食品", "有人搞传销", "景区乱收费", "这个月燃气费太贵"};
const std::vector<std::string> kTraditional = {"電梯壞了", "停電了", "漏水很嚴重", "垃圾沒人收",
                                               "噪音太大", "煤氣味好重"};
const std::vector<std::string> kChat = {"收到", "谢谢网格员", "大家早上好", "哈哈哈", "好的",
                                        "辛苦了", "今天天气不错", "在吗", "明天开会吗",
                                        "晚安", "恭喜恭喜", "转发一下"};
const std::vector<std::string> kTails = {"", "", "！", "！！！", "？", "，麻烦尽快处理",
                                         "，谁来管管", "😡", "🙏🙏", "[捂脸]", "，再不修我就打12345",
                                         "，好几天了", "。", "~~", "，电话13812345678"};
const std::vector<std::string> kFillers = {"嗯", "那个", "就是说", "啊"};

template <typename T>
const T& pick(const std::vector<T>& v, std::mt19937& rng) {
  return v[rng() % v.size()];
}

}  // namespace

std::vector<std::string> generateMessages(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const unsigned kind = rng() % 100;
    std::string m;
    if (kind < 25) {
      m = pick(kChat, rng) + pick(kTails, rng);
    } else if (kind < 32) {
      m = pick(kPlaces, rng) + pick(kTraditional, rng) + pick(kTails, rng);
    } else if (kind < 42) {  // hotline transcript: fillers, no punctuation
      m = pick(kFillers, rng) + pick(kPlaces, rng) + pick(kFillers, rng) + pick(kProblems, rng);
    } else {
      m = pick(kPlaces, rng) + pick(kProblems, rng) + pick(kTails, rng);
      if (rng() % 4 == 0) m += pick(kProblems, rng);
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::string generatePackJson(const RulePackSource& base, size_t intents, uint32_t seed) {
  std::mt19937 rng(seed);
  std::set<std::string> pool_set;
  for (const Rule& r : base.intents) {
    for (const Pattern& p : r.patterns) {
      if (p.kind == PatternKind::kKeyword) pool_set.insert(p.text);
      for (const auto& g : p.groups) pool_set.insert(g.begin(), g.end());
    }
  }
  const std::vector<std::string> pool(pool_set.begin(), pool_set.end());
  nlohmann::json pack;
  pack["categories"] = {{{"id", "gen"}, {"label", "生成"}, {"dept_class", "其他"}}};
  pack["intents"] = nlohmann::json::array();
  for (size_t i = 0; i < intents; ++i) {
    nlohmann::json it;
    it["id"] = "gen_" + std::to_string(i);
    it["category"] = "gen";
    it["priority"] = static_cast<int>(rng() % 50);
    const size_t nk = 2 + rng() % 3;
    nlohmann::json kws = nlohmann::json::array();
    for (size_t k = 0; k < nk; ++k) kws.push_back(pick(pool, rng) + pick(pool, rng));
    it["keywords"] = kws;
    it["all"] = nlohmann::json::array(
        {nlohmann::json::array({nlohmann::json::array({pick(pool, rng), pick(pool, rng)}),
                                nlohmann::json::array({pick(pool, rng), pick(pool, rng)})})});
    if (i % 3 == 0) {
      it["regex"] = {pick(pool, rng) + ".{0,6}(" + pick(pool, rng) + "|" + pick(pool, rng) + ")"};
    }
    if (i % 10 == 0) it["exclude"] = {pick(pool, rng) + pick(pool, rng)};
    pack["intents"].push_back(std::move(it));
  }
  return pack.dump(1);
}

}  // namespace gg::bench
