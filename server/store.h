// store.h — the engagement model in SQLite: who is asking, what they may see, loading an
// Engagement, and writing back exactly what a core rule changed.
//
// A mutating handler reads:
//   Transaction tx(*c, Durability::full);          // BEGIN IMMEDIATE
//   Engagement before = load_engagement(*c, project);
//   Result<Engagement> after = some_rule(before, caller.actor(), ...);
//   if (!after.ok()) return send_core_error(res, after.error());   // rolls back
//   save_changes(*c, project, before, after.value(), ...);
//   tx.commit();
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handoff/audit.h"
#include "handoff/model.h"

#include "db.h"

namespace handoff::server {

// The logged-in user behind a request.
struct Caller {
  Id user_id = 0;
  Id workspace_id = 0;
  Role role = Role::client;
  Id client_id = 0;  // client users only
  std::string name;
  std::string email;
  Instant session_expires_at = 0;
  Actor actor() const { return Actor{user_id, role, client_id, name}; }
};

struct ProjectRow {
  Id id = 0;
  Id workspace_id = 0;
  Id client_id = 0;
  std::string name;
  ProjectStatus status = ProjectStatus::onboarding;
  Instant created_at = 0;
};

// The project if `caller` may see it: same workspace, and for client users their own
// client's. nullopt otherwise (the route answers 404 either way: never reveal existence).
std::optional<ProjectRow> visible_project(Connection& c, const Caller& caller, Id project_id);

// The project id owning row `id` of `table` (one of: milestone, task, deliverable,
// time_entry, timesheet, authorisation, invoice, approval, file), or nullopt.
std::optional<Id> project_of(Connection& c, std::string_view table, Id id);

WorkspaceSettings load_settings(Connection& c, Id workspace_id);

// Every row of the project the rules look at, in id order.
Engagement load_engagement(Connection& c, const ProjectRow& project);

// Extra facts a save needs that the model does not carry.
struct SaveContext {
  Id actor_user_id = 0;
  Instant now = 0;
  std::string idempotency_key;  // for new payments
};

// Writes every difference between `before` and `after` (both of `project`), and appends
// audit events for new approvals, sent or voided invoices and new payments. Must run
// inside a Transaction. Deleting records is not something any rule does; it asserts so.
void save_changes(Connection& c, const ProjectRow& project, const Engagement& before, const Engagement& after,
                  const SaveContext& ctx);

// The next free id of `table` (max + 1). Safe inside a BEGIN IMMEDIATE transaction.
Id next_id(Connection& c, std::string_view table);

// Seals `e` after the workspace's last event and stores it; returns the sealed event.
AuditEvent append_audit(Connection& c, Id workspace_id, AuditEvent e);
// The workspace's whole chain in order.
std::vector<AuditEvent> load_chain(Connection& c, Id workspace_id);
// The (seq, hash) of the first event sealing `subject` ("invoice:7"), or nullopt.
std::optional<ChainHead> first_seal(Connection& c, Id workspace_id, const std::string& subject);
// The head the workspace recorded beside its chain (append_audit keeps it); {0, ""} when
// nothing was ever sealed.
ChainHead recorded_head(Connection& c, Id workspace_id);

}  // namespace handoff::server
