// store_plan.h — the rows around engagements that are not part of one (store.h loads
// those): clients, the list of projects, project rows themselves, task comments, and the
// workspace-wide lists of invoices and payments.
//
// Contract: each function says what it reads or writes, what it returns and its edge
// cases. Writes that must be atomic with others run inside the caller's Transaction.
// Failures throw DbError (db.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "handoff/model.h"

#include "db.h"

namespace handoff::server {

// [SECTION] Clients

struct ClientRow {
  Id id = 0;
  std::string name;
  ClientStatus status = ClientStatus::lead;
  Instant created_at = 0;
};

// The clients of `workspace_id`, by name then id.
std::vector<ClientRow> workspace_clients(Connection& c, Id workspace_id);
// Client `client_id` if it belongs to `workspace_id`; nullopt otherwise (also for 0).
std::optional<ClientRow> workspace_client(Connection& c, Id workspace_id, Id client_id);
// Adds a client with the next free id; returns that id.
Id insert_client(Connection& c, Id workspace_id, const std::string& name, ClientStatus status, Instant now);
// Changes what is given of client `client_id`'s name and status (nothing when both are
// empty). A missing client is a no-op.
void update_client(Connection& c, Id client_id, const std::optional<std::string>& name,
                   std::optional<ClientStatus> status);
// Moves client `client_id` from lead to active (its first project); no-op in any other status.
void activate_lead_client(Connection& c, Id client_id);

// [SECTION] Projects

// Ids of the projects of `workspace_id`, in id order: all of them, or only client
// `client_id`'s when it is given.
std::vector<Id> project_ids(Connection& c, Id workspace_id, std::optional<Id> client_id = std::nullopt);
// Ids of the projects of `workspace_id` that are not closed, in id order.
std::vector<Id> open_project_ids(Connection& c, Id workspace_id);
// Adds a project with the next free id; returns that id. The client must exist.
Id insert_project(Connection& c, Id workspace_id, Id client_id, const std::string& name, ProjectStatus status,
                  Instant now);
// Changes what is given of project `project_id`'s name and status. A missing project is a no-op.
void update_project(Connection& c, Id project_id, const std::optional<std::string>& name,
                    std::optional<ProjectStatus> status);

// [SECTION] Comments

struct CommentRow {
  Id id = 0;
  Id user_id = 0;
  std::string user_name;  // the author's current name
  std::string body;
  Instant created_at = 0;
};

// The comments on task `task_id`, oldest first.
std::vector<CommentRow> task_comments(Connection& c, Id task_id);
// Adds a comment with the next free id; returns that id.
Id insert_comment(Connection& c, Id task_id, Id user_id, const std::string& body, Instant now);

// [SECTION] Invoices and payments across projects

// An invoice as the invoice list shows it: the facts, not what they mean (balance_minor
// and is_overdue in the core decide that).
struct InvoiceListRow {
  Id id = 0;
  Id project_id = 0;
  std::string project_name;
  std::string number;
  std::string currency;
  InvoiceStatus status = InvoiceStatus::draft;
  Instant created_at = 0;
  Instant sent_at = 0;
  Instant due_at = 0;
  std::int64_t total_minor = 0;
  std::int64_t paid_minor = 0;
};

// The invoices of `workspace_id`, newest first: all of them, or, when `client_id` is
// given, that client's invoices that are not drafts.
std::vector<InvoiceListRow> invoice_list(Connection& c, Id workspace_id, std::optional<Id> client_id);

// The payment of invoice `invoice_id` recorded with `idempotency_key`, or nullopt.
std::optional<Id> payment_by_idempotency_key(Connection& c, Id invoice_id, const std::string& idempotency_key);

}  // namespace handoff::server
