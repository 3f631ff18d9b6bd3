// admin.h — subcommands that work on a data directory: backup and create-workspace.
#pragma once

#include <string>

namespace handoff::server {

// Writes a consistent copy of `data_dir` into `target_dir` (created; must not hold a
// database yet): handoff.db through SQLite's online backup API (safe while the server
// runs), then the file store's blobs (immutable, named by hash). Returns 0 or prints why
// not and returns 1.
int backup_data_dir(const std::string& data_dir, const std::string& target_dir);

// Adds a workspace with its owner to `data_dir`'s database (another tenant of the same
// server). Returns 0 or prints why not and returns 1.
int create_workspace(const std::string& data_dir, const std::string& name, const std::string& email,
                     const std::string& password, long long now);

}  // namespace handoff::server
