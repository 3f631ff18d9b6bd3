// Accounts, sessions, users and invites (contracts: store_accounts.h).
#include "store_accounts.h"

#include "handoff/names.h"

namespace handoff::server {

std::vector<LoginAccount> login_accounts(Connection& c, const std::string& email, Id workspace_id) {
  Statement s = c.prepare(
      "SELECT id, IFNULL(password_hash, '') FROM user WHERE email = ? AND (? = 0 OR workspace_id = ?) ORDER BY id");
  s.bind(1, email).bind(2, workspace_id).bind(3, workspace_id);
  std::vector<LoginAccount> out;
  while (s.step()) out.push_back({s.integer(0), s.text(1)});
  return out;
}

std::optional<Caller> caller_for_session(Connection& c, const std::string& token_hash, Instant now) {
  Statement s = c.prepare(
      "SELECT u.id, u.workspace_id, u.role, IFNULL(u.client_id, 0), u.name, u.email, s.expires_at FROM session s "
      "JOIN user u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?");
  s.bind(1, token_hash).bind(2, now);
  if (!s.step()) return std::nullopt;
  return Caller{s.integer(0), s.integer(1), parse_name<Role>(s.text(2)).value_or(Role::client), s.integer(3),
                s.text(4),    s.text(5),    s.integer(6)};
}

bool no_users(Connection& c) {
  Statement s = c.prepare("SELECT count(*) FROM user");
  return !(s.step() && s.integer(0) > 0);
}

Id insert_first_owner(Connection& c, const std::string& email, const std::string& password_hash, Instant now) {
  c.prepare("INSERT INTO workspace(name, created_at) VALUES ('My workspace', ?)").bind(1, now).run();
  const Id workspace_id = c.last_insert_id();
  c.prepare("INSERT INTO user(workspace_id, email, name, role, password_hash, created_at) "
            "VALUES (?, ?, 'Owner', 'owner', ?, ?)")
      .bind(1, workspace_id)
      .bind(2, email)
      .bind(3, password_hash)
      .bind(4, now)
      .run();
  return c.last_insert_id();
}

std::vector<UserRow> workspace_users(Connection& c, Id workspace_id) {
  Statement s = c.prepare(
      "SELECT id, email, name, role, IFNULL(client_id, 0), password_hash IS NOT NULL FROM user "
      "WHERE workspace_id = ? ORDER BY id");
  s.bind(1, workspace_id);
  std::vector<UserRow> out;
  while (s.step()) {
    out.push_back({s.integer(0), s.text(1), s.text(2), parse_name<Role>(s.text(3)).value_or(Role::client),
                   s.integer(4), s.integer(5) != 0});
  }
  return out;
}

bool email_taken(Connection& c, Id workspace_id, const std::string& email) {
  Statement s = c.prepare("SELECT 1 FROM user WHERE email = ? AND workspace_id = ?");
  s.bind(1, email).bind(2, workspace_id);
  return s.step();
}

Id insert_invited_user(Connection& c, Id workspace_id, const std::string& email, const std::string& name, Role role,
                       Id client_id, const std::string& token_hash, Instant now, Instant expires_at) {
  const Id user_id = next_id(c, "user");
  execute(c,
          "INSERT INTO user(id, workspace_id, email, name, role, password_hash, created_at, client_id) "
          "VALUES (?, ?, ?, ?, ?, NULL, ?, NULLIF(?, 0))",
          user_id, workspace_id, email, name, name_of(role), now, client_id);
  execute(c, "INSERT INTO invite(token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", token_hash,
          user_id, now, expires_at);
  return user_id;
}

std::optional<Id> open_invite_user(Connection& c, const std::string& token_hash, Instant now) {
  Statement s = c.prepare("SELECT user_id FROM invite WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?");
  s.bind(1, token_hash).bind(2, now);
  if (!s.step() || s.integer(0) == 0) return std::nullopt;
  return s.integer(0);
}

void accept_invite(Connection& c, const std::string& token_hash, Id user_id, const std::string& password_hash,
                   Instant now) {
  execute(c, "UPDATE user SET password_hash = ? WHERE id = ?", password_hash, user_id);
  execute(c, "UPDATE invite SET used_at = ? WHERE token_hash = ?", now, token_hash);
}

}  // namespace handoff::server
