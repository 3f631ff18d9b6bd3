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
      // 2: the engagement model (shared/handoff/model.h), files, invites, the audit chain.
      R"sql(
ALTER TABLE workspace ADD COLUMN tax_basis_points INTEGER NOT NULL DEFAULT 0 CHECK (tax_basis_points BETWEEN 0 AND 10000);
ALTER TABLE workspace ADD COLUMN payment_terms_days INTEGER NOT NULL DEFAULT 14 CHECK (payment_terms_days BETWEEN 0 AND 365);
ALTER TABLE workspace ADD COLUMN invoice_prefix TEXT NOT NULL DEFAULT 'INV-';
ALTER TABLE workspace ADD COLUMN invoice_number_digits INTEGER NOT NULL DEFAULT 4 CHECK (invoice_number_digits BETWEEN 1 AND 12);
ALTER TABLE workspace ADD COLUMN last_invoice_sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workspace ADD COLUMN brand_colour TEXT NOT NULL DEFAULT '#2f5bea';
ALTER TABLE workspace ADD COLUMN logo_file_id INTEGER;
ALTER TABLE workspace ADD COLUMN storage_quota_bytes INTEGER NOT NULL DEFAULT 1073741824;

CREATE TABLE client (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspace(id),
  name          TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('lead', 'active', 'past')),
  created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX client_workspace ON client(workspace_id);

ALTER TABLE user ADD COLUMN client_id INTEGER REFERENCES client(id);

CREATE TABLE invite (
  token_hash  TEXT    PRIMARY KEY,  -- SHA-256 hex; the token is only in the link
  user_id     INTEGER NOT NULL REFERENCES user(id),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
) STRICT;

CREATE TABLE project (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspace(id),
  client_id     INTEGER NOT NULL REFERENCES client(id),
  name          TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('onboarding', 'active', 'delivered', 'closed')),
  created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX project_workspace ON project(workspace_id);
CREATE INDEX project_client ON project(client_id);

CREATE TABLE milestone (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES project(id),
  name          TEXT    NOT NULL,
  due           INTEGER NOT NULL,
  billing       TEXT    NOT NULL CHECK (billing IN ('fixed_fee', 'time_and_materials')),
  amount_minor  INTEGER NOT NULL CHECK (amount_minor >= 0)
) STRICT;
CREATE INDEX milestone_project ON milestone(project_id);

CREATE TABLE task (
  id                INTEGER PRIMARY KEY,
  project_id        INTEGER NOT NULL REFERENCES project(id),
  milestone_id      INTEGER REFERENCES milestone(id),
  title             TEXT    NOT NULL,
  status            TEXT    NOT NULL CHECK (status IN ('todo', 'doing', 'done')),
  client_visible    INTEGER NOT NULL CHECK (client_visible IN (0, 1)),
  assignee_user_id  INTEGER REFERENCES user(id),
  due               INTEGER NOT NULL
) STRICT;
CREATE INDEX task_project ON task(project_id);

