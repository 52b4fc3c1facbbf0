#include "adapters/wecom/wecom_crypt.h"

#include <algorithm>
#include <array>
#include <pugixml.hpp>

#include "adapters/crypto.h"
#include "core/text.h"

namespace gg {
namespace {

constexpr size_t kEncodingKeyLength = 43;
constexpr size_t kPadBlock = 32;  // WeCom pads to 32 bytes, not AES's 16
constexpr size_t kRandomLength = 16;
constexpr size_t kHeaderLength = kRandomLength + 4;

Result<std::string> decodeKey(std::string_view key) {
  if (key.size() != kEncodingKeyLength) return invalidArgument("EncodingAESKey must be 43 chars");
  for (char c : key) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!ok) return invalidArgument("EncodingAESKey must be [A-Za-z0-9]");
  }
  auto raw = base64Decode(std::string(key) + "=");
  if (!raw.isOk() || raw->size() != 32) {
    return invalidArgument("EncodingAESKey does not decode to 32 bytes");
  }
  return raw;
}

}  // namespace

Status validateEncodingAesKey(std::string_view key) { return decodeKey(key).status(); }

Result<WeComCrypt> WeComCrypt::create(std::string token, std::string_view encoding_aes_key,
                                      std::string receive_id) {
  if (token.empty()) return invalidArgument("WeCom token is empty");
  if (receive_id.empty()) return invalidArgument("WeCom receive id (CorpID) is empty");
  auto key = decodeKey(encoding_aes_key);
  if (!key.isOk()) return key.status();
  return WeComCrypt(std::move(token), std::move(key).value(), std::move(receive_id));
}

std::string WeComCrypt::signature(std::string_view timestamp, std::string_view nonce,
                                  std::string_view encrypted) const {
  std::array<std::string_view, 4> parts{token_, timestamp, nonce, encrypted};
  std::sort(parts.begin(), parts.end());  // string_view compares bytes, like the SDK's std::sort
  std::string joined;
  for (auto p : parts) joined.append(p);
  return toHex(sha1(joined));
}

Status WeComCrypt::verifySignature(std::string_view msg_signature, std::string_view timestamp,
                                   std::string_view nonce, std::string_view encrypted) const {
  if (msg_signature.empty() || timestamp.empty() || nonce.empty() || encrypted.empty()) {
    return unauthenticated("missing msg_signature, timestamp, nonce or ciphertext");
  }
  if (!constantTimeEquals(msg_signature, signature(timestamp, nonce, encrypted))) {
    return unauthenticated("msg_signature mismatch");
  }
  return Status::ok();
}

Result<std::string> WeComCrypt::decrypt(std::string_view encrypted_b64) const {
  auto cipher = base64Decode(encrypted_b64);
  if (!cipher.isOk()) return invalidArgument("ciphertext is not base64");
  if (cipher->size() < kPadBlock || cipher->size() % kPadBlock != 0) {
    return invalidArgument("ciphertext length is not a positive multiple of 32");
  }
  auto plain = aes256CbcDecryptRaw(key_, std::string_view(key_).substr(0, 16), *cipher);
  if (!plain.isOk()) return plain.status();
  std::string& p = *plain;
  unsigned pad = static_cast<unsigned char>(p.back());
  if (pad < 1 || pad > kPadBlock) return invalidArgument("bad PKCS#7 padding");
  for (size_t i = p.size() - pad; i < p.size(); ++i) {
    // A strict check: every pad byte must equal the pad length, unlike the lenient SDKs.
    if (static_cast<unsigned char>(p[i]) != pad) return invalidArgument("bad PKCS#7 padding");
  }
  p.resize(p.size() - pad);
  if (p.size() < kHeaderLength) return invalidArgument("decrypted buffer too short");
  const auto* b = reinterpret_cast<const unsigned char*>(p.data()) + kRandomLength;
  size_t len = (size_t{b[0]} << 24) | (size_t{b[1]} << 16) | (size_t{b[2]} << 8) | size_t{b[3]};
  if (len > p.size() - kHeaderLength) return invalidArgument("message length exceeds buffer");
  std::string_view receive_id = std::string_view(p).substr(kHeaderLength + len);
  if (!constantTimeEquals(receive_id, receive_id_)) {
    return unauthenticated("receive id does not match the configured CorpID");
  }
  return p.substr(kHeaderLength, len);
}

Result<std::string> WeComCrypt::encrypt(std::string_view msg, std::string_view random16) const {
  if (random16.size() != kRandomLength) return invalidArgument("random prefix must be 16 bytes");
  if (msg.size() > 0xFFFFFFFFu) return invalidArgument("message too long");
  std::string p(random16);
  auto len = static_cast<uint32_t>(msg.size());
  p.push_back(static_cast<char>((len >> 24) & 0xFF));
  p.push_back(static_cast<char>((len >> 16) & 0xFF));
  p.push_back(static_cast<char>((len >> 8) & 0xFF));
  p.push_back(static_cast<char>(len & 0xFF));
  p.append(msg);
  p.append(receive_id_);
  size_t pad = kPadBlock - p.size() % kPadBlock;
  p.append(pad, static_cast<char>(pad));
  auto cipher = aes256CbcEncryptRaw(key_, std::string_view(key_).substr(0, 16), p);
  if (!cipher.isOk()) return cipher.status();
  return base64Encode(*cipher);
}

Result<std::string> WeComCrypt::verifyUrl(std::string_view msg_signature,
                                          std::string_view timestamp, std::string_view nonce,
                                          std::string_view echostr) const {
  GG_RETURN_IF_ERROR(verifySignature(msg_signature, timestamp, nonce, echostr));
  return decrypt(echostr);
}

Result<std::string> WeComCrypt::decryptEnvelope(std::string_view msg_signature,
                                                std::string_view timestamp, std::string_view nonce,
                                                std::string_view envelope_xml) const {
  pugi::xml_document doc;
  // parse_default without DOCTYPE handling: pugixml never expands external entities.
  auto parsed = doc.load_buffer(envelope_xml.data(), envelope_xml.size());
  if (!parsed)
    return invalidArgument(std::string("malformed XML envelope: ") + parsed.description());
  std::string encrypted = doc.child("xml").child("Encrypt").text().as_string();
  if (encrypted.empty()) return invalidArgument("XML envelope has no <Encrypt>");
  GG_RETURN_IF_ERROR(verifySignature(msg_signature, timestamp, nonce, encrypted));
  return decrypt(encrypted);
}

}  // namespace gg
