// store_accounts.h — workspaces' people in SQLite: login accounts, the session behind a
// cookie, users and their one-time invites. The first workspace and its owner.
//
// Contract (as SQLite documents its functions): each function says what it reads or
// writes, what it returns, and its edge cases. Writes assume the caller holds a
// Transaction (BEGIN IMMEDIATE) when they must be atomic with other writes; reads need
// none. Failures throw DbError (db.h), which a route turns into a 500.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "handoff/model.h"

#include "db.h"
#include "store.h"

namespace handoff::server {

// One account a login may be for.
struct LoginAccount {
  Id user_id = 0;
  std::string password_hash;  // "" for an invited user who has not set a password yet
};

// Every account whose email is `email` (already normalised), oldest first; only those of
// `workspace_id` unless it is 0. Empty when there is none.
std::vector<LoginAccount> login_accounts(Connection& c, const std::string& email, Id workspace_id);

// The caller whose session has SHA-256 `token_hash` (hex) and expires after `now`, or
// nullopt for an unknown or expired session.
std::optional<Caller> caller_for_session(Connection& c, const std::string& token_hash, Instant now);

// True when the database holds no user at all (a fresh data directory).
bool no_users(Connection& c);

// Creates a workspace named "My workspace" and its owner ("Owner", `email`, with
// `password_hash`), created at `now`. Returns the owner's user id. Call inside the
// Transaction that checked no_users().
Id insert_first_owner(Connection& c, const std::string& email, const std::string& password_hash, Instant now);

// A user of a workspace as the team sees it.
struct UserRow {
  Id id = 0;
  std::string email;
  std::string name;
  Role role = Role::client;
  Id client_id = 0;           // client users only; 0 otherwise
  bool has_password = false;  // false while an invite is open
};

// Every user of `workspace_id`, in id order.
std::vector<UserRow> workspace_users(Connection& c, Id workspace_id);

// True when `workspace_id` already has a user with `email` (accounts of other workspaces
// do not count: that must not show).
bool email_taken(Connection& c, Id workspace_id, const std::string& email);

// Creates a user of `workspace_id` without a password (client_id 0: not a client user)
// and its one-time invite, stored by the SHA-256 `token_hash` of its token, valid until
// `expires_at`. Returns the new user's id. Call inside a Transaction.
Id insert_invited_user(Connection& c, Id workspace_id, const std::string& email, const std::string& name, Role role,
                       Id client_id, const std::string& token_hash, Instant now, Instant expires_at);

// The user an unused invite with SHA-256 `token_hash` is for, if it has not expired at
// `now`; nullopt otherwise.
std::optional<Id> open_invite_user(Connection& c, const std::string& token_hash, Instant now);

// Sets `user_id`'s password hash and marks the invite `token_hash` used at `now`.
// Call inside the Transaction that read open_invite_user().
void accept_invite(Connection& c, const std::string& token_hash, Id user_id, const std::string& password_hash,
                   Instant now);

}  // namespace handoff::server