CREATE TABLE comment (
  id          INTEGER PRIMARY KEY,
  task_id     INTEGER NOT NULL REFERENCES task(id),
  user_id     INTEGER NOT NULL REFERENCES user(id),
  body        TEXT    NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX comment_task ON comment(task_id);

-- Bytes live in the data directory's file store under their SHA-256; this is metadata.
CREATE TABLE file (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspace(id),
  project_id    INTEGER REFERENCES project(id),
  sha256        TEXT    NOT NULL CHECK (length(sha256) = 64),
  name          TEXT    NOT NULL,
  size          INTEGER NOT NULL CHECK (size >= 0),
  uploaded_by   INTEGER NOT NULL REFERENCES user(id),
  created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX file_project ON file(project_id);
CREATE INDEX file_workspace ON file(workspace_id);

CREATE TABLE deliverable (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES project(id),
  milestone_id  INTEGER NOT NULL REFERENCES milestone(id),
  name          TEXT    NOT NULL,
  review        TEXT    NOT NULL CHECK (review IN ('draft', 'in_review', 'approved', 'changes_requested'))
) STRICT;
CREATE INDEX deliverable_project ON deliverable(project_id);

CREATE TABLE qa_item (
  deliverable_id  INTEGER NOT NULL REFERENCES deliverable(id),
  position        INTEGER NOT NULL,
  text            TEXT    NOT NULL,
  done            INTEGER NOT NULL CHECK (done IN (0, 1)),
  PRIMARY KEY (deliverable_id, position)
) STRICT;

CREATE TABLE deliverable_version (
  deliverable_id  INTEGER NOT NULL REFERENCES deliverable(id),
  number          INTEGER NOT NULL,
  content_hash    TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  created_by      INTEGER NOT NULL,
  PRIMARY KEY (deliverable_id, number)
) STRICT;

CREATE TABLE version_file (
  deliverable_id  INTEGER NOT NULL,
  number          INTEGER NOT NULL,
  position        INTEGER NOT NULL,
  name            TEXT    NOT NULL,
  sha256          TEXT    NOT NULL,
  size            INTEGER NOT NULL,
  PRIMARY KEY (deliverable_id, number, position),
  FOREIGN KEY (deliverable_id, number) REFERENCES deliverable_version(deliverable_id, number)
) STRICT;

-- Immutable sign-off records (see shared/handoff/audit.h). Never updated, never deleted.
CREATE TABLE approval (
  id               INTEGER PRIMARY KEY,
  project_id       INTEGER NOT NULL REFERENCES project(id),
  subject_kind     TEXT    NOT NULL,
  subject_id       INTEGER NOT NULL,
  subject_version  INTEGER NOT NULL,
  subject_hash     TEXT    NOT NULL,
  decision         TEXT    NOT NULL,
  user_id          INTEGER NOT NULL REFERENCES user(id),
  typed_name       TEXT    NOT NULL,
  statement        TEXT    NOT NULL,
  consent          INTEGER NOT NULL,
  comment          TEXT    NOT NULL,
  at               INTEGER NOT NULL,
  ip               TEXT    NOT NULL,
  user_agent       TEXT    NOT NULL,
  record_hash      TEXT    NOT NULL
) STRICT;
CREATE INDEX approval_project ON approval(project_id);
CREATE TRIGGER approval_no_update BEFORE UPDATE ON approval
  BEGIN SELECT RAISE(ABORT, 'approvals are append-only'); END;
CREATE TRIGGER approval_no_delete BEFORE DELETE ON approval
  BEGIN SELECT RAISE(ABORT, 'approvals are append-only'); END;

-- The hash chain, one per workspace (seq 1, 2, 3 ... within it).
CREATE TABLE audit_event (
  workspace_id   INTEGER NOT NULL REFERENCES workspace(id),
  seq            INTEGER NOT NULL,
  at             INTEGER NOT NULL,
  actor_user_id  INTEGER NOT NULL,
  action         TEXT    NOT NULL,
  subject        TEXT    NOT NULL,
  payload        TEXT    NOT NULL,
  prev_hash      TEXT    NOT NULL,
  hash           TEXT    NOT NULL,
  PRIMARY KEY (workspace_id, seq)
) STRICT;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_event
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_event
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE time_entry (
  id                 INTEGER PRIMARY KEY,
  project_id         INTEGER NOT NULL REFERENCES project(id),
  user_id            INTEGER NOT NULL REFERENCES user(id),
  task_id            INTEGER REFERENCES task(id),
  started_at         INTEGER NOT NULL,
  minutes            INTEGER NOT NULL,
  hourly_rate_minor  INTEGER NOT NULL,
  billable           INTEGER NOT NULL CHECK (billable IN (0, 1)),
  note               TEXT    NOT NULL
) STRICT;
CREATE INDEX time_entry_project ON time_entry(project_id);

CREATE TABLE timesheet (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES project(id),
  period_start  INTEGER NOT NULL,
  period_end    INTEGER NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('submitted', 'approved', 'changes_requested'))
) STRICT;
CREATE INDEX timesheet_project ON timesheet(project_id);

CREATE TABLE timesheet_entry (
  timesheet_id   INTEGER NOT NULL REFERENCES timesheet(id),
  position       INTEGER NOT NULL,
  time_entry_id  INTEGER NOT NULL REFERENCES time_entry(id),
  PRIMARY KEY (timesheet_id, position)
) STRICT;

CREATE TABLE authorisation (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES project(id),
  kind           TEXT    NOT NULL CHECK (kind IN ('deposit', 'retainer')),
  description    TEXT    NOT NULL,
  amount_minor   INTEGER NOT NULL,
  proposal_hash  TEXT    NOT NULL
) STRICT;

CREATE TABLE invoice (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspace(id),
  project_id    INTEGER NOT NULL REFERENCES project(id),
  sequence      INTEGER,  -- NULL while draft; issued numbers are consecutive per workspace
  number        TEXT    NOT NULL,
  currency      TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('draft', 'sent', 'partially_paid', 'paid', 'void')),
  created_at    INTEGER NOT NULL,
  sent_at       INTEGER NOT NULL,
  due_at        INTEGER NOT NULL,
  net_minor     INTEGER NOT NULL,
  tax_minor     INTEGER NOT NULL,
  total_minor   INTEGER NOT NULL,
  paid_minor    INTEGER NOT NULL CHECK (paid_minor >= 0 AND paid_minor <= total_minor),
  UNIQUE (workspace_id, sequence)
) STRICT;
CREATE INDEX invoice_project ON invoice(project_id);
CREATE INDEX invoice_workspace_status ON invoice(workspace_id, status);

