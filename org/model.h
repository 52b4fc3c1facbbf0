#pragma once
// The organisation of a street as configured: street → communities → grids, the people who
// serve each grid, the group chats bound to it, its service area, and the departments (责任单位).
// Plain data, loaded and validated once by org/loader.h; lookups by id go through OrgIndex.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/channel.h"

namespace gg {

// A daily duty window in China time, minutes since midnight; end may be < start (overnight).
struct DutyWindow {
  std::vector<int> weekdays;  // 1 = Monday … 7 = Sunday; empty = every day
  int start_minute = 0;
  int end_minute = 24 * 60;
};

enum class WorkerRole { kLeader, kFullTime, kPartTime };
const char* workerRoleName(WorkerRole role);  // "leader" | "fulltime" | "parttime"

struct Worker {
  std::string id;
  std::string name;
  WorkerRole role = WorkerRole::kFullTime;
  std::string phone;
  std::string wecom_userid;
  std::string onebot_user_id;
  // How to reach this worker, first choice first ("wecom_app", "onebot", "sms"); empty = the
  // street's default for workers (Street::contact_channels).
  std::vector<std::string> channels;
  std::vector<DutyWindow> duty;  // empty = always on duty
  std::string grid_id;           // filled by the loader
};

struct GroupBinding {
  Channel channel = Channel::kNone;  // kOneBot | kWeCom
  std::string group_id;  // OneBot group number / WeCom chat id
  std::vector<std::string> tags;
  std::string robot_webhook;  // WeCom group robot URL (or key) for outbound, optional
  std::string grid_id;        // filled by the loader
};

struct Compound {  // 小区 / 院落
  std::string name;
  std::vector<std::string> aliases;
  std::vector<std::string> buildings;  // "1", "2", "12" … (楼栋 numbers)
};

struct ServiceArea {
  std::vector<Compound> compounds;
  std::vector<std::string> streets;  // road names served, e.g. "滨河路"
};

struct Grid {
  std::string id;
  std::string name;
  std::string community_id;  // filled by the loader
  std::vector<Worker> workers;
  std::vector<GroupBinding> groups;
  ServiceArea area;
};

struct Contact {
  std::string name;
  std::string phone;   // the number people call; may be a duty-room landline
  std::string wecom_userid;
  std::string onebot_user_id;
  std::string mobile;  // a duty mobile for SMS when phone is a landline; optional
  // A OneBot group of staff (e.g. the community's 工作群) a message may be posted to; no grid is
  // bound to it, so gridgate never answers there. Reached by the channel "onebot_group".
  std::string onebot_group;
  // How to reach this contact, first choice first ("wecom_app", "onebot", "sms",
  // "onebot_group"); empty = the
  // street's default for the contact's role.
  std::vector<std::string> channels;
};

struct Community {
  std::string id;
  std::string name;
  std::vector<std::string> aliases;
  Contact contact;  // 社区 duty contact for escalations
  std::vector<Grid> grids;
};

struct Department {
  std::string id;    // e.g. "water", "property", "urban_mgmt"
  std::string name;  // e.g. "自来水公司"
  std::string kind;  // property|water|power|gas|heating|urban_management|police|civil_affairs|…
  std::vector<Contact> contacts;
};

struct Street {
  std::string id;
  std::string name;
  std::string city;
  Contact contact;  // street command centre (指挥中心)
  // The street's default reach order per role ("worker", "community", "street", "department");
  // a role that is not listed uses the built-in order (bot/staff_reach.h).
  std::map<std::string, std::vector<std::string>> contact_channels;
};

struct Org {
  Street street;
  std::vector<Community> communities;
  std::vector<Department> departments;
};

// Read-only lookups over a loaded Org. Pointers stay valid as long as the Org lives.
class OrgIndex {
 public:
  explicit OrgIndex(std::shared_ptr<const Org> org);

  const Org& org() const { return *org_; }
  const Community* community(const std::string& id) const;
  const Grid* grid(const std::string& id) const;
  const Worker* worker(const std::string& id) const;
  const Department* department(const std::string& id) const;
  // Returns the grid bound to (channel, group_id), or nullptr.
  const Grid* gridForGroup(Channel channel, const std::string& group_id) const;
  const GroupBinding* group(Channel channel, const std::string& group_id) const;
  // Finds a worker by platform identity ("onebot" user id or "wecom" userid), or nullptr.
  const Worker* workerByPlatformId(Channel channel, const std::string& user_id) const;
  std::vector<const GroupBinding*> allGroups() const;

 private:
  std::shared_ptr<const Org> org_;
  std::map<std::string, const Community*> communities_;
  std::map<std::string, const Grid*> grids_;
  std::map<std::string, const Worker*> workers_;
  std::map<std::string, const Department*> departments_;
  std::map<std::string, const GroupBinding*> groups_;   // key channel + '\n' + group_id
  std::map<std::string, const Worker*> platform_ids_;  // key channel + '\n' + user id
};

}  // namespace gg
