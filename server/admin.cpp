#include "admin.h"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>

#include "handoff/credentials.h"

#include "auth.h"
#include "db.h"
#include "store.h"

namespace handoff::server {

namespace fs = std::filesystem;

int backup_data_dir(const std::string& data_dir, const std::string& target_dir) {
  const fs::path source_db = fs::path(data_dir) / "handoff.db";
  const fs::path target_db = fs::path(target_dir) / "handoff.db";
  if (!fs::exists(source_db)) {
    std::fprintf(stderr, "backup: no database at %s\n", source_db.c_str());
    return 1;
  }
  if (fs::exists(target_db)) {
    std::fprintf(stderr, "backup: %s already exists; choose an empty directory\n", target_db.c_str());
    return 1;
  }
  fs::create_directories(target_dir);
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  int rc = sqlite3_open_v2(source_db.c_str(), &src, SQLITE_OPEN_READONLY, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_open_v2(target_db.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_busy_timeout(src, 5000);
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
      rc = sqlite3_errcode(dst);
    } else {
      // Copy in steps so a running server's writers are never blocked for long; a write
      // between steps restarts the copy from that source, so the result is consistent.
      do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      rc = sqlite3_backup_finish(b);
    }
  }
  if (rc != SQLITE_OK) {
    std::fprintf(stderr, "backup: %s\n", sqlite3_errmsg(dst ? dst : src));
    sqlite3_close(src);
    sqlite3_close(dst);
    return 1;
  }
  sqlite3_close(src);
  sqlite3_close(dst);
  // Blobs are immutable and written atomically (rename), so copying them live is safe.
  std::size_t blobs = 0;
  const fs::path files = fs::path(data_dir) / "files";
  if (fs::exists(files)) {
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(files)) {
      if (!e.is_regular_file() || e.path().parent_path().filename() == "tmp") continue;
      const fs::path to = fs::path(target_dir) / fs::relative(e.path(), data_dir);
      fs::create_directories(to.parent_path());
      fs::copy_file(e.path(), to, fs::copy_options::skip_existing);
      ++blobs;
    }
  }
  std::printf("Backup written to %s (database + %zu stored files).\n", fs::absolute(target_dir).c_str(), blobs);
  return 0;
}

int create_workspace(const std::string& data_dir, const std::string& name, const std::string& email_in,
                     const std::string& password, long long now) {
  const std::optional<std::string> email = normalize_email(email_in);
  if (!email) {
    std::fprintf(stderr, "create-workspace: '%s' is not an email address\n", email_in.c_str());
    return 1;
  }
  if (auto problem = password_problem(password)) {
    std::fprintf(stderr, "create-workspace: password: %s\n", problem->c_str());
    return 1;
  }
  if (name.empty() || name.size() > 200) {
    std::fprintf(stderr, "create-workspace: the name must have 1 to 200 characters\n");
    return 1;
  }
  fs::create_directories(data_dir);
  Database db(data_dir + "/handoff.db", 1);
  Database::Lease c = db.acquire();
  Transaction tx(*c);
  execute(*c, "INSERT INTO workspace(name, created_at) VALUES (?, ?)", name, static_cast<std::int64_t>(now));
  const std::int64_t workspace_id = c->last_insert_id();
  execute(*c,
          "INSERT INTO user(id, workspace_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, 'Owner', 'owner', ?, ?)",
          next_id(*c, "user"), workspace_id, *email, hash_password(password), static_cast<std::int64_t>(now));
  tx.commit();
  std::printf("Created workspace %lld '%s' with owner %s.\n", static_cast<long long>(workspace_id), name.c_str(),
              email->c_str());
  return 0;
}

}  // namespace handoff::server
