#include "tests/fakes/signing.h"

#include <httplib.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "adapters/crypto.h"
#include "adapters/onebot/onebot_event.h"
#include "adapters/wecom/wecom_crypt.h"

namespace gg::fakes {

std::string signOneBotBody(const std::string& secret, const std::string& body) {
  return oneBotSignature(secret, body);
}

std::string oneBotGroupEvent(int64_t self_id, int64_t group_id, int64_t user_id, int64_t message_id,
                             const std::string& message, const std::string& nickname,
                             const std::string& card, int64_t time_s) {
  nlohmann::json ev = {
      {"time", time_s},
      {"self_id", self_id},
      {"post_type", "message"},
      {"message_type", "group"},
      {"sub_type", "normal"},
      {"message_id", message_id},
      {"group_id", group_id},
      {"user_id", user_id},
      {"anonymous", nullptr},
      {"message", message},
      {"raw_message", message},
      {"font", 0},
      {"sender",
       {{"user_id", user_id}, {"nickname", nickname}, {"card", card}, {"role", "member"}}}};
  return ev.dump();
}

std::string oneBotPrivateEvent(int64_t self_id, int64_t user_id, int64_t message_id,
                               const std::string& message, int64_t time_s) {
  nlohmann::json ev = {{"time", time_s},
                       {"self_id", self_id},
                       {"post_type", "message"},
                       {"message_type", "private"},
                       {"sub_type", "friend"},
                       {"message_id", message_id},
                       {"user_id", user_id},
                       {"message", message},
                       {"raw_message", message},
                       {"font", 0},
                       {"sender", {{"user_id", user_id}, {"nickname", "居民"}}}};
  return ev.dump();
}

std::string weComTextXml(const std::string& corp_id, const std::string& from_user,
                         const std::string& content, const std::string& msg_id,
                         int64_t create_time_s) {
  return "<xml><ToUserName><![CDATA[" + corp_id + "]]></ToUserName>\n<FromUserName><![CDATA[" +
         from_user + "]]></FromUserName>\n<CreateTime>" + std::to_string(create_time_s) +
         "</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[" + content +
         "]]></Content>\n<MsgId>" + msg_id + "</MsgId>\n<AgentID>1</AgentID>\n</xml>";
}

WeComCallback encryptWeComCallback(const std::string& token, const std::string& aes_key,
                                   const std::string& corp_id, const std::string& inner_xml,
                                   const std::string& timestamp, const std::string& nonce,
                                   const std::string& path) {
  auto crypt = WeComCrypt::create(token, aes_key, corp_id);
  if (!crypt.isOk()) std::abort();
  auto encrypted = crypt->encrypt(inner_xml, randomBytes(16));
  if (!encrypted.isOk()) std::abort();
  WeComCallback cb;
  cb.target = path + "?msg_signature=" + crypt->signature(timestamp, nonce, *encrypted) +
              "&timestamp=" + httplib::detail::encode_query_param(timestamp) +
              "&nonce=" + httplib::detail::encode_query_param(nonce);
  cb.body = "<xml><ToUserName><![CDATA[" + corp_id + "]]></ToUserName><Encrypt><![CDATA[" +
            *encrypted + "]]></Encrypt><AgentID><![CDATA[1]]></AgentID></xml>";
  return cb;
}

std::string hotlineCallJson(const std::string& call_id, const std::string& caller,
                            const std::string& caller_text, const std::string& started_at) {
  nlohmann::json call = {{"call_id", call_id},
                         {"caller", caller},
                         {"started_at", started_at},
                         {"segments",
                          {{{"speaker", "agent"},
                            {"text", "您好，这里是街道热线"},
                            {"start_ms", 0},
                            {"end_ms", 1500},
                            {"final", true}},
                           {{"speaker", "caller"},
                            {"text", caller_text},
                            {"start_ms", 1600},
                            {"end_ms", 5000},
                            {"final", true}}}}};
  return call.dump();
}

}  // namespace gg::fakes
