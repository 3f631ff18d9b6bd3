#include "handoff/sha256.h"

#include <sodium/crypto_hash_sha256.h>

namespace handoff {

Sha256Digest sha256(std::string_view bytes) {
  Sha256Digest out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return out;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0x0f]);
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  const Sha256Digest d = sha256(bytes);
  return to_hex(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

}  // namespace handoff
