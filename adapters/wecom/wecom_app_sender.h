#pragma once
// Direct messages to grid workers through the WeCom app API: GET /cgi-bin/gettoken (token cached
// and refreshed before expiry, or at once on errcode 40014 / 42001 followed by one retry), then
// POST /cgi-bin/message/send?access_token=... {"touser", "msgtype", "agentid", ...}.
// Idempotency: WeCom has no per-message key, only enable_duplicate_check (same content to the
// same user within duplicate_check_interval is dropped by the platform); it is on by default so
// a resend after a crash between send and mark does not reach the worker twice.

#include <mutex>
#include <string>

#include "adapters/http_call.h"
#include "bot/sender.h"
#include "core/clock.h"

namespace gg {

class WeComAppSender : public Sender {
 public:
  struct Options {
    HttpTimeouts timeouts;
    bool duplicate_check = true;
    int duplicate_check_interval_s = 1800;
  };

  // api_base e.g. "https://qyapi.weixin.qq.com"; clock must outlive the sender.
  WeComAppSender(std::string api_base, std::string corp_id, std::string corp_secret,
                 int64_t agent_id, const Clock& clock, Options options);
  WeComAppSender(std::string api_base, std::string corp_id, std::string corp_secret,
                 int64_t agent_id, const Clock& clock)
      : WeComAppSender(std::move(api_base), std::move(corp_id), std::move(corp_secret), agent_id,
                       clock, Options{}) {}

  // Sender. target_kind "user": target is a userid (or "a|b"). Text or markdown content.
  // gettoken failures: transport/5xx/-1 -> kRetry, 40001/40013 etc. -> kPermanent.
  // platform_msg_id = msgid.
  SendOutcome send(const OutboundMessage& msg, const std::string& idempotency_key) override;

  // Drops the cached token (the next send fetches a new one).
  void invalidateToken();

 private:
  // Returns a valid token, fetching one if needed; on failure fills *failure.
  std::string token(SendOutcome* failure);
  SendOutcome sendOnce(const std::string& token, const std::string& body, bool* token_invalid);

  std::string api_base_;
  std::string corp_id_;
  std::string corp_secret_;
  int64_t agent_id_;
  const Clock& clock_;
  Options options_;
  std::mutex mu_;
  std::string token_;
  Millis refresh_at_ = 0;
};

}  // namespace gg
