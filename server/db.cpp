#include "db.h"

#include <sqlite3.h>

namespace handoff::server {

namespace {
[[noreturn]] void fail(sqlite3* db, const char* what) {
  throw DbError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}
}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
    fail(db, "prepare");
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
    fail(db_, "bind");
  }
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  if (sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
    fail(db_, "bind");
  }
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "step");
}

void Statement::run() {
  while (step()) {
  }
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

namespace {
// sqlite3_wal_hook runs after a commit in WAL mode, once the write lock is released: the
// commit is visible. Installing it replaces SQLite's auto-checkpoint hook, so this does
// the same passive checkpoint at the default threshold of 1000 pages.
int on_wal_commit(void* generation, sqlite3* db, const char*, int pages) {
  static_cast<std::atomic<std::uint64_t>*>(generation)->fetch_add(1, std::memory_order_acq_rel);
  if (pages >= 1000) sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  return SQLITE_OK;
}
}  // namespace

Connection::Connection(const std::string& path, std::atomic<std::uint64_t>* generation) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw DbError("open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  if (generation) sqlite3_wal_hook(db_, on_wal_commit, generation);
}

Connection::~Connection() { sqlite3_close(db_); }

void Connection::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw DbError("exec: " + msg);
  }
}

std::int64_t Connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Connection::changes() const { return sqlite3_changes(db_); }

Transaction::Transaction(Connection& c, Durability d) : c_(c), durability_(d) {
  if (durability_ == Durability::full) c_.exec("PRAGMA synchronous=FULL");
  c_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  try {
    if (!done_) c_.exec("ROLLBACK");
  } catch (const DbError&) {
    // Already rolled back by SQLite (e.g. after SQLITE_FULL).
  }
  try {
    if (durability_ == Durability::full) c_.exec("PRAGMA synchronous=NORMAL");
  } catch (const DbError&) {
  }
}

void Transaction::commit() {
  c_.exec("COMMIT");
  done_ = true;
}

ReadSnapshot::ReadSnapshot(Connection& c) : c_(c) { c_.exec("BEGIN DEFERRED"); }

ReadSnapshot::~ReadSnapshot() {
  try {
    c_.exec("COMMIT");
  } catch (const DbError&) {
    try {
      c_.exec("ROLLBACK");  // nothing was written: ending it any way is fine
    } catch (const DbError&) {
    }
  }
}

Database::Database(const std::string& path, int size) {
  auto first = std::make_unique<Connection>(path, &generation_);
  const auto& list = migrations();
  int version = 0;
  {
    Statement s = first->prepare("PRAGMA user_version");
    if (s.step()) version = static_cast<int>(s.integer(0));
  }
  if (version > static_cast<int>(list.size())) {
    throw DbError("the database schema (" + std::to_string(version) +
                  ") is newer than this server (" + std::to_string(list.size()) + ")");
  }
  for (int v = version; v < static_cast<int>(list.size()); ++v) {
    const std::string_view sql = list[static_cast<std::size_t>(v)];
    // A migration that rebuilds a table others refer to runs with foreign keys off (the
    // pragma cannot change inside a transaction), and must leave no dangling reference.
    const bool keys_off = sql.starts_with("-- foreign_keys: off");
    if (keys_off) first->exec("PRAGMA foreign_keys=OFF");
    Transaction tx(*first);
    first->exec(sql);
    if (keys_off) {
      Statement check = first->prepare("PRAGMA foreign_key_check");
      if (check.step()) throw DbError("migration " + std::to_string(v + 1) + " left a dangling reference in " + check.text(0));
    }
    first->exec("PRAGMA user_version=" + std::to_string(v + 1));
    tx.commit();
    if (keys_off) first->exec("PRAGMA foreign_keys=ON");
  }
  free_.push_back(std::move(first));
  for (int i = 1; i < size; ++i) free_.push_back(std::make_unique<Connection>(path, &generation_));
}

Database::Lease Database::acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  available_.wait(lock, [&] { return !free_.empty(); });
  auto c = std::move(free_.back());
  free_.pop_back();
  return Lease(*this, std::move(c));
}

void Database::release(std::unique_ptr<Connection> c) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(c));
  }
  available_.notify_one();
}

int Database::schema_version() {
  Lease c = acquire();
  Statement s = c->prepare("PRAGMA user_version");
  return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

}  // namespace handoff::server
