// auth.h — passwords, session tokens and the login throttle's state.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "handoff/login_throttle.h"
#include "handoff/wire.h"

#include "db.h"

namespace handoff::server {

// argon2id (libsodium crypto_pwhash_str, interactive limits). Throws on out-of-memory.
std::string hash_password(std::string_view password);
// True when `password` matches `stored_hash`; false for any malformed hash.
bool verify_password(std::string_view password, const std::string& stored_hash);
// `bytes` random bytes (libsodium randombytes), lower-case hex.
std::string random_hex(std::size_t bytes);
// A password a person can type once: 20 characters from an unambiguous alphabet.
std::string random_password();

inline constexpr std::int64_t kSessionLifetimeSeconds = 30LL * 24 * 3600;

// Creates a session row for `user_id`; returns the cookie token (256 random bits, hex).
std::string create_session(Connection& c, std::int64_t user_id, std::int64_t now,
                           std::string_view ip, std::string_view user_agent);
// The logged-in user for `token` at `now`, or nullopt (unknown or expired token).
std::optional<wire::Me> session_user(Connection& c, std::string_view token, std::int64_t now);
// Deletes the session for `token` (no-op when unknown).
void delete_session(Connection& c, std::string_view token);
// The Set-Cookie value for a session token (empty token + max_age 0: log out).
std::string session_cookie(const std::string& token, std::int64_t max_age);
// The value of the session cookie in a Cookie header, or "".
std::string session_token_from_cookie_header(std::string_view cookie_header);

// Per-account and per-address failure counts for the login throttle (in memory: a restart
// forgets them, which only ever lets a few more guesses through).
class LoginThrottle {
 public:
  // Seconds to wait before `email` from `address` may try again; 0 if allowed now.
  std::int64_t retry_after(const std::string& email, const std::string& address, std::int64_t now);
  void record_failure(const std::string& email, const std::string& address, std::int64_t now);
  void record_success(const std::string& email);

 private:
  void prune(std::int64_t now);
  std::mutex mutex_;
  std::unordered_map<std::string, ThrottleState> accounts_;
  std::unordered_map<std::string, ThrottleState> addresses_;
};

}  // namespace handoff::server
