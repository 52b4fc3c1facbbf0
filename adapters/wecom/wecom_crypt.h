#pragma once
// WXBizMsgCrypt, the WeCom (and WeChat Official Account) callback crypto: SHA1 signature over the
// sorted (token, timestamp, nonce, ciphertext), AES-256-CBC with IV = key[0:16], PKCS#7 padding
// to 32 bytes, plaintext = random(16) || be32 len || msg || receive_id. Pure functions, no I/O.
// Error mapping: bad signature / wrong receive_id -> unauthenticated (401); undecodable,
// truncated or badly padded ciphertext -> invalidArgument (400).

#include <string>
#include <string_view>

#include "core/result.h"

namespace gg {

class WeComCrypt {
 public:
  // Builds a codec. encoding_aes_key must be 43 chars of [A-Za-z0-9] that decode (with a '='
  // appended) to 32 bytes; token and receive_id (the CorpID) must be non-empty.
  // Fails with invalidArgument otherwise.
  static Result<WeComCrypt> create(std::string token, std::string_view encoding_aes_key,
                                   std::string receive_id);

  // Returns lower-case hex SHA1 of sort(token, timestamp, nonce, encrypted) concatenated.
  std::string signature(std::string_view timestamp, std::string_view nonce,
                        std::string_view encrypted) const;

  // Checks msg_signature in constant time; unauthenticated on mismatch or empty inputs.
  Status verifySignature(std::string_view msg_signature, std::string_view timestamp,
                         std::string_view nonce, std::string_view encrypted) const;

  // Decrypts a Base64 ciphertext and returns msg after checking the layout and that the
  // trailing receive_id equals ours.
  Result<std::string> decrypt(std::string_view encrypted_b64) const;

  // Encrypts msg with the given 16-byte random prefix (pass randomBytes(16) in production; fixed
  // in tests for the official deterministic vectors). Returns Base64.
  Result<std::string> encrypt(std::string_view msg, std::string_view random16) const;

  // GET URL verification: verifies the signature over echostr, decrypts it, returns the
  // plaintext to echo back as the whole response body.
  Result<std::string> verifyUrl(std::string_view msg_signature, std::string_view timestamp,
                                std::string_view nonce, std::string_view echostr) const;

  // POST message receipt: extracts <Encrypt> from the XML envelope (invalidArgument if the XML
  // is malformed or lacks it), verifies the signature and returns the decrypted inner XML.
  Result<std::string> decryptEnvelope(std::string_view msg_signature, std::string_view timestamp,
                                      std::string_view nonce, std::string_view envelope_xml) const;

  const std::string& receiveId() const { return receive_id_; }

 private:
  WeComCrypt(std::string token, std::string key, std::string receive_id)
      : token_(std::move(token)), key_(std::move(key)), receive_id_(std::move(receive_id)) {}

  std::string token_;
  std::string key_;  // 32 raw bytes; IV is its first 16
  std::string receive_id_;
};

// Returns OK if key is a well-formed EncodingAESKey (43 chars, A-Za-z0-9, decodes to 32 bytes).
Status validateEncodingAesKey(std::string_view key);

}  // namespace gg
