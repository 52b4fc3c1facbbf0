// Hostile input on /hooks/wecom: missing and forged msg_signature/timestamp/nonce, stale and
// future timestamps, replayed nonces, XML entities and bombs outside and inside the encrypted
// part, hostile fields in a properly encrypted and signed message, and ciphertexts WeCom would
// never send (bad PKCS#7 padding, a length beyond the data, another corp's receive id, not a
// multiple of the block). Each case checks the status and that no table changed.

#include <gtest/gtest.h>

#include <httplib.h>

#include "adapters/crypto.h"
#include "adapters/wecom/wecom_crypt.h"
#include "tests/fakes/signing.h"
#include "tests/hostile/hostile_rig.h"

namespace gg::test {
namespace {

using R = HostileRig;

std::string nowSeconds() { return std::to_string(HostileRig::get().clock().now() / 1000); }

std::string nonce() {
  static int n = 0;
  return "hostile-nonce-" + std::to_string(++n);
}

std::string textXml(const std::string& from, const std::string& content, const std::string& msg_id) {
  return fakes::weComTextXml(R::kCorp, from, content, msg_id, HostileRig::get().clock().now() / 1000);
}

std::string postCallback(const fakes::WeComCallback& cb) {
  return httpRequest("POST", cb.target, {{"Content-Type", "text/xml"}}, cb.body);
}

// A callback whose encrypted part is plain (any bytes, a multiple of 16), signed like WeCom.
std::string postRawCipher(const std::string& plain, const std::string& ts, const std::string& n) {
  const std::string key = *base64Decode(std::string(R::kAesKey) + "=");
  auto enc = aes256CbcEncryptRaw(key, key.substr(0, 16), plain);
  const std::string b64 = enc.isOk() ? base64Encode(*enc) : base64Encode(plain);
  auto crypt = WeComCrypt::create(R::kWeComToken, R::kAesKey, R::kCorp);
  const std::string target = "/hooks/wecom?msg_signature=" + crypt->signature(ts, n, b64) + "&timestamp=" + ts +
                             "&nonce=" + n;
  const std::string body = "<xml><ToUserName><![CDATA[" + std::string(R::kCorp) + "]]></ToUserName><Encrypt><![CDATA[" +
                           b64 + "]]></Encrypt></xml>";
  return httpRequest("POST", target, {{"Content-Type", "text/xml"}}, body);
}

std::string be32(uint32_t n) {
  return std::string{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                     static_cast<char>(n)};
}

// random16 + length + msg + receive_id and a PKCS#7 pad to 32 bytes whose last byte is pad
// (kGoodPad: the right count, as WeCom writes it).
constexpr int kGoodPad = -1;
std::string plainFrame(const std::string& msg, const std::string& receive_id, int pad, uint32_t length) {
  std::string p = std::string(16, 'r') + be32(length) + msg + receive_id;
  const size_t n = 32 - p.size() % 32;
  p += std::string(n - 1, static_cast<char>(n));
  p += static_cast<char>(pad == kGoodPad ? static_cast<int>(n) : pad);
  return p;
}

TEST(WeComHostile, SignatureTimestampNonceAndReplay) {
  auto& rig = HostileRig::get();
  const std::string inner = textXml("resident-h1", "滨悦新城3号楼电梯坏了", "8800001");
  const std::string ts = nowSeconds();
  const auto good = fakes::encryptWeComCallback(R::kWeComToken, R::kAesKey, R::kCorp, inner, ts, "replayed");
  const std::string query = good.target.substr(good.target.find('?') + 1);
  const std::string sig = query.substr(14, query.find('&') - 14);
  auto without = [&](const std::string& part) {
    std::string t = good.target;
    auto at = t.find(part);
    auto end = t.find('&', at + 1);
    t.erase(at, end == std::string::npos ? std::string::npos : end - at);
    return t;
  };
  auto with = [&](const std::string& target) {
    return httpRequest("POST", target, {{"Content-Type", "text/xml"}}, good.body);
  };
  runCase("wecom no query", 401, with("/hooks/wecom"));
  runCase("wecom without msg_signature", 401, with(without("msg_signature=")));
  runCase("wecom without timestamp", 401, with(without("&timestamp=")));
  runCase("wecom without nonce", 401, with(without("&nonce=")));
  std::string forged = good.target;
  forged.replace(forged.find(sig), 4, "0000");
  runCase("wecom forged signature", 401, with(forged));
  std::string other_nonce = good.target;
  other_nonce.replace(other_nonce.find("nonce=replayed"), 14, "nonce=replayex");
  runCase("wecom nonce not signed", 401, with(other_nonce));
  for (int64_t skew : {-3600, -301, 301, 86400}) {
    const std::string t = std::to_string(rig.clock().now() / 1000 + skew);
    runCase("wecom timestamp skew " + std::to_string(skew), 401,
            postCallback(fakes::encryptWeComCallback(R::kWeComToken, R::kAesKey, R::kCorp, inner, t, nonce())));
  }
  runCase("wecom timestamp not a number", 400,
          postCallback(fakes::encryptWeComCallback(R::kWeComToken, R::kAesKey, R::kCorp, inner, "12x4", nonce())));
  runCase("wecom body signed for another body", 401,
          httpRequest("POST", good.target, {{"Content-Type", "text/xml"}},
                      fakes::encryptWeComCallback(R::kWeComToken, R::kAesKey, R::kCorp, inner, ts, "replayed").body));
  // The real one goes in once; the same callback again is a replay.
  const RawResponse first = rawHttp(rig.port(), with(good.target));
  ASSERT_EQ(first.status, 200) << first.body;
  for (int i = 0; i < 3; ++i) runCase("wecom replayed nonce " + std::to_string(i), 401, with(good.target));
  // URL verification.
  runCase("wecom verify without params", 400, httpRequest("GET", "/hooks/wecom"));
  runCase("wecom verify forged", 401,
          httpRequest("GET", "/hooks/wecom?msg_signature=00&timestamp=" + ts + "&nonce=v1&echostr=" +
                                 httplib::detail::encode_query_param(base64Encode("hello"))));
}

TEST(WeComHostile, XmlEntitiesAndBombs) {
  const std::string bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
      "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 "
      "\"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>";
  const std::string external = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>";
  // Outside the encryption: no signature can match, whatever the parser would do.
  runCase("wecom outer billion laughs", 401,
          httpRequest("POST", "/hooks/wecom?msg_signature=ab&timestamp=" + nowSeconds() + "&nonce=" + nonce(),
                      {{"Content-Type", "text/xml"}}, bomb + "<xml><Encrypt>&lol3;</Encrypt></xml>"));
  runCase("wecom outer not xml", 400,
          httpRequest("POST", "/hooks/wecom?msg_signature=ab&timestamp=" + nowSeconds() + "&nonce=" + nonce(),
                      {{"Content-Type", "text/xml"}}, "{\"json\": true}"));
  // Inside, encrypted and signed as WeCom would: the message itself is hostile.
  const std::vector<std::pair<std::string, std::string>> inner = {
      {"billion laughs", bomb + "<xml><ToUserName>" + std::string(R::kCorp) +
                             "</ToUserName><FromUserName>a</FromUserName><MsgType>text</MsgType><Content>&lol3;</Content><MsgId>1</MsgId></xml>"},
      {"external entity", external + "<xml><ToUserName>" + std::string(R::kCorp) +
                              "</ToUserName><FromUserName>a</FromUserName><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>2</MsgId></xml>"},
      {"not xml", "楼道灯坏了"},
      {"unclosed", "<xml><FromUserName>a</FromUserName>"},
      {"no FromUserName", "<xml><ToUserName>" + std::string(R::kCorp) + "</ToUserName><MsgType>text</MsgType><Content>电梯坏了</Content><MsgId>3</MsgId></xml>"},
      {"100 KB FromUserName", textXml(std::string(100 * 1024, 'u'), "电梯坏了", "8800003")},
      {"FromUserName with space", textXml("a b", "电梯坏了", "8800004")},
      {"FromUserName with slash", textXml("../../etc", "电梯坏了", "8800005")},
      {"MsgId not a number", textXml("resident-h2", "电梯坏了", "12ab")},
      {"MsgId 30 digits", textXml("resident-h2", "电梯坏了", std::string(30, '1'))},
      {"invalid utf-8 content", textXml("resident-h2", "\xff\xfe电梯坏了", "8800006")},
      {"another corp", fakes::weComTextXml("ww-other", "resident-h2", "电梯坏了", "8800007")},
      {"content over 64 KiB", textXml("resident-h2", std::string(70 * 1024, 'a'), "8800008")},
  };
  for (const auto& [name, xml] : inner) {
    const int want = name == "content over 64 KiB" ? 413 : 400;
    runCase("wecom inner " + name, want,
            postCallback(fakes::encryptWeComCallback(R::kWeComToken, R::kAesKey, R::kCorp, xml, nowSeconds(), nonce())));
  }
}

TEST(WeComHostile, CiphertextsWeComWouldNeverSend) {
  const std::string xml = textXml("resident-h3", "滨悦新城3号楼电梯坏了", "8800100");
  const uint32_t len = static_cast<uint32_t>(xml.size());
  const std::vector<std::pair<std::string, std::string>> frames = {
      {"pad 0", plainFrame(xml, R::kCorp, 0, len)},
      {"pad 33", plainFrame(xml, R::kCorp, 33, len)},
      {"pad 255", plainFrame(xml, R::kCorp, 255, len)},
      {"length beyond the data", plainFrame(xml, R::kCorp, kGoodPad, len + 5000)},
      {"length 2^32-1", plainFrame(xml, R::kCorp, kGoodPad, 0xffffffffu)},
      {"length 0", plainFrame(xml, R::kCorp, kGoodPad, 0)},
      {"another receive id", plainFrame(xml, "ww-intruder", kGoodPad, len)},
      {"no receive id", plainFrame(xml, "", kGoodPad, len)},
      {"shorter than a header", std::string(16, 'r')},
  };
  // Signed, so from someone with the token; what does not decrypt to a message for this corp is a
  // 400 (bad padding, a length beyond the data), another receive id a 401.
  for (const auto& [name, plain] : frames) {
    const bool foreign = name == "length 0" || name == "another receive id" || name == "no receive id";
    runCase("wecom cipher " + name, foreign ? 401 : 400, postRawCipher(plain, nowSeconds(), nonce()));
  }
  // Not base64, and base64 that is not a whole number of blocks.
  for (const std::string& enc : {std::string("!!!not base64!!!"), base64Encode("0123456789"),
                                 base64Encode(std::string(33, 'z'))}) {
    auto crypt = WeComCrypt::create(R::kWeComToken, R::kAesKey, R::kCorp);
    const std::string ts = nowSeconds(), n = nonce();
    runCase("wecom encrypt " + enc.substr(0, 12), 400,
            httpRequest("POST", "/hooks/wecom?msg_signature=" + crypt->signature(ts, n, enc) + "&timestamp=" + ts + "&nonce=" + n,
                        {{"Content-Type", "text/xml"}}, "<xml><Encrypt><![CDATA[" + enc + "]]></Encrypt></xml>"));
  }
}

}  // namespace
}  // namespace gg::test
