#include "org/roster.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "core/text.h"
#include "org/org_file_reader.h"
#include "org/roster_cells.h"

namespace gg {
namespace {

using org_detail::allDigits;
using org_detail::isValidId;
using org_detail::quote;
using namespace roster_detail;
using C = RosterColumn;

struct ColumnSpec {
  const char* header;
  const char* alias;
  std::vector<const char*> synonyms;  // other headers streets use for the same column
  bool required;
};

// Indexed by RosterColumn.
const std::array<ColumnSpec, kRosterColumnCount>& specs() {
  static const std::array<ColumnSpec, kRosterColumnCount> kSpecs = {{
      {"社区编号", "community_id", {}, true},
      {"社区", "community", {"社区名称"}, true},
      {"网格编号", "grid_id", {}, true},
      {"网格", "grid", {"网格名称"}, true},
      {"网格员编号", "worker_id", {"编号"}, true},
      {"姓名", "name", {"网格员"}, true},
      {"角色", "role", {"岗位", "职务"}, true},
      {"手机", "phone", {"手机号", "手机号码", "联系电话", "电话"}, true},
      {"值班", "duty", {"值班时间"}, false},
      {"企业微信", "wecom_userid", {"企业微信号", "企业微信账号"}, false},
      {"QQ", "onebot_user_id", {"QQ号"}, false},
      {"QQ群", "onebot_groups", {"QQ群号"}, false},
      {"企业微信群", "wecom_groups", {}, false},
      {"群机器人", "robot_webhooks", {"企业微信群机器人"}, false},
      {"群标签", "group_tags", {"标签"}, false},
      {"小区", "compounds", {"小区楼栋", "小区及楼栋"}, false},
      {"道路", "streets", {"街路巷"}, false},
      {"社区别名", "community_aliases", {}, false},
      {"社区联系人", "community_contact", {}, true},
      {"社区电话", "community_phone", {"社区联系电话"}, true},
      {"社区企业微信", "community_wecom_userid", {}, false},
  }};
  return kSpecs;
}

std::string lowerAscii(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Which roster column a header names; -1 for none.
int columnForHeader(const std::string& header) {
  const std::string h = lowerAscii(trim(header));
  for (int i = 0; i < kRosterColumnCount; ++i) {
    const ColumnSpec& s = specs()[i];
    if (h == lowerAscii(s.header) || h == s.alias) return i;
    for (const char* syn : s.synonyms) {
      if (h == lowerAscii(syn)) return i;
    }
  }
  return -1;
}

// Headers of columns a street keeps for itself (running numbers, remarks); never read.
bool isIgnoredHeader(const std::string& header) {
  const std::string h = lowerAscii(trim(header));
  return h == "备注" || h == "序号" || h == "note" || h == "notes" ||
         (!h.empty() && (h[0] == '_' || h[0] == '#'));
}

// A value given once for a grid or community (on any of its rows) and where it was given.
struct Once {
  std::string value;
  int row = 0;
};

struct GridDraft {
  Grid grid;
  int first_row = 0;
  int leader_row = 0;
  std::map<C, Once> once;
};

struct CommunityDraft {
  Community community;
  int first_row = 0;
  std::map<C, Once> once;
  std::vector<std::string> grid_order;
};

class RosterParser {
 public:
  RosterParser(const Sheet& sheet, std::string origin) : sheet_(sheet), origin_(std::move(origin)) {
    col_.fill(-1);
  }

  Result<std::vector<Community>> run() {
    if (findHeader()) {
      for (const SheetIssue& issue : sheet_.issues) {
        if (issue.row <= header_row_) continue;
        for (int c = 0; c < kRosterColumnCount; ++c) {
          if (col_[c] == issue.column) error(issue.row, static_cast<C>(c), issue.problem);
        }
      }
      for (const SheetRow& row : sheet_.rows) {
        if (row.number > header_row_ && !isBlank(row)) readRow(row);
      }
      finish();
    }
    if (!problems_.empty()) {
      std::string msg;
      const size_t shown = std::min(problems_.size(), kMaxRosterProblems);
      for (size_t i = 0; i < shown; ++i) msg += (i ? "\n" : "") + problems_[i];
      if (problems_.size() > shown) {
        msg += "\n" + origin_ + ": … and " + std::to_string(problems_.size() - shown) +
               " more problems";
      }
      return invalidArgument(msg);
    }
    std::vector<Community> out;
    for (const std::string& id : community_order_) {
      CommunityDraft& d = communities_[id];
      for (const std::string& gid : d.grid_order) {
        d.community.grids.push_back(std::move(grids_[gid].grid));
      }
      out.push_back(std::move(d.community));
    }
    return out;
  }

 private:
  // The header is the first row naming at least three roster columns: a title row such as
  // "滨河街道网格员花名册" above it is skipped.
  bool findHeader() {
    for (const SheetRow& row : sheet_.rows) {
      int known = 0;
      for (const auto& cell : row.cells) known += columnForHeader(cell) >= 0 ? 1 : 0;
      if (known < 3) continue;
      header_row_ = row.number;
      headers_ = row.cells;
      for (size_t i = 0; i < row.cells.size(); ++i) {
        const std::string h = trim(row.cells[i]);
        const int c = columnForHeader(h);
        if (c >= 0 && col_[c] >= 0) {
          cellError(header_row_, static_cast<int>(i),
                    "column " + quote(h) + " appears twice (also column " +
                        columnLetters(col_[c]) + ")");
        } else if (c >= 0) {
          col_[c] = static_cast<int>(i);
        } else if (!h.empty() && !isIgnoredHeader(h)) {
          cellError(header_row_, static_cast<int>(i), "unknown column " + quote(h) + knownList());
        } else if (h.empty()) {
          unnamed_.insert(static_cast<int>(i));
        }
      }
      // Without a required column every row would be reported; with all of them present the
      // rows are read, so an unknown header and bad rows show up in the same run.
      bool complete = true;
      for (int c = 0; c < kRosterColumnCount; ++c) {
        if (specs()[c].required && col_[c] < 0) {
          problems_.push_back(origin_ + ": row " + std::to_string(header_row_) +
                              ": missing required column " + specs()[c].header + " (" +
                              specs()[c].alias + ")");
          complete = false;
        }
      }
      return complete;
    }
    const std::string where =
        sheet_.name.empty() ? "" : " in the first sheet (" + quote(sheet_.name) + ")";
    problems_.push_back(origin_ + ": no header row" + where +
                        ": the first row must name the columns (" +
                        std::string(specs()[0].header) + ", " + specs()[1].header + ", " +
                        specs()[2].header + ", …; see config/roster-template.csv)");
    return false;
  }

  std::string knownList() const {
    std::string out = " (known:";
    for (const ColumnSpec& s : specs()) out += std::string(" ") + s.header;
    return out + "; columns headed 备注, 序号 or _… are ignored)";
  }

  bool isBlank(const SheetRow& row) const {
    return std::all_of(row.cells.begin(), row.cells.end(),
                       [](const std::string& c) { return trim(c).empty(); });
  }

  std::string cell(const SheetRow& row, C c) const {
    const int i = col_[static_cast<int>(c)];
    return i >= 0 && static_cast<size_t>(i) < row.cells.size() ? trim(row.cells[i]) : "";
  }

  void cellError(int row, int index, const std::string& problem) {
    std::string header = static_cast<size_t>(index) < headers_.size() ? trim(headers_[index]) : "";
    problems_.push_back(origin_ + ": row " + std::to_string(row) + ", column " +
                        columnLetters(index) + (header.empty() ? "" : " (" + header + ")") + ": " +
                        problem);
  }
  void error(int row, C c, const std::string& problem) {
    cellError(row, col_[static_cast<int>(c)], problem);
  }

  // Reads a required cell; a missing one is reported.
  std::string required(const SheetRow& row, C c, const std::string& what) {
    std::string v = cell(row, c);
    if (v.empty()) error(row.number, c, "missing " + what);
    return v;
  }

  std::string id(const SheetRow& row, C c, const std::string& what) {
    std::string v = required(row, c, what);
    if (!v.empty() && !isValidId(v)) {
      error(row.number, c, quote(v) + " is not a valid id (lower-case letters, digits, '-' and "
                               "'_', at most 64, not starting with '-' or '_')");
      return "";
    }
    return v;
  }

  // Takes a grid's or community's value the first time it is given; a different value on another
  // row is a problem. Returns true when v is new (to be parsed and stored now).
  bool setOnce(std::map<C, Once>& once, const SheetRow& row, C c, const std::string& owner,
               std::string* v) {
    *v = cell(row, c);
    if (v->empty()) return false;
    Once& o = once[c];
    if (o.row == 0) {
      o = {*v, row.number};
      return true;
    }
    if (o.value != *v) {
      error(row.number, c, owner + " already has " + specs()[static_cast<int>(c)].header + " " +
                               quote(o.value) + " (row " + std::to_string(o.row) + ")");
    }
    return false;
  }

  // Records a platform identity or group; a second owner is a problem naming the first row.
  bool claim(std::map<std::string, int>& seen, const std::string& key, const SheetRow& row, C c,
             const std::string& what) {
    auto [it, inserted] = seen.emplace(key, row.number);
    if (!inserted) {
      error(row.number, c, what + " is already used on row " + std::to_string(it->second));
    }
    return inserted;
  }

  void readRow(const SheetRow& row) {
    for (size_t i = 0; i < row.cells.size(); ++i) {
      const int index = static_cast<int>(i);
      if ((i >= headers_.size() || unnamed_.count(index)) && !trim(row.cells[i]).empty() &&
          unnamed_reported_.insert(index).second) {
        cellError(row.number, index, "a value in a column without a header");
      }
    }
    const std::string cid = id(row, C::kCommunityId, "community id (社区编号)");
    const std::string gid = id(row, C::kGridId, "grid id (网格编号)");
    CommunityDraft* community = cid.empty() ? nullptr : communityFor(cid, row);
    GridDraft* grid = gid.empty() || cid.empty() ? nullptr : gridFor(gid, cid, row);
    if (community && grid) readGridColumns(*grid, row);
    if (community) readCommunityColumns(*community, row);
    readWorker(row, grid);
  }

  CommunityDraft* communityFor(const std::string& cid, const SheetRow& row) {
    auto [it, inserted] = communities_.try_emplace(cid);
    if (inserted) {
      it->second.community.id = cid;
      it->second.first_row = row.number;
      community_order_.push_back(cid);
    }
    return &it->second;
  }

  GridDraft* gridFor(const std::string& gid, const std::string& cid, const SheetRow& row) {
    auto [it, inserted] = grids_.try_emplace(gid);
    GridDraft& g = it->second;
    if (inserted) {
      g.grid.id = gid;
      g.grid.community_id = cid;
      g.first_row = row.number;
      communities_[cid].grid_order.push_back(gid);
    } else if (g.grid.community_id != cid) {
      error(row.number, C::kCommunityId,
            "grid " + quote(gid) + " belongs to community " + quote(g.grid.community_id) +
                " (row " + std::to_string(g.first_row) + "), not " + quote(cid));
      return nullptr;
    }
    return &g;
  }

  void readGridColumns(GridDraft& g, const SheetRow& row) {
    const std::string owner = "grid " + quote(g.grid.id);
    std::string v;
    if (setOnce(g.once, row, C::kGridName, owner, &v)) g.grid.name = v;
    if (setOnce(g.once, row, C::kOnebotGroups, owner, &v)) {
      for (const std::string& group : splitList(v)) {
        if (!allDigits(group)) {
          error(row.number, C::kOnebotGroups, quote(group) + " is not a QQ group number");
        } else if (claim(groups_, "onebot\n" + group, row, C::kOnebotGroups,
                         "QQ group " + quote(group))) {
          g.grid.groups.push_back({Channel::kOneBot, group, {}, "", g.grid.id});
        }
      }
    }
    if (setOnce(g.once, row, C::kWecomGroups, owner, &v)) {
      for (const std::string& group : splitList(v)) {
        if (claim(groups_, "wecom\n" + group, row, C::kWecomGroups,
                  "WeCom group " + quote(group))) {
          g.grid.groups.push_back({Channel::kWeCom, group, {}, "", g.grid.id});
        }
      }
    }
    if (setOnce(g.once, row, C::kRobotWebhooks, owner, &v)) hooks_[g.grid.id] = {v, row.number};
    if (setOnce(g.once, row, C::kGroupTags, owner, &v)) tags_[g.grid.id] = splitList(v);
    if (setOnce(g.once, row, C::kCompounds, owner, &v)) {
      auto parsed = parseCompounds(v);
      if (!parsed.problem.empty()) error(row.number, C::kCompounds, parsed.problem);
      g.grid.area.compounds = std::move(parsed.value);
    }
    if (setOnce(g.once, row, C::kStreets, owner, &v)) g.grid.area.streets = splitList(v);
  }

  void readCommunityColumns(CommunityDraft& d, const SheetRow& row) {
    const std::string owner = "community " + quote(d.community.id);
    Community& c = d.community;
    std::string v;
    if (setOnce(d.once, row, C::kCommunityName, owner, &v)) c.name = v;
    if (setOnce(d.once, row, C::kCommunityAliases, owner, &v)) c.aliases = splitList(v);
    if (setOnce(d.once, row, C::kContactName, owner, &v)) c.contact.name = v;
    if (setOnce(d.once, row, C::kContactPhone, owner, &v)) {
      if (isPhoneNumber(v)) {
        c.contact.phone = v;
      } else {
        error(row.number, C::kContactPhone, notAPhone(v));
      }
    }
    if (setOnce(d.once, row, C::kContactWecom, owner, &v)) {
      if (isWecomUserId(v)) {
        c.contact.wecom_userid = v;
      } else {
        error(row.number, C::kContactWecom, notAWecomUserId(v));
      }
    }
  }

  static std::string notAPhone(const std::string& v) {
    return quote(v) + " is not a phone number (a mobile like 13905311101 or a landline like "
                      "0531-86601234)";
  }
  static std::string notAWecomUserId(const std::string& v) {
    return quote(v) + " is not a WeCom userid (1-64 of A-Z a-z 0-9 _ - @ .)";
  }

  void readWorker(const SheetRow& row, GridDraft* grid) {
    Worker w;
    w.id = id(row, C::kWorkerId, "worker id (网格员编号)");
    if (!w.id.empty()) claim(workers_, w.id, row, C::kWorkerId, "worker id " + quote(w.id));
    w.name = required(row, C::kName, "name (姓名)");
    const std::string role = required(row, C::kRole, "role (角色: 网格长, 专职网格员 or 兼职网格员)");
    if (!role.empty()) {
      auto parsed = parseRole(role);
      if (!parsed.problem.empty()) error(row.number, C::kRole, parsed.problem);
      w.role = parsed.value;
      if (parsed.problem.empty() && w.role == WorkerRole::kLeader && grid) {
        if (grid->leader_row) {
          error(row.number, C::kRole,
                "grid " + quote(grid->grid.id) + " already has a leader (row " +
                    std::to_string(grid->leader_row) + "); exactly one 网格长 per grid");
        } else {
          grid->leader_row = row.number;
        }
      }
    }
    w.phone = required(row, C::kPhone, "phone (手机)");
    if (!w.phone.empty() && !isPhoneNumber(w.phone)) error(row.number, C::kPhone, notAPhone(w.phone));
    auto duty = parseDuty(cell(row, C::kDuty));
    if (!duty.problem.empty()) error(row.number, C::kDuty, duty.problem);
    w.duty = std::move(duty.value);
    w.wecom_userid = cell(row, C::kWecomUserId);
    if (!w.wecom_userid.empty()) {
      if (!isWecomUserId(w.wecom_userid)) {
        error(row.number, C::kWecomUserId, notAWecomUserId(w.wecom_userid));
      } else {
        claim(wecom_users_, w.wecom_userid, row, C::kWecomUserId,
              "WeCom userid " + quote(w.wecom_userid));
      }
    }
    w.onebot_user_id = cell(row, C::kOnebotUserId);
    if (!w.onebot_user_id.empty()) {
      if (!allDigits(w.onebot_user_id)) {
        error(row.number, C::kOnebotUserId, quote(w.onebot_user_id) + " is not a QQ number");
      } else {
        claim(onebot_users_, w.onebot_user_id, row, C::kOnebotUserId,
              "QQ number " + quote(w.onebot_user_id));
      }
    }
    if (grid) {
      w.grid_id = grid->grid.id;
      grid->grid.workers.push_back(std::move(w));
    }
  }

  // What can only be judged once every row is read: values no row gave, leaders, webhooks.
  void finish() {
    for (const std::string& cid : community_order_) {
      CommunityDraft& d = communities_[cid];
      const std::string owner = "community " + quote(cid);
      for (C c : {C::kCommunityName, C::kContactName, C::kContactPhone}) {
        if (!d.once.count(c)) {
          error(d.first_row, c, owner + " has no " + specs()[static_cast<int>(c)].header +
                                    " on any of its rows");
        }
      }
      for (const std::string& gid : d.grid_order) finishGrid(grids_[gid]);
    }
  }

  void finishGrid(GridDraft& g) {
    const std::string owner = "grid " + quote(g.grid.id);
    if (!g.once.count(C::kGridName)) {
      error(g.first_row, C::kGridName, owner + " has no name (网格) on any of its rows");
    }
    if (!g.leader_row) {
      error(g.first_row, C::kRole, owner + " has no leader (a row with 角色 网格长)");
    }
    const std::vector<std::string>& tags = tags_[g.grid.id];
    for (auto& group : g.grid.groups) group.tags = tags;
    auto hook = hooks_.find(g.grid.id);
    if (hook == hooks_.end()) return;
    std::vector<GroupBinding*> wecom;
    for (auto& group : g.grid.groups) {
      if (group.channel == Channel::kWeCom) wecom.push_back(&group);
    }
    const std::vector<std::string> urls = splitList(hook->second.value);
    if (urls.size() > wecom.size()) {
      error(hook->second.row, C::kRobotWebhooks,
            owner + " has " + std::to_string(urls.size()) + " robot webhooks for " +
                std::to_string(wecom.size()) + " WeCom groups (企业微信群); one per group, in order");
      return;
    }
    for (size_t i = 0; i < urls.size(); ++i) {
      if (urls[i].rfind("https://", 0) != 0) {
        error(hook->second.row, C::kRobotWebhooks, quote(urls[i]) + " is not an https:// URL");
      } else {
        wecom[i]->robot_webhook = urls[i];
      }
    }
  }

  const Sheet& sheet_;
  std::string origin_;
  std::array<int, kRosterColumnCount> col_;
  int header_row_ = 0;
  std::vector<std::string> headers_;
  std::set<int> unnamed_, unnamed_reported_;
  std::vector<std::string> problems_;
  std::vector<std::string> community_order_;
  std::map<std::string, CommunityDraft> communities_;
  std::map<std::string, GridDraft> grids_;
  std::map<std::string, Once> hooks_;
  std::map<std::string, std::vector<std::string>> tags_;
  std::map<std::string, int> workers_, wecom_users_, onebot_users_, groups_;
};

}  // namespace

const char* rosterHeader(RosterColumn column) { return specs()[static_cast<int>(column)].header; }
const char* rosterAlias(RosterColumn column) { return specs()[static_cast<int>(column)].alias; }

Result<std::vector<Community>> parseRoster(const Sheet& sheet, const std::string& origin) {
  return RosterParser(sheet, origin).run();
}

}  // namespace gg
