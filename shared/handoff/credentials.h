// credentials.h — what counts as an email address and an acceptable password.
// Used by the portal (instant feedback) and the server (enforcement).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace handoff {

inline constexpr std::size_t kMaxEmailLength = 254;      // RFC 5321 path limit
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 1024;  // bounds argon2 input work

// Trims surrounding white space and lower-cases ASCII letters. Returns nullopt unless the
// result looks like local@domain.tld: one '@', non-empty local part, a dot in the domain,
// no white space or control characters, at most kMaxEmailLength bytes.
std::optional<std::string> normalize_email(std::string_view input);

// Why `password` cannot be set, as a sentence; nullopt when it is acceptable: at least
// kMinPasswordLength characters (UTF-8 code points, not bytes), at most kMaxPasswordLength bytes.
std::optional<std::string> password_problem(std::string_view password);

}  // namespace handoff
