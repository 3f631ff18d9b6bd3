// store_workspace.h — a workspace's own rows in SQLite: its settings and brand, and its
// files (project files and workspace files such as the logo; the bytes live in the file
// store, file_store.h, by SHA-256).
//
// Contract: each function says what it reads or writes, what it returns and its edge
// cases. Writes that must be atomic with others run inside the caller's Transaction.
// Failures throw DbError (db.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "handoff/audit.h"
#include "handoff/model.h"

#include "db.h"

namespace handoff::server {

// The workspace row with its storage use.
struct WorkspaceRow {
  Id id = 0;
  std::string name;
  WorkspaceSettings settings;  // currency, tax, terms, invoice numbering
  std::string brand_colour;
  Id logo_file_id = 0;  // 0: no logo
  std::int64_t storage_quota_bytes = 0;
  std::int64_t storage_used_bytes = 0;  // sum of the sizes of its file rows
};

// Workspace `workspace_id`, or nullopt when there is none.
std::optional<WorkspaceRow> load_workspace(Connection& c, Id workspace_id);

// True when `workspace_id` has at least one invoice (of any status).
bool workspace_has_invoices(Connection& c, Id workspace_id);

// Writes the invoicing settings of `s` (currency, tax, payment terms, prefix, digits)
// to `workspace_id`. A missing workspace is a no-op.
void save_settings(Connection& c, Id workspace_id, const WorkspaceSettings& s);
// Each sets one column of `workspace_id`; a missing workspace is a no-op.
void set_workspace_name(Connection& c, Id workspace_id, const std::string& name);
void set_brand_colour(Connection& c, Id workspace_id, const std::string& colour);
void set_logo_file(Connection& c, Id workspace_id, Id file_id);  // 0 removes the logo
void set_storage_quota(Connection& c, Id workspace_id, std::int64_t bytes);

// The last invoice number's sequence `workspace_id` issued (0 before the first).
std::int64_t last_invoice_sequence(Connection& c, Id workspace_id);

// [SECTION] Files

// One file row.
struct FileRow {
  Id id = 0;
  Id project_id = 0;  // 0: a workspace file (the logo)
  std::string name;
  std::string sha256;
  std::int64_t size = 0;
  Id uploaded_by = 0;
  Instant created_at = 0;
};

// The files of `project_id`, newest (highest id) first.
std::vector<FileRow> project_files(Connection& c, Id project_id);

// File `file_id` if it belongs to `workspace_id` (project or workspace file); else nullopt.
std::optional<FileRow> workspace_file(Connection& c, Id workspace_id, Id file_id);

// True when `file_id` is a workspace file of `workspace_id` (not a project's file).
bool is_workspace_level_file(Connection& c, Id workspace_id, Id file_id);

// Name, hash and size of file `file_id` if it belongs to project `project_id`; else nullopt.
std::optional<FileRef> project_file_ref(Connection& c, Id project_id, Id file_id);

// How much `workspace_id` may store and has stored, in bytes ({0, 0} when it is missing).
struct StorageUse {
  std::int64_t quota = 0;
  std::int64_t used = 0;
};
StorageUse storage_use(Connection& c, Id workspace_id);

// Adds a file row of `workspace_id` (under `project_id`, or the workspace's own when 0)
// with the next free id; returns that id. The blob must already be in the file store.
Id insert_file(Connection& c, Id workspace_id, Id project_id, const std::string& sha256, const std::string& name,
               std::int64_t size, Id uploaded_by, Instant now);

// Every file row of `workspace_id` in id order, as the audit check wants them (only id,
// name and sha256 filled; hash_stored_files fills the rest).
std::vector<StoredFile> stored_files(Connection& c, Id workspace_id);

}  // namespace handoff::server
