// Workspace settings, brand and files (contracts: store_workspace.h).
#include "store_workspace.h"

#include "store.h"

namespace handoff::server {

std::optional<WorkspaceRow> load_workspace(Connection& c, Id workspace_id) {
  Statement s = c.prepare(
      "SELECT id, name, currency, tax_basis_points, payment_terms_days, invoice_prefix, invoice_number_digits, "
      "brand_colour, IFNULL(logo_file_id, 0), storage_quota_bytes, "
      "(SELECT IFNULL(sum(size), 0) FROM file WHERE workspace_id = workspace.id) FROM workspace WHERE id = ?");
  s.bind(1, workspace_id);
  if (!s.step()) return std::nullopt;
  WorkspaceRow w;
  w.id = s.integer(0);
  w.name = s.text(1);
  w.settings.currency = s.text(2);
  w.settings.tax_basis_points = static_cast<int>(s.integer(3));
  w.settings.payment_terms_days = static_cast<int>(s.integer(4));
  w.settings.invoice_prefix = s.text(5);
  w.settings.invoice_number_digits = static_cast<int>(s.integer(6));
  w.brand_colour = s.text(7);
  w.logo_file_id = s.integer(8);
  w.storage_quota_bytes = s.integer(9);
  w.storage_used_bytes = s.integer(10);
  return w;
}

bool workspace_has_invoices(Connection& c, Id workspace_id) {
  Statement s = c.prepare("SELECT 1 FROM invoice WHERE workspace_id = ? LIMIT 1");
  s.bind(1, workspace_id);
  return s.step();
}

void save_settings(Connection& c, Id workspace_id, const WorkspaceSettings& s) {
  execute(c,
          "UPDATE workspace SET currency = ?, tax_basis_points = ?, payment_terms_days = ?, invoice_prefix = ?, "
          "invoice_number_digits = ? WHERE id = ?",
          s.currency, s.tax_basis_points, s.payment_terms_days, s.invoice_prefix, s.invoice_number_digits,
          workspace_id);
}

void set_workspace_name(Connection& c, Id workspace_id, const std::string& name) {
  execute(c, "UPDATE workspace SET name = ? WHERE id = ?", name, workspace_id);
}

void set_brand_colour(Connection& c, Id workspace_id, const std::string& colour) {
  execute(c, "UPDATE workspace SET brand_colour = ? WHERE id = ?", colour, workspace_id);
}

void set_logo_file(Connection& c, Id workspace_id, Id file_id) {
  execute(c, "UPDATE workspace SET logo_file_id = NULLIF(?, 0) WHERE id = ?", file_id, workspace_id);
}

void set_storage_quota(Connection& c, Id workspace_id, std::int64_t bytes) {
  execute(c, "UPDATE workspace SET storage_quota_bytes = ? WHERE id = ?", bytes, workspace_id);
}

std::int64_t last_invoice_sequence(Connection& c, Id workspace_id) {
  Statement s = c.prepare("SELECT last_invoice_sequence FROM workspace WHERE id = ?");
  s.bind(1, workspace_id);
  s.step();
  return s.integer(0);
}

std::vector<FileRow> project_files(Connection& c, Id project_id) {
  Statement s = c.prepare(
      "SELECT id, name, sha256, size, uploaded_by, created_at FROM file WHERE project_id = ? ORDER BY id DESC");
  s.bind(1, project_id);
  std::vector<FileRow> out;
  while (s.step()) out.push_back({s.integer(0), project_id, s.text(1), s.text(2), s.integer(3), s.integer(4), s.integer(5)});
  return out;
}

std::optional<FileRow> workspace_file(Connection& c, Id workspace_id, Id file_id) {
  Statement s = c.prepare(
      "SELECT IFNULL(project_id, 0), name, sha256, size, IFNULL(uploaded_by, 0), created_at FROM file "
      "WHERE id = ? AND workspace_id = ?");
  s.bind(1, file_id).bind(2, workspace_id);
  if (!s.step()) return std::nullopt;
  return FileRow{file_id, s.integer(0), s.text(1), s.text(2), s.integer(3), s.integer(4), s.integer(5)};
}

bool is_workspace_level_file(Connection& c, Id workspace_id, Id file_id) {
  Statement s = c.prepare("SELECT 1 FROM file WHERE id = ? AND workspace_id = ? AND project_id IS NULL");
  s.bind(1, file_id).bind(2, workspace_id);
  return s.step();
}

std::optional<FileRef> project_file_ref(Connection& c, Id project_id, Id file_id) {
  Statement s = c.prepare("SELECT name, sha256, size FROM file WHERE id = ? AND project_id = ?");
  s.bind(1, file_id).bind(2, project_id);
  if (!s.step()) return std::nullopt;
  return FileRef{s.text(0), s.text(1), s.integer(2)};
}

StorageUse storage_use(Connection& c, Id workspace_id) {
  Statement s = c.prepare(
      "SELECT storage_quota_bytes, (SELECT IFNULL(sum(size), 0) FROM file WHERE workspace_id = ?) FROM workspace "
      "WHERE id = ?");
  s.bind(1, workspace_id).bind(2, workspace_id);
  s.step();
  return {s.integer(0), s.integer(1)};
}

Id insert_file(Connection& c, Id workspace_id, Id project_id, const std::string& sha256, const std::string& name,
               std::int64_t size, Id uploaded_by, Instant now) {
  const Id id = next_id(c, "file");
  execute(c,
          "INSERT INTO file(id, workspace_id, project_id, sha256, name, size, uploaded_by, created_at) "
          "VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?)",
          id, workspace_id, project_id, sha256, name, size, uploaded_by, now);
  return id;
}

std::vector<StoredFile> stored_files(Connection& c, Id workspace_id) {
  std::vector<StoredFile> out;
  Statement s = c.prepare("SELECT id, name, sha256 FROM file WHERE workspace_id = ? ORDER BY id");
  s.bind(1, workspace_id);
  while (s.step()) out.push_back({s.integer(0), s.text(1), s.text(2), false, ""});
  return out;
}

}  // namespace handoff::server
