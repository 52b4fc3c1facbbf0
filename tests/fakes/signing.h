#pragma once
// Helpers for tests (including the lead's end-to-end tests) to build realistic signed inbound
// requests: OneBot events with X-Signature, WeCom callbacks encrypted and signed like WeCom
// does, hotline calls.

#include <cstdint>
#include <string>

namespace gg::fakes {

// Returns the X-Signature header value ("sha1=<hex>") for body under secret.
std::string signOneBotBody(const std::string& secret, const std::string& body);

// Returns a compact OneBot v11 group message event. message is a CQ string (sent verbatim).
std::string oneBotGroupEvent(int64_t self_id, int64_t group_id, int64_t user_id, int64_t message_id,
                             const std::string& message, const std::string& nickname = "居民",
                             const std::string& card = "", int64_t time_s = 1700000000);

// Returns a OneBot v11 private message event.
std::string oneBotPrivateEvent(int64_t self_id, int64_t user_id, int64_t message_id,
                               const std::string& message, int64_t time_s = 1700000000);

// Returns the decrypted form of a WeCom text message callback.
std::string weComTextXml(const std::string& corp_id, const std::string& from_user,
                         const std::string& content, const std::string& msg_id,
                         int64_t create_time_s = 1700000000);

struct WeComCallback {
  std::string target;  // path + "?msg_signature=..&timestamp=..&nonce=.."
  std::string body;    // the XML envelope with <Encrypt>
};

// Encrypts inner_xml with (token, aes_key, corp_id) and signs it, like WeCom's servers. Aborts
// on a malformed aes_key (test misuse).
WeComCallback encryptWeComCallback(const std::string& token, const std::string& aes_key,
                                   const std::string& corp_id, const std::string& inner_xml,
                                   const std::string& timestamp, const std::string& nonce,
                                   const std::string& path = "/hooks/wecom");

// Returns one hotline call JSON line with a single final caller segment (and an agent line).
std::string hotlineCallJson(const std::string& call_id, const std::string& caller,
                            const std::string& caller_text,
                            const std::string& started_at = "2026-05-01T09:00:00+08:00");

}  // namespace gg::fakes
