#pragma once
// How a staff contact (grid worker, community, street command centre, department) is reached:
// the channels it has an address for, in the order the street chose for its role, so a message
// that cannot go by the first (no WeCom configured, OneBot down) goes by the next. SMS is a
// route only for a mobile number (core/phone_kind.h): a duty-room landline never gets a text.

#include <string>
#include <vector>

#include "model/envelope.h"
#include "org/model.h"

namespace gg {

enum class StaffRole { kWorker, kCommunity, kStreet, kDepartment };
const char* staffRoleName(StaffRole role);  // "worker" | "community" | "street" | "department"

// Returns the reach order for a contact: its own `channels` if set, else the street's
// contact_channels for the role, else the built-in order (workers: worker_channel first, then
// the other chat channel, then SMS; everyone else: wecom_app, onebot, sms).
std::vector<std::string> reachOrder(const Street& street, StaffRole role,
                                    const std::vector<std::string>& own,
                                    Channel worker_channel);

// Returns one private message per channel of `order` the contact has an address for (WeCom
// userid, OneBot user id, a mobile number), in that order; empty when nothing can reach it.
std::vector<OutboundMessage> staffRoutes(const Contact& contact, const std::vector<std::string>& order,
                                         const std::string& text);

// Returns the contact fields of a worker, so workers and contacts share one reach rule.
Contact contactOf(const Worker& w);

// Returns one line per staff contact nothing can reach ("community binhe: 吕玉珍: no WeCom
// userid, no OneBot id, no mobile number"), for `gridgate check`. A department is reachable when
// any one of its contacts is (pages go to the first that is), so only a department none of whose
// contacts can be reached is listed.
std::vector<std::string> unreachableContacts(const Org& org, Channel worker_channel);

}  // namespace gg
