#include "bot/notifier.h"

#include "bot/outbox_queue.h"
#include "core/phone_kind.h"

namespace gg {

namespace {

Status queueForTicket(Tx& tx, const OutboundMessage& msg, const std::string& key, int64_t ticket_id,
                      const std::string& community_id, const std::string& grid_id, int lane, Millis now) {
  return queueOutbound(tx, msg, key, {SourceKind::kTicket, ticket_id, community_id, grid_id, lane}, now).status();
}

bool sameContact(const Contact& a, const Contact& b) {
  return a.name == b.name && a.phone == b.phone && a.wecom_userid == b.wecom_userid &&
         a.onebot_user_id == b.onebot_user_id;
}

}  // namespace

int Notifier::laneFor(Tx& tx, int64_t ticket_id, int usual) const {
  if (ticket_id == 0) return usual;
  auto t = tx.tickets().get(ticket_id);
  if (!t.isOk() || !t->has_value()) return usual;
  const auto& ticket = **t;
  if (ticket.urgency == Urgency::kEmergency && ticket.accepted_at == 0 && ticket.closed_at == 0) {
    return kLaneEmergency;
  }
  return usual;
}

StaffRole Notifier::roleOf(const Contact& c, const std::string& community_id) const {
  if (sameContact(c, org_.org().street.contact)) return StaffRole::kStreet;
  if (const Community* cm = org_.community(community_id); cm && sameContact(c, cm->contact)) {
    return StaffRole::kCommunity;
  }
  for (const auto& cm : org_.org().communities) {
    if (sameContact(c, cm.contact)) return StaffRole::kCommunity;
  }
  return StaffRole::kDepartment;
}

Status Notifier::toResident(Tx& tx, const ResidentAddress& to, const std::string& text,
                            const std::string& key, int64_t ticket_id, Millis now) const {
  OutboundMessage m;
  m.text = text;
  std::string community, grid;
  if (to.channel == Channel::kWeb) {
    // The page has no chat to answer in: the first answer is kept on the message (the HTTP
    // response shows it); a resident who left a mobile number also gets it, and every later
    // update, by SMS. Nothing is ever queued for the page itself.
    if (!to.reply_to.empty()) {
      GG_RETURN_IF_ERROR(tx.messages().recordReply(Channel::kWeb, kWebAccount, to.reply_to, text));
    }
    const std::string mobile = mobileForSms(to.user_id);
    if (mobile.empty()) return Status::ok();
    m.channel = Channel::kSms;
    m.target_kind = TargetKind::kPhone;
    m.target = mobile;
  } else if (to.channel == Channel::kHotline || to.channel == Channel::kSms) {
    m.channel = Channel::kSms;
    m.target_kind = TargetKind::kPhone;
    m.target = to.user_id;
  } else if (to.channel == Channel::kWeCom) {
    // WeCom residents reach the bot through the app; answers go back the same way.
    m.channel = Channel::kWeComApp;
    m.target_kind = TargetKind::kUser;
    m.target = to.user_id;
  } else if (to.chat_type == ChatType::kGroup) {
    m.channel = Channel::kOneBot;
    m.target_kind = TargetKind::kGroup;
    m.target = to.group_id;
    m.mention_user_ids = {to.user_id};
    m.reply_to = to.reply_to;
    if (const Grid* g = org_.gridForGroup(Channel::kOneBot, to.group_id)) {
      grid = g->id;
      community = g->community_id;
    }
  } else {
    m.channel = Channel::kOneBot;
    m.target_kind = TargetKind::kUser;
    m.target = to.user_id;
  }
  return queueForTicket(tx, m, key, ticket_id, community, grid, laneFor(tx, ticket_id, kLaneInteractive), now);
}

Status Notifier::toWorker(Tx& tx, const std::string& worker_id, const std::string& text,
                          const std::string& key, int64_t ticket_id, Millis now) const {
  const Worker* w = org_.worker(worker_id);
  if (!w) return notFound("no worker \"" + worker_id + "\"");
  const Grid* g = org_.grid(w->grid_id);
  const std::string community = g ? g->community_id : "";
  const int lane = laneFor(tx, ticket_id, kLaneStaff);
  auto id = queueToContact(tx, contactOf(*w), StaffRole::kWorker, text, key,
                           {SourceKind::kTicket, ticket_id, community, "", lane}, now);
  return id.status();
}

std::vector<OutboundMessage> Notifier::contactRoutes(const Contact& c, StaffRole role,
                                                    const std::string& text) const {
  return staffRoutes(c, reachOrder(org_.org().street, role, c.channels, worker_channel_), text);
}

Result<int64_t> Notifier::queueToContact(Tx& tx, const Contact& c, StaffRole role,
                                         const std::string& text, const std::string& key,
                                         const OutboxSource& source, Millis now) const {
  const auto routes = contactRoutes(c, role, text);
  // A contact with no way to reach them: `gridgate check` lists it; the dashboard still shows
  // the ticket.
  if (routes.empty()) return int64_t{0};
  return queueWithFallbacks(tx, routes, key, source, now);
}

Status Notifier::toContact(Tx& tx, const Contact& c, const std::string& text,
                           const std::string& key, int64_t ticket_id,
                           const std::string& community_id, Millis now) const {
  const int lane = laneFor(tx, ticket_id, kLaneStaff);
  return queueToContact(tx, c, roleOf(c, community_id), text, key,
                        {SourceKind::kTicket, ticket_id, community_id, "", lane}, now)
      .status();
}

Status Notifier::toAssignee(Tx& tx, AssigneeKind kind, const std::string& id,
                            const std::string& text, const std::string& key, int64_t ticket_id,
                            Millis now) const {
  if (kind == AssigneeKind::kWorker) return toWorker(tx, id, text, key, ticket_id, now);
  if (kind == AssigneeKind::kCommunity) {
    if (const Community* c = org_.community(id)) return toContact(tx, c->contact, text, key, ticket_id, id, now);
  } else if (kind == AssigneeKind::kStreet) {
    return toContact(tx, org_.org().street.contact, text, key, ticket_id, "", now);
  } else if (kind == AssigneeKind::kDepartment) {
    if (const Department* d = org_.department(id)) {
      // The first contact something can reach: a duty room with only a landline is skipped for
      // the next person on the list rather than paged by an SMS nobody receives.
      const int lane = laneFor(tx, ticket_id, kLaneStaff);
      for (const auto& contact : d->contacts) {
        auto queued = queueToContact(tx, contact, StaffRole::kDepartment, text, key,
                                     {SourceKind::kTicket, ticket_id, "", "", lane}, now);
        if (!queued.isOk()) return queued.status();
        if (*queued != 0) break;
      }
    }
  }
  return Status::ok();
}

}  // namespace gg