CREATE TABLE invoice_line (
  invoice_id        INTEGER NOT NULL REFERENCES invoice(id),
  position          INTEGER NOT NULL,
  kind              TEXT    NOT NULL CHECK (kind IN ('milestone', 'timesheet', 'authorisation')),
  source_id         INTEGER NOT NULL,
  description       TEXT    NOT NULL,
  currency          TEXT    NOT NULL,
  quantity_milli    INTEGER NOT NULL,
  unit_price_minor  INTEGER NOT NULL,
  tax_basis_points  INTEGER NOT NULL,
  net_minor         INTEGER NOT NULL,
  tax_minor         INTEGER NOT NULL,
  PRIMARY KEY (invoice_id, position)
) STRICT;

CREATE TABLE payment (
  id               INTEGER PRIMARY KEY,
  invoice_id       INTEGER NOT NULL REFERENCES invoice(id),
  amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
  currency         TEXT    NOT NULL,
  received_at      INTEGER NOT NULL,
  reference        TEXT    NOT NULL,
  idempotency_key  TEXT    NOT NULL,
  UNIQUE (invoice_id, idempotency_key)
) STRICT;
CREATE TRIGGER payment_no_update BEFORE UPDATE ON payment
  BEGIN SELECT RAISE(ABORT, 'payments are append-only'); END;
CREATE TRIGGER payment_no_delete BEFORE DELETE ON payment
  BEGIN SELECT RAISE(ABORT, 'payments are append-only'); END;
)sql",
      // 3: one email may have an account in several workspaces (an invite must not reveal
      // that it does elsewhere), so users are unique per workspace; the workspace records
      // its audit chain's head, so removing the newest events is noticed.
      // Rebuilds the user table (SQLite cannot drop a UNIQUE constraint): run with
      // foreign keys off, checked with foreign_key_check before commit (db.cpp).
      R"sql(-- foreign_keys: off
CREATE TABLE user_new (
  id             INTEGER PRIMARY KEY,
  workspace_id   INTEGER NOT NULL REFERENCES workspace(id),
  email          TEXT    NOT NULL,
  name           TEXT    NOT NULL,
  role           TEXT    NOT NULL CHECK (role IN ('owner', 'member', 'client')),
  password_hash  TEXT,
  created_at     INTEGER NOT NULL,
  client_id      INTEGER REFERENCES client(id),
  UNIQUE (workspace_id, email)
) STRICT;
INSERT INTO user_new(id, workspace_id, email, name, role, password_hash, created_at, client_id)
  SELECT id, workspace_id, email, name, role, password_hash, created_at, client_id FROM user;
DROP TABLE user;
ALTER TABLE user_new RENAME TO user;
CREATE INDEX user_workspace ON user(workspace_id);
CREATE INDEX user_email ON user(email);

ALTER TABLE workspace ADD COLUMN audit_head_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workspace ADD COLUMN audit_head_hash TEXT NOT NULL DEFAULT '';
UPDATE workspace SET
  audit_head_seq = IFNULL((SELECT max(seq) FROM audit_event e WHERE e.workspace_id = workspace.id), 0),
  audit_head_hash = IFNULL((SELECT hash FROM audit_event e WHERE e.workspace_id = workspace.id ORDER BY seq DESC LIMIT 1), '');
)sql",
  };
  return list;
}

}  // namespace handoff::server
