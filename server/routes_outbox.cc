#include "server/routes_outbox.h"

#include "bot/outbox_retry.h"

namespace gg {

void registerOutboxRoutes(ApiServer& server, AppContext& ctx, Dispatcher& dispatcher) {
  server.postAuthed("/api/outbox/retry", [&ctx, &dispatcher](const httplib::Request& req, httplib::Response& res,
                                                             const Principal& p) {
    if (p.role != Role::kAdmin && p.role != Role::kStreet) {
      return replyError(res, permissionDenied("re-driving the outbox needs an admin or street token"));
    }
    auto body = parseJsonBody(req);
    if (!body.isOk()) return replyError(res, body.status());
    auto r = parseRetryRequest(*body);
    if (!r.isOk()) return replyError(res, r.status());
    auto ids = redriveOutbox(*ctx.store, *r, ctx.clock->now(), dispatcher.retryHorizon(r->channel));
    if (!ids.isOk()) return replyError(res, ids.status());
    if (!ids->empty()) dispatcher.wake();
    replyJson(res, 200, {{"redriven", *ids}, {"count", ids->size()}});
  });
}

}  // namespace gg
