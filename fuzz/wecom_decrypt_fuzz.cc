// WeCom's encrypted envelope: any Base64-ish text (bad padding, short blocks, lengths that
// point past the end) is an error, never a crash or a read out of bounds; a message that
// encrypts must decrypt to itself.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapters/wecom/wecom_crypt.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto crypt =
      gg::WeComCrypt::create("fuzz-token", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "ww-fuzz-corp");
  if (!crypt.isOk()) std::abort();
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  (void)crypt->decrypt(in);
  (void)crypt->verifyUrl("0000000000000000000000000000000000000000", "1700000000", "n", in);
  auto enc = crypt->encrypt(in, "0123456789abcdef");
  if (enc.isOk()) {
    auto back = crypt->decrypt(*enc);
    if (!back.isOk() || *back != in) std::abort();
  }
  return 0;
}
