#include "bot/group_gate.h"

#include "core/log.h"
#include "core/text.h"

namespace gg {

GroupGate::GroupGate(Store& store, const OrgIndex& org, Clock& clock, ChatRoutes& routes,
                     InboundSink& next)
    : store_(store), org_(org), clock_(clock), routes_(routes), next_(next) {}

Status GroupGate::accept(const InboundEnvelope& env) {
  if (env.chat_type == ChatType::kGroup && !env.group_id.empty() &&
      org_.gridForGroup(env.channel, env.group_id) == nullptr) {
    return storeUnbound(env);
  }
  GG_RETURN_IF_ERROR(next_.accept(env));
  // The message is committed; a failure to remember the route only costs the cache a retry.
  Status noted = routes_.noteInbound(env);
  if (!noted.isOk()) log::warn("chat routes: {}", noted.message());
  return Status::ok();
}

Status GroupGate::storeUnbound(const InboundEnvelope& env) {
  if (env.platform_msg_id.empty()) return invalidArgument("message needs a platform message id");
  if (!isValidUtf8(env.text)) return invalidArgument("message text is not valid UTF-8");
  const Millis now = clock_.now();
  bool is_new = false;
  GG_RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    auto ins = tx.messages().insert(env, now);
    if (!ins.isOk()) return ins.status();
    if (!ins->is_new) return Status::ok();  // redelivery: stored and counted already
    is_new = true;
    MessageRecord rec;
    rec.id = ins->id;
    rec.envelope = env;
    rec.received_at = now;
    rec.decision = Decision::kUnknownGroup;
    GG_RETURN_IF_ERROR(tx.messages().annotate(rec));
    ChatRouteRecord route;
    route.channel = env.channel;
    route.kind = TargetKind::kGroup;
    route.target = env.group_id;
    route.self_id = env.account;
    route.bound = false;
    route.last_message_at = now;
    route.messages = 1;
    return tx.channels().touchRoute(route);
  }));
  if (is_new) {
    log::info("unknown group channel={} group={} account={}: stored, not answered", toString(env.channel),
              env.group_id, env.account);
  }
  return Status::ok();
}

}  // namespace gg
