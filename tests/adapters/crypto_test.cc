#include "adapters/crypto.h"

#include <gtest/gtest.h>

#include "core/text.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

TEST(Crypto, Sha1KnownAnswer) {
  EXPECT_EQ(toHex(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(Crypto, HmacSha1Rfc2202) {
  EXPECT_EQ(toHex(hmacSha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(Crypto, Base64RoundTripAndStrictness) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\x00\xff\x10"}) {
    auto d = base64Decode(base64Encode(s));
    ASSERT_OK(d) << s;
    EXPECT_EQ(*d, s);
  }
  EXPECT_EQ(base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_FALSE(base64Decode("Zm9").isOk());        // length
  EXPECT_FALSE(base64Decode("Zm9v YmFy").isOk());  // whitespace
  EXPECT_FALSE(base64Decode("Zm=vYmFy").isOk());   // padding in the middle
  EXPECT_FALSE(base64Decode("Zm9*").isOk());
}

TEST(Crypto, ConstantTimeEquals) {
  EXPECT_TRUE(constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(constantTimeEquals("", ""));
}

TEST(Crypto, AesRawRejectsBadSizes) {
  std::string key(32, 'k'), iv(16, 'i');
  EXPECT_FALSE(aes256CbcEncryptRaw(key, iv, "short").isOk());
  EXPECT_FALSE(aes256CbcEncryptRaw(std::string(31, 'k'), iv, std::string(16, 'a')).isOk());
  auto c = aes256CbcEncryptRaw(key, iv, std::string(32, 'a'));
  ASSERT_OK(c);
  EXPECT_NE(*c, std::string(32, 'a'));
  auto p = aes256CbcDecryptRaw(key, iv, *c);
  ASSERT_OK(p);
  EXPECT_EQ(*p, std::string(32, 'a'));
}

}  // namespace
}  // namespace gg
