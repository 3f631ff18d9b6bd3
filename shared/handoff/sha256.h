// sha256.h — SHA-256 (FIPS 180-4) over bytes, from libsodium in both targets.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace handoff {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Digest of `bytes`. Total function: any length, including empty.
Sha256Digest sha256(std::string_view bytes);

// Lower-case hex of the digest of `bytes` (64 characters).
std::string sha256_hex(std::string_view bytes);

// Lower-case hex of arbitrary bytes.
std::string to_hex(std::string_view bytes);

}  // namespace handoff
