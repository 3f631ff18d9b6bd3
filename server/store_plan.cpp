// Clients, projects, comments, invoice lists (contracts: store_plan.h).
#include "store_plan.h"

#include "handoff/names.h"

#include "store.h"

namespace handoff::server {

namespace {

ClientRow client_row(Statement& s) {
  return {s.integer(0), s.text(1), parse_name<ClientStatus>(s.text(2)).value_or(ClientStatus::lead), s.integer(3)};
}

std::vector<Id> ids(Statement& s) {
  std::vector<Id> out;
  while (s.step()) out.push_back(s.integer(0));
  return out;
}

}  // namespace

std::vector<ClientRow> workspace_clients(Connection& c, Id workspace_id) {
  Statement s = c.prepare("SELECT id, name, status, created_at FROM client WHERE workspace_id = ? ORDER BY name, id");
  s.bind(1, workspace_id);
  std::vector<ClientRow> out;
  while (s.step()) out.push_back(client_row(s));
  return out;
}

std::optional<ClientRow> workspace_client(Connection& c, Id workspace_id, Id client_id) {
  Statement s = c.prepare("SELECT id, name, status, created_at FROM client WHERE id = ? AND workspace_id = ?");
  s.bind(1, client_id).bind(2, workspace_id);
  if (!s.step()) return std::nullopt;
  return client_row(s);
}

Id insert_client(Connection& c, Id workspace_id, const std::string& name, ClientStatus status, Instant now) {
  const Id id = next_id(c, "client");
  execute(c, "INSERT INTO client(id, workspace_id, name, status, created_at) VALUES (?, ?, ?, ?, ?)", id,
          workspace_id, name, name_of(status), now);
  return id;
}

void update_client(Connection& c, Id client_id, const std::optional<std::string>& name,
                   std::optional<ClientStatus> status) {
  if (name) execute(c, "UPDATE client SET name = ? WHERE id = ?", *name, client_id);
  if (status) execute(c, "UPDATE client SET status = ? WHERE id = ?", name_of(*status), client_id);
}

void activate_lead_client(Connection& c, Id client_id) {
  execute(c, "UPDATE client SET status = 'active' WHERE id = ? AND status = 'lead'", client_id);
}

std::vector<Id> project_ids(Connection& c, Id workspace_id, std::optional<Id> client_id) {
  Statement s = c.prepare(
      "SELECT p.id FROM project p WHERE p.workspace_id = ? AND (? = 0 OR p.client_id = ?) ORDER BY p.id");
  s.bind(1, workspace_id).bind(2, client_id ? 1 : 0).bind(3, client_id.value_or(0));
  return ids(s);
}

std::vector<Id> open_project_ids(Connection& c, Id workspace_id) {
  Statement s = c.prepare("SELECT id FROM project WHERE workspace_id = ? AND status != 'closed' ORDER BY id");
  s.bind(1, workspace_id);
  return ids(s);
}

Id insert_project(Connection& c, Id workspace_id, Id client_id, const std::string& name, ProjectStatus status,
                  Instant now) {
  const Id id = next_id(c, "project");
  execute(c, "INSERT INTO project(id, workspace_id, client_id, name, status, created_at) VALUES (?, ?, ?, ?, ?, ?)",
          id, workspace_id, client_id, name, name_of(status), now);
  return id;
}

void update_project(Connection& c, Id project_id, const std::optional<std::string>& name,
                    std::optional<ProjectStatus> status) {
  if (name) execute(c, "UPDATE project SET name = ? WHERE id = ?", *name, project_id);
  if (status) execute(c, "UPDATE project SET status = ? WHERE id = ?", name_of(*status), project_id);
}

std::vector<CommentRow> task_comments(Connection& c, Id task_id) {
  Statement s = c.prepare(
      "SELECT cm.id, cm.user_id, u.name, cm.body, cm.created_at FROM comment cm JOIN user u ON u.id = cm.user_id "
      "WHERE cm.task_id = ? ORDER BY cm.id");
  s.bind(1, task_id);
  std::vector<CommentRow> out;
  while (s.step()) out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), s.integer(4)});
  return out;
}

Id insert_comment(Connection& c, Id task_id, Id user_id, const std::string& body, Instant now) {
  const Id id = next_id(c, "comment");
  execute(c, "INSERT INTO comment(id, task_id, user_id, body, created_at) VALUES (?, ?, ?, ?, ?)", id, task_id,
          user_id, body, now);
  return id;
}

std::vector<InvoiceListRow> invoice_list(Connection& c, Id workspace_id, std::optional<Id> client_id) {
  Statement s = c.prepare(
      "SELECT i.id, i.project_id, p.name, i.number, i.currency, i.status, i.created_at, i.sent_at, i.due_at, "
      "i.total_minor, i.paid_minor FROM invoice i JOIN project p ON p.id = i.project_id "
      "WHERE i.workspace_id = ? AND (? = 0 OR (p.client_id = ? AND i.status != 'draft')) ORDER BY i.id DESC");
  s.bind(1, workspace_id).bind(2, client_id ? 1 : 0).bind(3, client_id.value_or(0));
  std::vector<InvoiceListRow> out;
  while (s.step()) {
    out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4),
                   parse_name<InvoiceStatus>(s.text(5)).value_or(InvoiceStatus::draft), s.integer(6), s.integer(7),
                   s.integer(8), s.integer(9), s.integer(10)});
  }
  return out;
}

std::optional<Id> payment_by_idempotency_key(Connection& c, Id invoice_id, const std::string& idempotency_key) {
  Statement s = c.prepare("SELECT id FROM payment WHERE invoice_id = ? AND idempotency_key = ?");
  s.bind(1, invoice_id).bind(2, idempotency_key);
  if (!s.step()) return std::nullopt;
  return s.integer(0);
}

}  // namespace handoff::server
