#include "adapters/wecom/wecom_crypt.h"

#include <gtest/gtest.h>

#include <set>

#include "adapters/crypto.h"
#include "adapters/wecom/replay_guard.h"
#include "adapters/wecom/wecom_message.h"
#include "core/text.h"
#include "tests/adapters/shared_vectors.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

const char* kKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";  // any 43 alnum chars work

WeComCrypt make(const std::string& receive_id = "wwcorp") {
  auto c = WeComCrypt::create("tok", kKey, receive_id);
  EXPECT_OK(c);
  return std::move(c).value();
}

TEST(WeComCrypt, SelfMadeRoundTrip) {
  WeComCrypt c = make();
  for (std::string msg : {std::string(), std::string("hello"), std::string("你好，电梯坏了"),
                          std::string(100, 'x'), std::string(12, 'y')}) {
    auto enc = c.encrypt(msg, "0123456789abcdef");
    ASSERT_OK(enc);
    auto dec = c.decrypt(*enc);
    ASSERT_OK(dec);
    EXPECT_EQ(*dec, msg);
    std::string raw = *base64Decode(*enc);
    EXPECT_EQ(raw.size() % 32, 0u);  // 32-byte PKCS#7, never AES's 16
  }
}

TEST(WeComCrypt, SelfMadeSignatureSortsInputs) {
  WeComCrypt c = make();
  // sort("tok","1","n","E") = "1","E","n","tok"
  EXPECT_EQ(c.signature("1", "n", "E"), toHex(sha1("1Entok")));
  EXPECT_OK(c.verifySignature(c.signature("1", "n", "E"), "1", "n", "E"));
  EXPECT_EQ(c.verifySignature(c.signature("1", "n", "E"), "2", "n", "E").code(),
            Code::kUnauthenticated);
}

