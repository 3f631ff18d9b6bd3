// The schema, as numbered migrations. Append only: a shipped migration never changes.
// Keep in sync: column names match the JSON fields in shared/handoff/wire.h.
#include "db.h"

namespace handoff::server {

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> list = {
      // 1: workspaces, users, sessions.
      R"sql(
CREATE TABLE workspace (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  currency    TEXT    NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3),
  created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE user (
  id             INTEGER PRIMARY KEY,
  workspace_id   INTEGER NOT NULL REFERENCES workspace(id),
  email          TEXT    NOT NULL UNIQUE,
  name           TEXT    NOT NULL,
  role           TEXT    NOT NULL CHECK (role IN ('owner', 'member', 'client')),
  password_hash  TEXT,
  created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX user_workspace ON user(workspace_id);

CREATE TABLE session (
  token_hash  TEXT    PRIMARY KEY,  -- SHA-256 hex of the cookie token; the token itself is never stored
  user_id     INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  ip          TEXT    NOT NULL,
  user_agent  TEXT    NOT NULL
) STRICT;
CREATE INDEX session_user ON session(user_id);
)sql",
  };
  return list;
}

}  // namespace handoff::server
