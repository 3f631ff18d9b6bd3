// db.h — SQLite for the server: connections, statements, transactions, migrations.
//
// One data directory holds `handoff.db`. Every connection runs in WAL mode with foreign
// keys on and a busy timeout. Connections are pooled (one per concurrent request);
// writes go through Transaction, which starts with BEGIN IMMEDIATE so two writers never
// deadlock on a read-to-write upgrade. Schema changes are numbered migrations applied
// at start-up, each in its own transaction, recorded in PRAGMA user_version.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace handoff::server {

// Thrown for SQLite failures. Handlers let it reach the exception handler (500): a
// failed statement inside a Transaction rolls the whole change back.
struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by 1-based index. Returns *this for chaining.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);

  // Advances; true while a row is available, false when done. Throws DbError on error.
  bool step();
  // Runs to completion (for statements without rows).
  void run();

  std::int64_t integer(int column) const;
  std::string text(int column) const;  // NULL reads as ""
  bool is_null(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

inline void bind_value(Statement& s, int i, std::int64_t v) { s.bind(i, v); }
inline void bind_value(Statement& s, int i, int v) { s.bind(i, static_cast<std::int64_t>(v)); }
inline void bind_value(Statement& s, int i, bool v) { s.bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
inline void bind_value(Statement& s, int i, std::string_view v) { s.bind(i, v); }
inline void bind_value(Statement& s, int i, const std::string& v) { s.bind(i, std::string_view(v)); }
inline void bind_value(Statement& s, int i, const char* v) { s.bind(i, std::string_view(v)); }

class Connection {
 public:
  // Opens (creating if needed) the database at `path` and applies the connection pragmas.
  // When `generation` is given, every commit on this connection increments it once the
  // commit is visible to readers (see Database::generation()).
  explicit Connection(const std::string& path, std::atomic<std::uint64_t>* generation = nullptr);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(std::string_view sql);  // one or more statements, no results
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  std::int64_t last_insert_id() const;
  int changes() const;
  sqlite3* raw() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// How hard a commit must try to survive. WAL with synchronous=NORMAL survives a process
// crash; `full` also survives power loss (approvals, invoices, payments: TOOLCHAIN.md).
enum class Durability { normal, full };

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() ran.
class Transaction {
 public:
  explicit Transaction(Connection& c, Durability d = Durability::normal);
  ~Transaction();
  void commit();

 private:
  Connection& c_;
  Durability durability_;
  bool done_ = false;
};

// A read-only snapshot: every read inside sees the database as of its first read, and
// writers are never blocked (BEGIN DEFERRED in WAL mode). Ends when destroyed.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& c);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Connection& c_;
};

// Binds each argument in order (1-based) and runs `sql` to completion.
// Accepts integers, bools, strings and string_views.
template <class... Args>
void execute(Connection& c, std::string_view sql, const Args&... args) {
  Statement s = c.prepare(sql);
  int i = 0;
  (bind_value(s, ++i, args), ...);
  s.run();
}

// A fixed set of connections handed out one per request.
class Database {
 public:
  // Opens `size` connections to `path` and applies pending migrations (throws DbError).
  Database(const std::string& path, int size);

  class Lease {
   public:
    Lease(Database& db, std::unique_ptr<Connection> c) : db_(db), c_(std::move(c)) {}
    ~Lease() { db_.release(std::move(c_)); }
    Lease(const Lease&) = delete;
    Connection* operator->() { return c_.get(); }
    Connection& operator*() { return *c_; }

   private:
    Database& db_;
    std::unique_ptr<Connection> c_;
  };

  // Blocks until a connection is free.
  Lease acquire();
  // Schema version after migrations (number of migrations applied).
  int schema_version();

  // Increases after every committed write (of any connection of this Database), once the
  // commit is visible. A value read *before* reading data proves the data is at least
  // that fresh: caches keyed by it are never served stale (server/cache.h).
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  void release(std::unique_ptr<Connection> c);
  std::atomic<std::uint64_t> generation_{1};
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> free_;
};

// The numbered migrations; index i holds the SQL that moves user_version i -> i+1.
// Keep in sync: append only; never edit a migration that has shipped.
const std::vector<std::string_view>& migrations();

}  // namespace handoff::server