TEST(WeComCrypt, SelfMadeEnvelopeAndHostileCases) {
  WeComCrypt c = make();
  auto enc = *c.encrypt("<xml><Content>hi</Content></xml>", "0123456789abcdef");
  std::string env = "<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><Encrypt><![CDATA[" + enc +
                    "]]></Encrypt></xml>";
  std::string sig = c.signature("100", "n1", enc);
  auto ok = c.decryptEnvelope(sig, "100", "n1", env);
  ASSERT_OK(ok);
  EXPECT_EQ(*ok, "<xml><Content>hi</Content></xml>");

  // Bad signature.
  EXPECT_EQ(c.decryptEnvelope(std::string(40, '0'), "100", "n1", env).status().code(),
            Code::kUnauthenticated);
  // Malformed XML and missing Encrypt.
  EXPECT_EQ(c.decryptEnvelope(sig, "100", "n1", "<xml><Encrypt>").status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(c.decryptEnvelope(sig, "100", "n1", "<xml></xml>").status().code(),
            Code::kInvalidArgument);
  // Wrong receive id: same key, other corp.
  WeComCrypt other = make("wwother");
  EXPECT_EQ(other.decrypt(enc).status().code(), Code::kUnauthenticated);
  // Truncated ciphertext (one 32-byte block less, and a non-multiple).
  std::string raw = *base64Decode(enc);
  EXPECT_EQ(c.decrypt(base64Encode(raw.substr(0, raw.size() - 32))).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(c.decrypt(base64Encode(raw.substr(0, raw.size() - 5))).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(c.decrypt("!!notbase64!!").status().code(), Code::kInvalidArgument);
}

TEST(WeComCrypt, BadPaddingIsRejected) {
  WeComCrypt c = make();
  std::string key = *base64Decode(std::string(kKey) + "=");
  // A plaintext block ending in 0x00 (pad 0) and one ending in 0x21 (pad 33): both invalid.
  for (char last : {'\x00', '\x21'}) {
    std::string plain(64, 'a');
    plain.back() = last;
    auto cipher = aes256CbcEncryptRaw(key, key.substr(0, 16), plain);
    ASSERT_OK(cipher);
    EXPECT_EQ(c.decrypt(base64Encode(*cipher)).status().code(), Code::kInvalidArgument);
  }
  // Pad value 4 but the preceding pad bytes differ.
  std::string plain(64, 'a');
  plain.back() = '\x04';
  auto cipher = aes256CbcEncryptRaw(key, key.substr(0, 16), plain);
  EXPECT_EQ(c.decrypt(base64Encode(*cipher)).status().code(), Code::kInvalidArgument);
  // Length field larger than the buffer.
  std::string lying(16, 'r');
  lying += std::string("\x7f\xff\xff\xff", 4);
  lying += "wwcorp";
  lying.append(32 - lying.size() % 32, static_cast<char>(32 - lying.size() % 32));
  cipher = aes256CbcEncryptRaw(key, key.substr(0, 16), lying);
  EXPECT_EQ(c.decrypt(base64Encode(*cipher)).status().code(), Code::kInvalidArgument);
}

TEST(WeComCrypt, KeyValidation) {
  EXPECT_FALSE(WeComCrypt::create("t", std::string(42, 'a'), "c").isOk());
  EXPECT_FALSE(WeComCrypt::create("t", std::string(44, 'a'), "c").isOk());
  EXPECT_FALSE(WeComCrypt::create("t", std::string(42, 'a') + "+", "c").isOk());
  EXPECT_FALSE(WeComCrypt::create("", kKey, "c").isOk());
  EXPECT_OK(validateEncodingAesKey(kKey));
}

TEST(WeComCrypt, OfficialVectors) {
  auto v = testing::loadProtocolVectors("wecom_crypto.json");
  if (!v) GTEST_SKIP() << "GRIDGATE_SHARED_DIR not available";
  const auto& a = (*v)["sets"][0];
  auto c = WeComCrypt::create(a["token"], a["encoding_aes_key"].get<std::string>(), a["corp_id"]);
  ASSERT_OK(c);
  const auto& vu = a["verify_url"];
  auto echo =
      c->verifyUrl(vu["msg_signature"].get<std::string>(), vu["timestamp"].get<std::string>(),
                   vu["nonce"].get<std::string>(), vu["echostr"].get<std::string>());
  ASSERT_OK(echo);
  EXPECT_EQ(*echo, vu["expected_reply_body"].get<std::string>());

  const auto& dp = a["decrypt_post"];
  for (const char* body_key : {"post_body_xml", "post_body_xml_with_agentid"}) {
    auto plain = c->decryptEnvelope(
        dp["msg_signature"].get<std::string>(), dp["timestamp"].get<std::string>(),
        dp["nonce"].get<std::string>(), dp[body_key].get<std::string>());
    ASSERT_OK(plain);
    EXPECT_EQ(*plain, dp["expected_plaintext"].get<std::string>());
    auto msg = parseWeComMessage(*plain, a["corp_id"]);
    ASSERT_OK(msg);
    EXPECT_EQ((*msg)->text, "hello");
    EXPECT_EQ((*msg)->platform_msg_id, "4561255354251345929");
    EXPECT_EQ((*msg)->sender_id, "mycreate");
    EXPECT_EQ((*msg)->account, "wx5823bf96d3bd56c7");
    EXPECT_EQ((*msg)->sent_at, 1409659813000);
  }
  // Negative cases from the vector file.
  EXPECT_EQ(
      c->verifyUrl("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4", vu["timestamp"].get<std::string>(),
                   vu["nonce"].get<std::string>(), vu["echostr"].get<std::string>())
          .status()
          .code(),
      Code::kUnauthenticated);
  auto wrong = WeComCrypt::create(a["token"], a["encoding_aes_key"].get<std::string>(),
                                  "wx5823bf96d3bd56c8");
  EXPECT_EQ(wrong->decrypt(dp["encrypt"].get<std::string>()).status().code(),
            Code::kUnauthenticated);

  // Set C: deterministic encryption.
  const auto& setc = (*v)["sets"][1];
  auto mp = WeComCrypt::create(setc["token"], setc["encoding_aes_key"].get<std::string>(),
                               setc["app_id"]);
  ASSERT_OK(mp);
  for (const auto& kase : setc["encrypt_cases"]) {
    auto enc = mp->encrypt(kase["msg"].get<std::string>(), kase["random16"].get<std::string>());
    ASSERT_OK(enc);
    EXPECT_EQ(*enc, kase["expected_encrypt"].get<std::string>());
    EXPECT_EQ(
        mp->signature(setc["timestamp"].get<std::string>(), setc["nonce"].get<std::string>(), *enc),
        kase["derived_msg_signature"].get<std::string>());
    EXPECT_EQ(*mp->decrypt(*enc), kase["msg"].get<std::string>());
  }
}

TEST(ReplayGuard, WindowAndNonce) {
  FakeClock clock(1'700'000'000'000);
  ReplayGuard g(300, clock);
  EXPECT_OK(g.check("1700000000", "a"));
  EXPECT_OK(g.check("1700000000", "a"));  // checked, never committed: WeCom's retry gets in
  EXPECT_OK(g.commit("a"));
  EXPECT_EQ(g.check("1700000000", "a").code(), Code::kUnauthenticated);  // nonce reused
  EXPECT_OK(g.check("1700000100", "b"));
  EXPECT_EQ(g.check("1699999000", "c").code(), Code::kUnauthenticated);  // too old
  EXPECT_EQ(g.check("1700001000", "d").code(), Code::kUnauthenticated);  // too far ahead
  EXPECT_EQ(g.check("17x", "e").code(), Code::kInvalidArgument);
  ReplayGuard off(0, clock);
  EXPECT_OK(off.check("1409659813", "n"));
  EXPECT_OK(off.check("1409659813", "n"));
}

// With a ledger the guard asks it (the database in serve); a ledger that cannot be written
// refuses the callback (503, WeCom retries) rather than risk a replay.
class MapLedger : public NonceLedger {
 public:
  Result<bool> seen(const std::string& key, Millis) override {
    if (broken) return unavailable("disk I/O error");
    return keys.count(key) != 0;
  }
  Result<bool> remember(const std::string& key, Millis, Millis) override {
    if (broken) return unavailable("disk I/O error");
    return keys.insert(key).second;
  }
  std::set<std::string> keys;
  bool broken = false;
};

TEST(ReplayGuard, NoncesGoToTheLedger) {
  FakeClock clock(1'700'000'000'000);
  MapLedger ledger;
  ReplayGuard g(300, clock, &ledger);
  EXPECT_OK(g.check("1700000000", "a"));
  EXPECT_EQ(ledger.keys.count("wecom:a"), 0u);  // only checked
  EXPECT_OK(g.commit("a"));
  EXPECT_EQ(ledger.keys.count("wecom:a"), 1u);
  ReplayGuard restarted(300, clock, &ledger);  // a new process, same ledger
  EXPECT_EQ(restarted.check("1700000000", "a").code(), Code::kUnauthenticated);
  ledger.broken = true;
  EXPECT_EQ(restarted.check("1700000000", "b").code(), Code::kUnavailable);
  EXPECT_EQ(restarted.commit("b").code(), Code::kUnavailable);
}

// fuzz/wecom_xml_fuzz: a CreateTime of 19 digits overflowed into milliseconds (UBSan: signed
// overflow). Out of range is now absent (sent_at 0, the receive time is used); a real one stays.
TEST(WeComMessage, CreateTimeOutOfRangeIsIgnoredNotOverflowed) {
  auto xml = [](const std::string& created) {
    return "<xml><ToUserName>c</ToUserName><FromUserName>resident-zhang</FromUserName><CreateTime>" + created +
           "</CreateTime><MsgType>text</MsgType><Content>路灯坏了</Content><MsgId>7001</MsgId></xml>";
  };
  for (const char* bad : {"00000000000000004612422350483859007", "9223372036854775807", "-5", "0", "4102444801"}) {
    auto m = parseWeComMessage(xml(bad), "c");
    ASSERT_OK(m);
    ASSERT_TRUE(m->has_value()) << bad;
    EXPECT_EQ((*m)->sent_at, 0) << bad;
  }
  auto ok = parseWeComMessage(xml("1700000000"), "c");
  ASSERT_OK(ok);
  ASSERT_TRUE(ok->has_value());
  EXPECT_EQ((*ok)->sent_at, 1700000000000);
}

TEST(WeComMessage, EventsIgnoredAndFieldsChecked) {
  auto ev = parseWeComMessage("<xml><ToUserName>c</ToUserName><MsgType>event</MsgType></xml>", "c");
  ASSERT_OK(ev);
  EXPECT_FALSE(ev->has_value());
  EXPECT_FALSE(parseWeComMessage("<xml><ToUserName>x</ToUserName><MsgType>text</MsgType>"
                                 "<MsgId>1</MsgId><FromUserName>u</FromUserName></xml>",
                                 "c")
                   .isOk());
  EXPECT_FALSE(parseWeComMessage("<xml><ToUserName>c</ToUserName><MsgType>text</MsgType>"
                                 "<FromUserName>u</FromUserName></xml>",
                                 "c")
                   .isOk());
  EXPECT_FALSE(parseWeComMessage("<xml><Content>\xff</Content></xml>", "c").isOk());
  EXPECT_FALSE(parseWeComMessage("<xml", "c").isOk());
}

TEST(WeComMessage, UserIdsAndMsgIdsFollowThePlatformRules) {
  auto msg = [](const std::string& from, const std::string& id) {
    return "<xml><ToUserName>c</ToUserName><MsgType>text</MsgType><Content>x</Content><MsgId>" +
           id + "</MsgId><FromUserName>" + from + "</FromUserName></xml>";
  };
  EXPECT_OK(parseWeComMessage(msg("Zhang.San_01@x-y", "4561255354251345929"), "c"));
  EXPECT_OK(parseWeComMessage(msg(std::string(64, 'a'), "1"), "c"));
  for (const std::string& from : {std::string(65, 'a'), std::string(100000, 'a'),
                                  std::string("张三"), std::string("a b"), std::string("a<b")}) {
    auto r = parseWeComMessage(msg(from, "1"), "c");
    EXPECT_FALSE(r.isOk()) << from.substr(0, 20);
  }
  for (const char* id : {"abc", "-1", "123456789012345678901", "1 2"}) {
    EXPECT_FALSE(parseWeComMessage(msg("u", id), "c").isOk()) << id;
  }
}

}  // namespace
}  // namespace gg
