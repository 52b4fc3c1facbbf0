#include "bot/notifier.h"

#include "bot/outbox_queue.h"

namespace gg {

namespace {

Status queueForTicket(Tx& tx, const OutboundMessage& msg, const std::string& key, int64_t ticket_id,
                      const std::string& community_id, const std::string& grid_id, Millis now) {
  return queueOutbound(tx, msg, key, {"ticket", ticket_id, community_id, grid_id}, now).status();
}

}  // namespace

Status Notifier::toResident(Tx& tx, const ResidentAddress& to, const std::string& text,
                            const std::string& key, int64_t ticket_id, Millis now) const {
  OutboundMessage m;
  m.text = text;
  std::string community, grid;
  if (to.channel == "hotline") {
    m.channel = "sms";
    m.target_kind = "phone";
    m.target = to.user_id;
  } else if (to.channel == "wecom") {
    // WeCom residents reach the bot through the app; answers go back the same way.
    m.channel = "wecom_app";
    m.target_kind = "user";
    m.target = to.user_id;
  } else if (to.chat_type == "group") {
    m.channel = "onebot";
    m.target_kind = "group";
    m.target = to.group_id;
    m.mention_user_ids = {to.user_id};
    m.reply_to = to.reply_to;
    if (const Grid* g = org_.gridForGroup("onebot", to.group_id)) {
      grid = g->id;
      community = g->community_id;
    }
  } else {
    m.channel = "onebot";
    m.target_kind = "user";
    m.target = to.user_id;
  }
  return queueForTicket(tx, m, key, ticket_id, community, grid, now);
}

Status Notifier::toWorker(Tx& tx, const std::string& worker_id, const std::string& text,
                          const std::string& key, int64_t ticket_id, Millis now) const {
  const Worker* w = org_.worker(worker_id);
  if (!w) return notFound("no worker \"" + worker_id + "\"");
  const Grid* g = org_.grid(w->grid_id);
  Contact c{w->name, w->phone, w->wecom_userid, w->onebot_user_id};
  return toContact(tx, c, text, key, ticket_id, g ? g->community_id : "", now);
}

std::optional<OutboundMessage> Notifier::contactMessage(const Contact& c, const std::string& text) const {
  OutboundMessage m;
  m.text = text;
  m.target_kind = "user";
  const bool wecom = (worker_channel_ == "wecom_app" && !c.wecom_userid.empty()) || c.onebot_user_id.empty();
  if (wecom && !c.wecom_userid.empty()) {
    m.channel = "wecom_app";
    m.target = c.wecom_userid;
  } else if (!c.onebot_user_id.empty()) {
    m.channel = "onebot";
    m.target = c.onebot_user_id;
  } else if (!c.phone.empty()) {
    m.channel = "sms";
    m.target_kind = "phone";
    m.target = c.phone;
  } else {
    return std::nullopt;
  }
  return m;
}

Status Notifier::toContact(Tx& tx, const Contact& c, const std::string& text,
                           const std::string& key, int64_t ticket_id,
                           const std::string& community_id, Millis now) const {
  auto m = contactMessage(c, text);
  if (!m) return Status::ok();  // a contact with no way to reach them: the dashboard still shows it
  return queueForTicket(tx, *m, key, ticket_id, community_id, "", now);
}

Status Notifier::toAssignee(Tx& tx, const std::string& kind, const std::string& id,
                            const std::string& text, const std::string& key, int64_t ticket_id,
                            Millis now) const {
  if (kind == "worker") return toWorker(tx, id, text, key, ticket_id, now);
  if (kind == "community") {
    if (const Community* c = org_.community(id)) return toContact(tx, c->contact, text, key, ticket_id, id, now);
  } else if (kind == "street") {
    return toContact(tx, org_.org().street.contact, text, key, ticket_id, "", now);
  } else if (kind == "department") {
    if (const Department* d = org_.department(id)) {
      for (size_t i = 0; i < d->contacts.size() && i < 1; ++i) {
        GG_RETURN_IF_ERROR(toContact(tx, d->contacts[i], text, key, ticket_id, "", now));
      }
    }
  }
  return Status::ok();
}

std::string Notifier::describeAssignee(const std::string& kind, const std::string& id) const {
  if (kind == "worker") {
    if (const Worker* w = org_.worker(id)) {
      const Grid* g = org_.grid(w->grid_id);
      return "网格员" + w->name + (g ? "（" + g->name + "）" : "");
    }
  } else if (kind == "community") {
    if (const Community* c = org_.community(id)) return c->name;
  } else if (kind == "street") {
    return org_.org().street.name + "指挥中心";
  } else if (kind == "department") {
    if (const Department* d = org_.department(id)) return d->name;
  }
  return id;
}

}  // namespace gg
