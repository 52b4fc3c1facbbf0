#pragma once
// The few cryptographic primitives the channel protocols need, all through OpenSSL's EVP layer
// (no deprecated low-level SHA1_/AES_ calls). Inputs and outputs are raw byte strings.

#include <string>
#include <string_view>

#include "core/result.h"

namespace gg {

// Returns the 20-byte SHA-1 digest of data.
std::string sha1(std::string_view data);

// Returns the 20-byte HMAC-SHA1 of data under key.
std::string hmacSha1(std::string_view key, std::string_view data);

// Compares a and b in time that depends only on their lengths (CRYPTO_memcmp), so a signature
// check leaks nothing about how many leading bytes matched. Different lengths compare unequal.
bool constantTimeEquals(std::string_view a, std::string_view b);

// Encodes bytes as standard Base64 with '=' padding and no line breaks.
std::string base64Encode(std::string_view bytes);

// Decodes standard Base64 (length a multiple of 4, alphabet A-Za-z0-9+/, at most two '=' at the
// end). Fails with invalidArgument on anything else, including embedded whitespace.
Result<std::string> base64Decode(std::string_view text);

// AES-256-CBC without padding: key is 32 bytes, iv 16 bytes, input a multiple of 16 bytes.
// Padding is the caller's job because WeCom pads to 32 bytes, not the cipher's 16.
// Fails with invalidArgument on wrong sizes and internalError if OpenSSL refuses.
Result<std::string> aes256CbcEncryptRaw(std::string_view key, std::string_view iv,
                                        std::string_view plaintext);
Result<std::string> aes256CbcDecryptRaw(std::string_view key, std::string_view iv,
                                        std::string_view ciphertext);

// Returns n cryptographically random bytes (RAND_bytes); aborts only if the CSPRNG is broken.
std::string randomBytes(size_t n);

}  // namespace gg
