#include "adapters/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <memory>

namespace gg {
namespace {

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

Result<std::string> aesCbcRaw(std::string_view key, std::string_view iv, std::string_view input,
                              bool encrypt) {
  if (key.size() != 32) return invalidArgument("AES-256 key must be 32 bytes");
  if (iv.size() != 16) return invalidArgument("AES IV must be 16 bytes");
  if (input.size() % 16 != 0) return invalidArgument("AES-CBC input is not a multiple of 16 bytes");
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return internalError("EVP_CIPHER_CTX_new failed");
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, bytes(key), bytes(iv),
                        encrypt ? 1 : 0) != 1) {
    return internalError("EVP_CipherInit_ex failed");
  }
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  std::string out(input.size() + 16, '\0');
  int len = 0;
  int total = 0;
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx.get(), dst, &len, bytes(input), static_cast<int>(input.size())) != 1) {
    return internalError("EVP_CipherUpdate failed");
  }
  total = len;
  if (EVP_CipherFinal_ex(ctx.get(), dst + total, &len) != 1) {
    return internalError("EVP_CipherFinal_ex failed");
  }
  total += len;
  out.resize(static_cast<size_t>(total));
  return out;
}

}  // namespace

std::string sha1(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha1(), nullptr) != 1) std::abort();
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string hmacSha1(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // HMAC() is the one-shot EVP-backed API; it is not among OpenSSL 3's deprecated calls.
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), bytes(data), data.size(), md,
           &len) == nullptr) {
    std::abort();
  }
  return std::string(reinterpret_cast<char*>(md), len);
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64Encode(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes(data),
                          static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

Result<std::string> base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return invalidArgument("base64 length is not a multiple of 4");
  size_t pad = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '+' || c == '/';
    if (c == '=') {
      if (i + 2 < text.size()) return invalidArgument("base64 padding in the middle");
      ++pad;
    } else if (!alpha || pad > 0) {
      return invalidArgument("invalid base64 character");
    }
  }
  if (text.empty()) return std::string();
  std::string out(text.size() / 4 * 3, '\0');
  // EVP_DecodeBlock does not strip the bytes that padding stands for; we do.
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes(text),
                          static_cast<int>(text.size()));
  if (n < 0) return invalidArgument("invalid base64");
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

Result<std::string> aes256CbcEncryptRaw(std::string_view key, std::string_view iv,
                                        std::string_view plaintext) {
  return aesCbcRaw(key, iv, plaintext, true);
}

Result<std::string> aes256CbcDecryptRaw(std::string_view key, std::string_view iv,
                                        std::string_view ciphertext) {
  return aesCbcRaw(key, iv, ciphertext, false);
}

std::string randomBytes(size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    std::abort();
  }
  return out;
}

}  // namespace gg
