#include "bot/chat_routes.h"

#include "core/log.h"

namespace gg {
namespace {

// Routes are kept per group and per private user; any other target is looked up as a user.
TargetKind routeKind(TargetKind kind) { return kind == TargetKind::kGroup ? kind : TargetKind::kUser; }

}  // namespace

ChatRoutes::ChatRoutes(Store& store, std::map<std::string, std::string> configured)
    : store_(store), configured_(std::move(configured)) {}

std::string ChatRoutes::accountFor(Channel channel, TargetKind target_kind,
                                   const std::string& target) {
  const TargetKind kind = routeKind(target_kind);
  if (kind == TargetKind::kGroup) {
    auto c = configured_.find(target);
    if (c != configured_.end()) return c->second;
  }
  const std::string k = key(channel, kind, target);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(k);
    if (it != cache_.end()) return it->second;
  }
  std::string self_id;
  Status s = store_.read([&](Tx& tx) -> Status {
    auto r = tx.channels().route(channel, kind, target);
    if (!r.isOk()) return r.status();
    if (r->has_value()) self_id = (*r)->self_id;
    return Status::ok();
  });
  if (!s.isOk()) {
    log::warn("chat routes: cannot read route: {}", s.message());
    return "";
  }
  if (!self_id.empty()) {
    std::lock_guard<std::mutex> lock(mu_);
    cache_[k] = self_id;
  }
  return self_id;
}

Status ChatRoutes::noteInbound(const InboundEnvelope& env) {
  if (env.account.empty() || env.from_self) return Status::ok();
  const bool group = env.chat_type == ChatType::kGroup;
  if (!group && env.chat_type != ChatType::kPrivate) return Status::ok();
  // The envelope says "private" for the chat the outbox addresses as a user.
  const TargetKind kind = group ? TargetKind::kGroup : TargetKind::kUser;
  const std::string target = group ? env.group_id : env.sender_id;
  if (target.empty()) return Status::ok();
  const std::string k = key(env.channel, kind, target);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(k);
    if (it != cache_.end() && it->second == env.account) return Status::ok();
  }
  ChatRouteRecord rec;
  rec.channel = env.channel;
  rec.kind = kind;
  rec.target = target;
  rec.self_id = env.account;
  rec.bound = true;
  rec.last_message_at = env.sent_at;
  GG_RETURN_IF_ERROR(store_.write([&](Tx& tx) { return tx.channels().touchRoute(rec); }));
  std::lock_guard<std::mutex> lock(mu_);
  cache_[k] = env.account;
  return Status::ok();
}

}  // namespace gg
