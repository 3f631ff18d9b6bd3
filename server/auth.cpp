#include "auth.h"

#include <sodium.h>

#include <algorithm>

#include "handoff/names.h"
#include "handoff/sha256.h"

namespace handoff::server {

std::string hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id: out of memory");
  }
  return out;
}

bool verify_password(std::string_view password, const std::string& stored_hash) {
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return to_hex(raw);
}

std::string random_password() {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789";
  constexpr std::uint32_t n = sizeof(kAlphabet) - 1;
  std::string out;
  for (int i = 0; i < 20; ++i) out.push_back(kAlphabet[randombytes_uniform(n)]);
  return out;
}

std::string create_session(Connection& c, std::int64_t user_id, std::int64_t now,
                           std::string_view ip, std::string_view user_agent) {
  std::string token = random_hex(32);
  c.prepare("INSERT INTO session(token_hash, user_id, created_at, expires_at, ip, user_agent) "
            "VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, sha256_hex(token))
      .bind(2, user_id)
      .bind(3, now)
      .bind(4, now + kSessionLifetimeSeconds)
      .bind(5, ip)
      .bind(6, user_agent.substr(0, 512))
      .run();
  return token;
}

std::optional<wire::Me> session_user(Connection& c, std::string_view token, std::int64_t now) {
  if (token.size() != 64) return std::nullopt;
  Statement s = c.prepare(
      "SELECT u.id, u.email, u.name, u.role, w.id, w.name, IFNULL(u.client_id, 0) FROM session s "
      "JOIN user u ON u.id = s.user_id JOIN workspace w ON w.id = u.workspace_id "
      "WHERE s.token_hash = ? AND s.expires_at > ?");
  s.bind(1, sha256_hex(token)).bind(2, now);
  if (!s.step()) return std::nullopt;
  wire::Me me;
  me.user_id = s.integer(0);
  me.email = s.text(1);
  me.name = s.text(2);
  me.role = parse_name<Role>(s.text(3)).value_or(Role::client);
  me.workspace_id = s.integer(4);
  me.workspace_name = s.text(5);
  me.client_id = s.integer(6);
  return me;
}

void delete_session(Connection& c, std::string_view token) {
  c.prepare("DELETE FROM session WHERE token_hash = ?").bind(1, sha256_hex(token)).run();
}

std::string session_cookie(const std::string& token, std::int64_t max_age) {
  return std::string(wire::kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
}

std::string session_token_from_cookie_header(std::string_view header) {
  const std::string key = std::string(wire::kSessionCookie) + "=";
  std::size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    std::size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(pos, end - pos);
    if (pair.substr(0, key.size()) == key) return std::string(pair.substr(key.size()));
    pos = end;
  }
  return {};
}

std::int64_t LoginThrottle::retry_after(const std::string& email, const std::string& address,
                                        std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::int64_t wait = 0;
  if (auto it = accounts_.find(email); it != accounts_.end()) {
    wait = std::max(wait, throttle_retry_after(it->second, now, kAccountThrottle));
  }
  if (auto it = addresses_.find(address); it != addresses_.end()) {
    wait = std::max(wait, throttle_retry_after(it->second, now, kAddressThrottle));
  }
  return wait;
}

void LoginThrottle::record_failure(const std::string& email, const std::string& address,
                                   std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  prune(now);
  throttle_record_failure(accounts_[email], now, kAccountThrottle);
  throttle_record_failure(addresses_[address], now, kAddressThrottle);
}

void LoginThrottle::record_success(const std::string& email) {
  std::lock_guard<std::mutex> lock(mutex_);
  accounts_.erase(email);
}

void LoginThrottle::prune(std::int64_t now) {
  // Bounded memory under a spray of random emails: forget idle keys once maps grow.
  constexpr std::size_t kPruneAbove = 10000;
  auto sweep = [&](auto& map, const ThrottlePolicy& p) {
    if (map.size() < kPruneAbove) return;
    std::erase_if(map, [&](const auto& kv) { return throttle_is_idle(kv.second, now, p); });
  };
  sweep(accounts_, kAccountThrottle);
  sweep(addresses_, kAddressThrottle);
}

}  // namespace handoff::server
