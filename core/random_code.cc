#include "core/random_code.h"

#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace gg {

std::string randomCode(int chars) {
  static const char kAlphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";  // 32 letters: no 0/O, 1/I
  std::vector<unsigned char> bytes(static_cast<size_t>(chars > 0 ? chars : 1));
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    std::fprintf(stderr, "RAND_bytes failed: no random source\n");
    std::abort();
  }
  std::string out;
  out.reserve(bytes.size());
  for (unsigned char b : bytes) out += kAlphabet[b & 31];
  return out;
}

}  // namespace gg
