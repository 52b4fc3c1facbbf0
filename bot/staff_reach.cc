#include "bot/staff_reach.h"

#include "core/phone_kind.h"
#include "core/text.h"

namespace gg {

const char* staffRoleName(StaffRole role) {
  switch (role) {
    case StaffRole::kWorker: return "worker";
    case StaffRole::kCommunity: return "community";
    case StaffRole::kStreet: return "street";
    case StaffRole::kDepartment: return "department";
  }
  return "worker";
}

std::vector<std::string> reachOrder(const Street& street, StaffRole role,
                                    const std::vector<std::string>& own,
                                    Channel worker_channel) {
  if (!own.empty()) return own;
  auto it = street.contact_channels.find(staffRoleName(role));
  if (it != street.contact_channels.end() && !it->second.empty()) return it->second;
  if (role == StaffRole::kWorker) {
    if (worker_channel == Channel::kOneBot) return {"onebot", "wecom_app", "sms"};
    return {"wecom_app", "onebot", "sms"};
  }
  return {"wecom_app", "onebot", "sms"};
}

std::vector<OutboundMessage> staffRoutes(const Contact& c, const std::vector<std::string>& order,
                                         const std::string& text) {
  std::vector<OutboundMessage> out;
  for (const auto& channel : order) {
    OutboundMessage m;
    m.text = text;
    // The org loader admits only wecom_app, onebot, sms and onebot_group here.
    m.channel = parseChannel(channel).value_or(Channel::kNone);
    m.target_kind = TargetKind::kUser;
    if (m.channel == Channel::kWeComApp) {
      m.target = c.wecom_userid;
    } else if (m.channel == Channel::kOneBot) {
      m.target = c.onebot_user_id;
    } else if (m.channel == Channel::kSms) {
      m.target_kind = TargetKind::kPhone;
      m.target = mobileForSms(c.mobile.empty() ? c.phone : c.mobile);
    } else if (channel == "onebot_group") {
      // Posted in the staff group through the OneBot account: a group row, not a private chat.
      m.channel = Channel::kOneBot;
      m.target_kind = TargetKind::kGroup;
      m.target = c.onebot_group;
    }
    if (!m.target.empty()) out.push_back(std::move(m));
  }
  return out;
}

Contact contactOf(const Worker& w) {
  Contact c;
  c.name = w.name;
  c.phone = w.phone;
  c.wecom_userid = w.wecom_userid;
  c.onebot_user_id = w.onebot_user_id;
  c.channels = w.channels;
  return c;
}

namespace {

std::string whyUnreachable(const Contact& c, const std::vector<std::string>& order) {
  std::string why;
  for (const auto& channel : order) {
    if (!why.empty()) why += ", ";
    if (channel == "wecom_app") why += "no WeCom userid";
    if (channel == "onebot") why += "no OneBot user id";
    if (channel == "onebot_group") why += "no staff group";
    if (channel == "sms") why += c.phone.empty() ? "no mobile number" : "no mobile number (" + maskPhone(c.phone) + " is not a mobile)";
  }
  return why;
}

}  // namespace

std::vector<std::string> unreachableContacts(const Org& org, Channel worker_channel) {
  std::vector<std::string> out;
  auto check = [&](const std::string& who, const Contact& c, StaffRole role) {
    const auto order = reachOrder(org.street, role, c.channels, worker_channel);
    if (staffRoutes(c, order, "").empty()) out.push_back(who + ": " + c.name + ": " + whyUnreachable(c, order));
  };
  check("street " + org.street.id, org.street.contact, StaffRole::kStreet);
  for (const auto& cm : org.communities) {
    check("community " + cm.id, cm.contact, StaffRole::kCommunity);
    for (const auto& g : cm.grids) {
      for (const auto& w : g.workers) check("worker " + w.id, contactOf(w), StaffRole::kWorker);
    }
  }
  for (const auto& d : org.departments) {
    bool any = false;
    for (const auto& c : d.contacts) {
      any = any || !staffRoutes(c, reachOrder(org.street, StaffRole::kDepartment, c.channels, worker_channel), "").empty();
    }
    if (!any && !d.contacts.empty()) {
      const Contact& c = d.contacts.front();
      out.push_back("department " + d.id + ": " + c.name + ": " +
                    whyUnreachable(c, reachOrder(org.street, StaffRole::kDepartment, c.channels, worker_channel)) +
                    " (nor any other contact)");
    }
  }
  return out;
}

}  // namespace gg
