#include "server/csv_export.h"

#include <cmath>
#include <cstdio>

#include "core/text.h"

namespace gg {
namespace {

// The UTF-8 byte-order mark: how Excel knows the file is UTF-8.
constexpr const char kBom[] = "\xEF\xBB\xBF";

std::string number(const nlohmann::json& v) {
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (!v.is_number()) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v.get<double>());
  return buf;
}

std::string percent(const nlohmann::json& rate) {
  if (!rate.is_number()) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", rate.get<double>() * 100);
  return buf;
}

std::string text(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

std::string roleLabel(const std::string& role) {
  if (role == "leader") return "网格长";
  if (role == "fulltime") return "专职网格员";
  if (role == "parttime") return "兼职网格员";
  return role;
}

// The figure columns every assessment row has, after the columns naming the row.
const std::vector<std::string>& figureHeaders() {
  static const std::vector<std::string> kHeaders = {
      "经手工单数", "按时接单率", "接单考核数", "按时办结率", "办结考核数", "返工率", "办结次数",
      "重新打开次数", "差评数", "满意率", "评价数", "巡查上报数", "造成上报次数", "综合得分"};
  return kHeaders;
}

std::vector<std::string> figureCells(const nlohmann::json& f) {
  const nlohmann::json none = nlohmann::json::object();
  auto part = [&](const char* key) -> const nlohmann::json& { return f.contains(key) ? f[key] : none; };
  auto of = [](const nlohmann::json& r) { return r.contains("of") ? number(r["of"]) : ""; };
  auto rate = [](const nlohmann::json& r) { return r.contains("rate") ? percent(r["rate"]) : ""; };
  const auto& rework = part("rework");
  return {number(f.value("tickets", nlohmann::json())),
          rate(part("on_time_accept")), of(part("on_time_accept")),
          rate(part("on_time_resolve")), of(part("on_time_resolve")),
          rate(rework), of(rework),
          number(rework.value("reopens", nlohmann::json())), number(rework.value("low_ratings", nlohmann::json())),
          rate(part("satisfaction")), of(part("satisfaction")),
          number(f.value("patrol_reports", nlohmann::json())),
          number(f.value("escalations_caused", nlohmann::json())),
          number(f.value("score", nlohmann::json()))};
}

// A share of the stats with its denominator: empty when there was nothing to divide.
std::string shareOf(const nlohmann::json& f, const char* rate, const char* whole) {
  if (!f.contains(whole) || !f[whole].is_number() || f[whole].get<double>() == 0) return "";
  return percent(f.value(rate, nlohmann::json()));
}

std::vector<std::string> statsCells(const nlohmann::json& f) {
  const bool resolved = f.value("resolved", 0) > 0;
  auto hours = [&](const char* key) { return resolved ? number(f.value(key, nlohmann::json())) : ""; };
  return {number(f.value("received", nlohmann::json())), number(f.value("resolved", nlohmann::json())),
          number(f.value("closed", nlohmann::json())), number(f.value("open", nlohmann::json())),
          number(f.value("open_overdue", nlohmann::json())), number(f.value("overdue", nlohmann::json())),
          shareOf(f, "closure_rate", "received"), shareOf(f, "on_time_rate", "resolved"),
          hours("avg_handling_hours"), hours("p90_handling_hours"),
          number(f.value("rated", nlohmann::json())), shareOf(f, "satisfaction_rate", "rated"),
          shareOf(f, "closed_at_grid_share", "resolved"), shareOf(f, "escalated_share", "received"),
          number(f.value("patrol_reports", nlohmann::json()))};
}

std::string statsName(const std::string& by, const std::string& key, const OrgIndex& org) {
  if (key == "(none)") return "（无）";
  if (by == "community") { if (auto* c = org.community(key)) return c->name; }
  if (by == "grid") { if (auto* g = org.grid(key)) return g->name; }
  if (by == "worker") { if (auto* w = org.worker(key)) return maskPhonesInText(w->name); }
  if (by == "street") return org.org().street.name;
  return key;
}

}  // namespace

std::string csvCell(const std::string& s) {
  std::string cell = s;
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t')) {
    cell.insert(cell.begin(), '\'');
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csvDocument(const std::vector<std::vector<std::string>>& rows) {
  std::string out = kBom;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      out += csvCell(row[i]);
    }
    out += "\r\n";
  }
  return out;
}

std::string assessmentCsv(const nlohmann::json& report) {
  const std::string by = report.value("by", "worker");
  std::vector<std::string> header;
  if (by == "worker") header = {"网格员编号", "姓名", "岗位", "电话", "网格", "社区"};
  else if (by == "grid") header = {"网格编号", "网格", "社区", "网格员数"};
  else header = {"社区编号", "社区", "网格员数"};
  const auto& figures = figureHeaders();
  header.insert(header.end(), figures.begin(), figures.end());
  std::vector<std::vector<std::string>> rows = {header};
  if (!report.contains("items")) return csvDocument(rows);
  for (const auto& item : report["items"]) {
    std::vector<std::string> row;
    if (by == "worker") {
      // The phone is masked again here: a CSV leaves the system, whatever the report held.
      row = {text(item, "worker_id"), maskPhonesInText(text(item, "name")), roleLabel(text(item, "role")),
             maskPhonesInText(text(item, "phone")), text(item, "grid_name"), text(item, "community_name")};
    } else if (by == "grid") {
      row = {text(item, "grid_id"), text(item, "grid_name"), text(item, "community_name"),
             number(item.value("workers", nlohmann::json()))};
    } else {
      row = {text(item, "community_id"), text(item, "community_name"), number(item.value("workers", nlohmann::json()))};
    }
    const auto cells = figureCells(item);
    row.insert(row.end(), cells.begin(), cells.end());
    rows.push_back(std::move(row));
  }
  return csvDocument(rows);
}

std::string statsCsv(const nlohmann::json& stats, const OrgIndex& org) {
  const std::string by = stats.value("by", "community");
  std::vector<std::vector<std::string>> rows = {
      {"编号", "名称", "受理数", "办结数", "结案数", "未结数", "超期未结数", "超期数", "办结率", "按时办结率",
       "平均处理时长(小时)", "90%处理时长(小时)", "评价数", "满意率", "网格内办结率", "上报率", "巡查上报数"}};
  if (stats.contains("breakdown")) {
    for (const auto& [key, f] : stats["breakdown"].items()) {
      std::vector<std::string> row = {key == "(none)" ? "" : key, statsName(by, key, org)};
      const auto cells = statsCells(f);
      row.insert(row.end(), cells.begin(), cells.end());
      rows.push_back(std::move(row));
    }
  }
  std::vector<std::string> total = {"合计", ""};
  const auto cells = statsCells(stats.value("totals", nlohmann::json::object()));
  total.insert(total.end(), cells.begin(), cells.end());
  rows.push_back(std::move(total));
  return csvDocument(rows);
}

void replyCsv(httplib::Response& res, const std::string& body, const std::string& filename) {
  res.status = 200;
  res.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  res.set_content(body, "text/csv; charset=utf-8");
}

}  // namespace gg
