#pragma once
// Unguessable codes people hold instead of a password (the resident page's tracking codes).

#include <string>

namespace gg {

// Returns a code of `chars` characters from a 32-letter alphabet without look-alikes (no 0/O,
// 1/I), each 5 bits from OpenSSL's RAND_bytes: 16 characters = 80 bits. Aborts if the system's
// random source fails (nothing can be issued safely then).
std::string randomCode(int chars = 16);

}  // namespace gg
